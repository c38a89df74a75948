package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/sshblog/sshblog/internal/eventually"
)

// The address HAProxy connects to the nodes from, the only one they trust
// to send PROXY protocol headers.
const balancerSource = "127.68.0.1"

// haproxyBinary is Debian's HAProxy, installed with apt-get if missing.
func haproxyBinary(t *testing.T) string {
	t.Helper()
	find := func() string {
		if p, err := exec.LookPath("haproxy"); err == nil {
			return p
		}
		if _, err := os.Stat("/usr/sbin/haproxy"); err == nil {
			return "/usr/sbin/haproxy"
		}
		return ""
	}
	if p := find(); p != "" {
		return p
	}
	install := exec.Command("sh", "-c", "apt-get update -qq && apt-get install -y -qq haproxy")
	install.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("HAProxy is needed (apt-get install -y haproxy) and could not be installed: %v\n%s", err, out)
	}
	if p := find(); p != "" {
		return p
	}
	t.Fatal("apt-get installed haproxy but it is not on PATH or in /usr/sbin")
	return ""
}

// startHAProxy balances TCP connections round robin over the nodes, from
// balancerSource, with a PROXY protocol header: v1 to the first node, v2
// to the second. It returns the address readers connect to.
func startHAProxy(t *testing.T, nodes ...string) string {
	t.Helper()
	bin := haproxyBinary(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	lnFile, err := ln.(*net.TCPListener).File()
	if err != nil {
		t.Fatal(err)
	}
	defer lnFile.Close()
	var servers strings.Builder
	for i, node := range nodes {
		fmt.Fprintf(&servers, "    server node%d %s source %s %s\n", i, node, balancerSource, []string{"send-proxy", "send-proxy-v2"}[i%2])
	}
	// The listening socket is handed over as file descriptor 3: no port
	// to pick and hope is still free.
	cfg := "global\n    nbthread 1\n    maxconn 200\ndefaults\n    mode tcp\n    timeout connect 5s\n    timeout client 5m\n    timeout server 5m\n" +
		"frontend ssh\n    bind fd@3\n    default_backend nodes\nbackend nodes\n    balance roundrobin\n" + servers.String()
	path := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	check := exec.Command(bin, "-c", "-q", "-f", path)
	check.ExtraFiles = []*os.File{lnFile}
	if out, err := check.CombinedOutput(); err != nil {
		t.Fatalf("haproxy -c: %v\n%s\n%s", err, out, cfg)
	}
	cmd := exec.Command(bin, "-db", "-f", path)
	cmd.ExtraFiles = []*os.File{lnFile}
	var stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("haproxy:\n%s", stderr.String())
		}
	})
	return ln.Addr().String()
}

// readerAt connects to addr from the loopback address from, checking the
// host key with check, and logs in as a keyless reader; the banner of a
// refusal goes to banner.
func readerAt(addr, from string, check gossh.HostKeyCallback, banner *strings.Builder) (*gossh.Client, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 10 * time.Second}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{
		User: "reader", Auth: []gossh.AuthMethod{keyless}, HostKeyCallback: check,
		BannerCallback: func(msg string) error { banner.WriteString(msg); return nil },
	})
	if err != nil {
		conn.Close()
		return nil, err
	}
	conn.SetDeadline(time.Time{})
	return gossh.NewClient(c, chans, reqs), nil
}

// lsOn runs ls on a new session of c.
func lsOn(t *testing.T, c *gossh.Client) {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if out, err := s.Output("ls"); err != nil || !strings.Contains(string(out), "\t") {
		t.Fatalf("ls: %v\n%s", err, out)
	}
}

// TestHAProxyInFrontOfTwoNodes: Debian's HAProxy balances two nodes with
// the same host keys, sending PROXY v1 to one and v2 to the other. The
// nodes log each reader under the reader's own address, never the
// balancer's; one reader's known_hosts from its first node lets it into
// the second; the per-address connection limit counts the reader, so one
// reader is refused for connecting too often while another, through the
// same balancer, is let in. healthcheck, run where a node takes it for a
// balancer, says so with a LOCAL header and is healthy.
func TestHAProxyInFrontOfTwoNodes(t *testing.T) {
	keys := sharedHostKeys(t)
	// Two connections, then one a minute, per address: enough to tell
	// readers apart, and for healthcheck's two handshakes.
	limits := []string{"--connection-rate", "1", "--connection-burst", "2"}
	const trustA, trustB = balancerSource + ",127.0.0.1", balancerSource + "/32"
	a := start(t, t.TempDir(), append(append(keys, limits...), "--proxy-protocol-from", trustA)...)
	b := start(t, t.TempDir(), append(append(keys, limits...), "--proxy-protocol-from", trustB)...)
	front := startHAProxy(t, a.addr, b.addr)

	const alice, bob = "127.70.0.9", "127.71.0.9"
	knownHosts := filepath.Join(t.TempDir(), "known_hosts")
	learn := func(hostname string, remote net.Addr, key gossh.PublicKey) error {
		line := knownhosts.Line([]string{knownhosts.Normalize(hostname)}, key) + "\n"
		return os.WriteFile(knownHosts, []byte(line), 0o600)
	}
	// Round robin alternates the nodes: alice's four connections are two
	// on each, the burst there; the fifth, on the first node again, is one
	// too many, which the node knows only from the headers.
	var banner strings.Builder
	check := learn
	for i := range 4 {
		c, err := readerAt(front, alice, check, &banner)
		if err != nil {
			t.Fatalf("alice's connection %d through HAProxy, with the known_hosts of her first: %v", i+1, err)
		}
		defer c.Close()
		lsOn(t, c)
		if check, err = knownhosts.New(knownHosts); err != nil {
			t.Fatal(err)
		}
	}
	for name, node := range map[string]*running{"a": a, "b": b} {
		eventually.True(t, "node "+name+" logging alice's own address", func() bool {
			return strings.Contains(node.log.String(), "remote="+alice+":")
		})
	}
	banner.Reset()
	if c, err := readerAt(front, alice, check, &banner); err == nil {
		c.Close()
		t.Fatal("alice's fifth connection was let in past a burst of two a node")
	}
	if !strings.Contains(banner.String(), "too many new connections from your address") {
		t.Fatalf("alice's fifth connection was refused with %q", banner.String())
	}
	// The sixth goes to the second node, which has seen the balancer more
	// than its burst but bob never.
	bobs, err := readerAt(front, bob, check, &banner)
	if err != nil {
		t.Fatalf("bob, through the balancer alice has used up: %v (banner %q)", err, banner.String())
	}
	defer bobs.Close()
	lsOn(t, bobs)
	eventually.True(t, "node b logging bob's own address", func() bool {
		return strings.Contains(b.log.String(), "remote="+bob+":")
	})
	for name, node := range map[string]*running{"a": a, "b": b} {
		if strings.Contains(node.log.String(), "remote="+balancerSource) {
			t.Errorf("node %s logged the balancer's address:\n%s", name, node.log)
		}
	}

	// healthcheck reads the node's settings, as in the container.
	for name, hc := range map[string]struct {
		node    *running
		trusted string
	}{"a, which trusts 127.0.0.1": {a, trustA}, "b": {b, trustB}} {
		cmd := exec.Command(binary, append([]string{"healthcheck", "--listen", hc.node.addr, "--proxy-protocol-from", hc.trusted}, keys...)...)
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "healthy") {
			t.Errorf("healthcheck of node %s: %v\n%s", name, err, out)
		}
	}
}
