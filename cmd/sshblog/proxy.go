package main

import (
	"fmt"
	"net"
	"net/netip"
	"strings"

	proxyproto "github.com/pires/go-proxyproto"

	"github.com/sshblog/sshblog/server"
)

// prefixListValue is --proxy-protocol-from: addresses and ranges, comma
// separated; empty for none.
type prefixListValue struct{ list *[]netip.Prefix }

func (v prefixListValue) Set(s string) error {
	var list []netip.Prefix
	for entry := range strings.SplitSeq(s, ",") {
		if entry = strings.TrimSpace(entry); entry == "" {
			continue
		}
		p, err := server.ParseProxyPrefix(entry)
		if err != nil {
			return fmt.Errorf("%q: %v", entry, err)
		}
		list = append(list, p)
	}
	*v.list = list
	return nil
}

func (v prefixListValue) String() string {
	if v.list == nil {
		return ""
	}
	entries := make([]string, len(*v.list))
	for i, p := range *v.list {
		entries[i] = p.String()
	}
	return strings.Join(entries, ",")
}

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
