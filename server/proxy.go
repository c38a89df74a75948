package server

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"time"

	proxyproto "github.com/pires/go-proxyproto"

	"github.com/sshblog/sshblog/internal/peraddr"
)

// Behind a TCP load balancer every connection comes from the balancer, so
// the per-address limits, address bans and logs would all see one address.
// A balancer in Config.ProxyProtocolFrom says whose connection it relays in
// a PROXY protocol header (v1 or v2) before the SSH bytes, and the server
// takes that address as the connection's. The header is trusted from those
// addresses only: from anyone else a header is refused (else any client
// could pick the address its limits count under), and a connection from a
// trusted balancer without one is closed, so that a balancer not set to send
// headers shows at once instead of putting every reader under its address.

// proxyHeaderTimeout bounds how long a trusted balancer may take to send its
// header; HAProxy sends it with the connection.
const proxyHeaderTimeout = 5 * time.Second

// proxied is conn as the server should see it, or nil to close it: from a
// trusted balancer, with the reader's address its header gives; from anyone
// else, as it is, with a header refused when the client sends its first
// bytes. That holds with no balancer trusted too: the SSH library would skip
// a v1 header as a line before the version, and a balancer sending headers
// to a server not told to trust it would go unnoticed.
func (s *Server) proxied(conn net.Conn) net.Conn {
	if !ProxyTrusted(s.cfg.ProxyProtocolFrom, conn.RemoteAddr()) {
		return &headerRefusingConn{Conn: conn, srv: s,
			r: proxyproto.NewConn(conn, proxyproto.WithPolicy(proxyproto.REJECT), proxyproto.SetReadHeaderTimeout(0))}
	}
	pc := proxyproto.NewConn(conn, proxyproto.WithPolicy(proxyproto.REQUIRE), proxyproto.SetReadHeaderTimeout(proxyHeaderTimeout))
	if pc.ProxyHeader() == nil {
		s.proxyLog(conn.RemoteAddr(), "closed a connection from a trusted proxy that sent no valid PROXY protocol header")
		return nil
	}
	return pc
}

// ProxyTrusted reports whether a connection from addr must send a PROXY
// protocol header, given the trusted ranges.
func ProxyTrusted(trusted []netip.Prefix, addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return false
	}
	return peraddr.Trusted(trusted, tcp.AddrPort().Addr())
}

// proxyLog warns of a refused header, within the address's share of the log.
func (s *Server) proxyLog(from net.Addr, msg string) {
	ok, dropped := s.logLimit.allow(from)
	switch {
	case !ok:
	case dropped > 0:
		s.cfg.Log.Warn(msg, "remote", from.String(), "lines_left_out", dropped)
	default:
		s.cfg.Log.Warn(msg, "remote", from.String())
	}
}

// headerRefusingConn is a connection from an address that may not send a
// PROXY protocol header: its reads go through a proxyproto.Conn that fails
// on one, and everything else goes straight to the socket, so the server's
// SSH banner is not held back until the client speaks and the gate's
// deadlines stay the socket's.
type headerRefusingConn struct {
	net.Conn
	r      *proxyproto.Conn
	srv    *Server
	logged sync.Once
}

func (c *headerRefusingConn) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if errors.Is(err, proxyproto.ErrSuperfluousProxyHeader) {
		c.logged.Do(func() {
			c.srv.proxyLog(c.RemoteAddr(), "refused a PROXY protocol header from an address not in --proxy-protocol-from")
		})
	}
	return n, err
}

// ParseProxyPrefix reads one entry of a list of proxies (--proxy-protocol-from,
// --trusted-proxies): a range (10.0.0.0/8, fd00::/8) or one address, which
// is its own range. IPv4 written as IPv6 (::ffff:10.0.0.1) is taken as IPv4,
// the form connections' addresses are compared in.
func ParseProxyPrefix(s string) (netip.Prefix, error) {
	if p, err := netip.ParsePrefix(s); err == nil {
		if p.Addr().Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not an address or a range like 192.0.2.7 or 10.0.0.0/8", s)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}
