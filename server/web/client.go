package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/sshblog/sshblog/internal/peraddr"
)

// clientAddr is where a request comes from: the connection's address, or,
// when that is one of the trusted proxies, the nearest address in
// X-Forwarded-For that is not, counted as the SSH side counts it
// (peraddr.Source).
func (s *Site) clientAddr(r *http.Request) netip.Addr {
	addr := remoteAddr(r.RemoteAddr)
	if s.trusted(addr) {
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break // a garbled hop: trust nothing before it
			}
			addr = hop.Unmap()
			if !s.trusted(addr) {
				break
			}
		}
	}
	return peraddr.Source(addr)
}

func (s *Site) trusted(addr netip.Addr) bool { return peraddr.Trusted(s.cfg.TrustedProxies, addr) }

func remoteAddr(hostport string) netip.Addr {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	addr, _ := netip.ParseAddr(host)
	return addr.Unmap()
}

func addrOf(a net.Addr) netip.Addr {
	if tcp, ok := a.(*net.TCPAddr); ok {
		return tcp.AddrPort().Addr().Unmap()
	}
	return remoteAddr(a.String())
}

// scheme is how the client reached us: X-Forwarded-Proto counts only from
// a trusted proxy.
func (s *Site) scheme(r *http.Request) string {
	if r.TLS != nil {
		return "https"
	}
	return s.forwardedScheme(r.Header.Get("X-Forwarded-Proto"), func() netip.Addr { return remoteAddr(r.RemoteAddr) })
}

// forwardedScheme is the scheme a request without TLS came by: https when
// a trusted proxy says it took it so. The header is read first: most
// requests have none, and then the address from need not be parsed on the
// way to a cached page.
func (s *Site) forwardedScheme(proto string, from func() netip.Addr) string {
	if proto == "https" && s.trusted(from()) {
		return "https"
	}
	return "http"
}

// origin is what absolute links start with: --base-url, else the
// request's scheme and host.
func (s *Site) origin(r *http.Request) string {
	if s.cfg.Blog.BaseURL != "" {
		return s.cfg.Blog.BaseURL
	}
	return s.pages.origin(s.scheme(r), r.Host)
}
