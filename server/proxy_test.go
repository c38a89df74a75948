package server

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	proxyproto "github.com/pires/go-proxyproto"
	gossh "golang.org/x/crypto/ssh"
)

// The load balancer of these tests: the one address allowed to send PROXY
// protocol headers.
const testProxy = "127.61.0.1"

func withProxyFrom(ranges ...string) serverOption {
	return func(s *testSetup) {
		for _, r := range ranges {
			s.ProxyProtocolFrom = append(s.ProxyProtocolFrom, netip.MustParsePrefix(r))
		}
	}
}

// proxyHeader is what a balancer sends first for a reader at client, in
// PROXY protocol version 1 (text) or 2 (binary).
func proxyHeader(t *testing.T, version byte, s *Server, client string) []byte {
	t.Helper()
	src := &net.TCPAddr{IP: net.ParseIP(client), Port: 40000}
	h, err := proxyproto.HeaderProxyFromAddrs(version, src, s.Addr()).Format()
	if err != nil {
		t.Fatal(err)
	}
	if version == 1 && !strings.HasPrefix(string(h), "PROXY TCP4 "+client+" ") {
		t.Fatalf("v1 header %q", h)
	}
	return h
}

// dialThrough connects from the loopback address from, sends header (none
// if nil) and logs in with cfg, as a client behind a balancer would arrive.
func dialThrough(s *Server, from string, header []byte, cfg *gossh.ClientConfig) (*gossh.Client, error) {
	conn, err := dialTCPFrom(s, from)
	if err != nil {
		return nil, err
	}
	conn.SetDeadline(time.Now().Add(waitLong))
	if _, err := conn.Write(header); err != nil {
		conn.Close()
		return nil, err
	}
	c, chans, reqs, err := gossh.NewClientConn(conn, s.Addr().String(), cfg)
	if err != nil {
		conn.Close()
		return nil, err
	}
	conn.SetDeadline(time.Time{})
	return gossh.NewClient(c, chans, reqs), nil
}

func mustDialThrough(t *testing.T, s *Server, from string, header []byte, cfg *gossh.ClientConfig) *gossh.Client {
	t.Helper()
	c, err := dialThrough(s, from, header, cfg)
	if err != nil {
		t.Fatalf("log in from %s with a %d-byte header: %v", from, len(header), err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestProxyHeaderGivesTheReadersAddress: behind a trusted balancer, v1 and
// v2 headers give the address the log names and the limits count: two
// readers behind the same balancer each get their own burst of one
// connection, and the second connection of one of them is refused.
func TestProxyHeaderGivesTheReadersAddress(t *testing.T) {
	t.Parallel()
	logs := &logLines{}
	s := startServer(t, withLog(logs), withProxyFrom(testProxy+"/32"),
		withLimits(Limits{ConnectionRate: 1, ConnectionBurst: 1}))
	for _, v := range []byte{1, 2} {
		reader := fmt.Sprintf("127.62.%d.5", v)
		c := mustDialThrough(t, s, testProxy, proxyHeader(t, v, s, reader), keylessConfig(nil))
		if _, errOut, status := run(t, c, "ls", ""); status != 0 {
			t.Fatalf("ls through a v%d header: status %d, %s", v, status, errOut)
		}
		if want := "remote=" + reader + ":40000"; !logs.contains(want) {
			t.Fatalf("the log does not name the reader behind a v%d header (%s):\n%s", v, want, logs.buf.String())
		}
		if logs.contains("remote=" + testProxy) {
			t.Fatalf("the log names the balancer:\n%s", logs.buf.String())
		}
	}
	var banner strings.Builder
	if c, err := dialThrough(s, testProxy, proxyHeader(t, 2, s, "127.62.1.5"), keylessConfig(&banner)); err == nil {
		c.Close()
		t.Fatal("a reader's second connection behind the balancer was let in past a burst of one")
	}
	if !strings.Contains(banner.String(), "too many new connections from your address") {
		t.Fatalf("the second connection was refused with %q", banner.String())
	}
}

// TestAddressBanHoldsBehindTheBalancer: a ban of the reader's range stops
// their comments though they come through the balancer, whose address is
// not banned; a reader from elsewhere behind it still comments.
func TestAddressBanHoldsBehindTheBalancer(t *testing.T) {
	t.Parallel()
	adminKey := newKey(t)
	s := startServer(t, withOnePost(), withAdmins(adminKey), withProxyFrom(testProxy+"/32"))
	admin := dialKeyFrom(t, s, "127.63.0.1", "ann", adminKey)
	if out, errOut, status := run(t, admin, "ban 127.64.0.0/24", ""); status != 0 {
		t.Fatalf("ban: status %d\n%s%s", status, out, errOut)
	}
	banned := mustDialThrough(t, s, testProxy, proxyHeader(t, 1, s, "127.64.0.9"), clientConfig("bob", gossh.PublicKeys(newKey(t))))
	if errOut, status := commentFrom(t, banned, "through the balancer"); status == 0 || !strings.Contains(errOut, "address range is banned from commenting") {
		t.Fatalf("comment from a banned range behind the balancer: status %d, %q", status, errOut)
	}
	other := mustDialThrough(t, s, testProxy, proxyHeader(t, 2, s, "127.65.0.9"), clientConfig("carl", gossh.PublicKeys(newKey(t))))
	if errOut, status := commentFrom(t, other, "from elsewhere"); status != 0 {
		t.Fatalf("comment from outside the range behind the balancer: status %d, %s", status, errOut)
	}
}

// TestProxyHeaderOnlyFromTheBalancer: a client not in the trusted list that
// sends a header (v1 or v2) is refused and logged; without one it logs in
// under its own address. The balancer must send one: a connection from it
// without a header is closed. A v2 LOCAL header (a balancer's own health
// check) logs in under the balancer's address.
func TestProxyHeaderOnlyFromTheBalancer(t *testing.T) {
	t.Parallel()
	logs := &logLines{}
	s := startServer(t, withLog(logs), withProxyFrom(testProxy+"/32"))
	const stranger = "127.66.0.1"
	for _, v := range []byte{1, 2} {
		if c, err := dialThrough(s, stranger, proxyHeader(t, v, s, "127.67.0.1"), keylessConfig(nil)); err == nil {
			c.Close()
			t.Fatalf("a v%d header from %s, not a trusted balancer, was taken", v, stranger)
		}
	}
	if !logs.contains(`msg="refused a PROXY protocol header from an address not in --proxy-protocol-from" remote=` + stranger) {
		t.Errorf("the refused header is not logged:\n%s", logs.buf.String())
	}
	c := mustDialThrough(t, s, stranger, nil, keylessConfig(nil))
	if _, errOut, status := run(t, c, "ls", ""); status != 0 || !logs.contains("remote="+stranger) {
		t.Fatalf("a client without a header: status %d, %s\n%s", status, errOut, logs.buf.String())
	}

	if c, err := dialThrough(s, testProxy, nil, keylessConfig(nil)); err == nil {
		c.Close()
		t.Fatal("a connection from the balancer without a header was let in")
	}
	if !logs.contains(`msg="closed a connection from a trusted proxy that sent no valid PROXY protocol header" remote=` + testProxy) {
		t.Errorf("the missing header is not logged:\n%s", logs.buf.String())
	}
	local, err := (&proxyproto.Header{Version: 2, Command: proxyproto.LOCAL}).Format()
	if err != nil {
		t.Fatal(err)
	}
	c = mustDialThrough(t, s, testProxy, local, keylessConfig(nil))
	if _, errOut, status := run(t, c, "ls", ""); status != 0 || !logs.contains("remote="+testProxy) {
		t.Fatalf("the balancer's own connection (LOCAL): status %d, %s\n%s", status, errOut, logs.buf.String())
	}
}

// TestWithoutTrustedBalancersAHeaderIsRefused: by default no header is
// taken from anyone: the SSH library would skip a v1 header as a line
// before the version and let the client in, but the server refuses it and
// says so, and the header's address is never seen.
func TestWithoutTrustedBalancersAHeaderIsRefused(t *testing.T) {
	t.Parallel()
	logs := &logLines{}
	s := startServer(t, withLog(logs))
	if c, err := dialThrough(s, testProxy, proxyHeader(t, 1, s, "127.67.0.2"), keylessConfig(nil)); err == nil {
		c.Close()
		t.Fatal("a v1 header was taken by a server that trusts no balancer")
	}
	if !logs.contains("refused a PROXY protocol header") || logs.contains("127.67.0.2") {
		t.Errorf("want the refusal logged under the sender's address only:\n%s", logs.buf.String())
	}
}

func TestParseProxyPrefix(t *testing.T) {
	for in, want := range map[string]string{
		"10.0.0.0/8": "10.0.0.0/8", "10.1.2.3/8": "10.0.0.0/8", "192.0.2.7": "192.0.2.7/32",
		"::ffff:192.0.2.7": "192.0.2.7/32", "fd00::1": "fd00::1/128", "fd00::/8": "fd00::/8",
		"::ffff:10.0.0.0/104": "10.0.0.0/8",
	} {
		if got, err := ParseProxyPrefix(in); err != nil || got.String() != want {
			t.Errorf("ParseProxyPrefix(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "10.0.0.0/33", "example.com", "10.0.0"} {
		if _, err := ParseProxyPrefix(in); err == nil {
			t.Errorf("ParseProxyPrefix(%q) took it", in)
		}
	}
}
