package main

import (
	"net"
	"net/netip"

	proxyproto "github.com/pires/go-proxyproto"

	"github.com/sshblog/sshblog/server"
)

// sayLocal starts conn with a PROXY v2 header saying LOCAL (a connection of
// the balancer's own, as its health checks send) when the server takes
// conn's own address for a balancer's, which must send a header.
func sayLocal(conn net.Conn, trusted []netip.Prefix) error {
	if !server.ProxyTrusted(trusted, conn.LocalAddr()) {
		return nil
	}
	_, err := (&proxyproto.Header{Version: 2, Command: proxyproto.LOCAL}).WriteTo(conn)
	return err
}
