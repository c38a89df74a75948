package server

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	gossh "golang.org/x/crypto/ssh"
)

// keylessConfig logs in as a reader without a key does, and records any
// banner the server sends (during the handshake: read it after).
func keylessConfig(banner *strings.Builder) *gossh.ClientConfig {
	cfg := clientConfig("reader", keyless)
	cfg.BannerCallback = func(msg string) error {
		if banner != nil {
			banner.WriteString(msg)
		}
		return nil
	}
	return cfg
}

// dialFrom connects from the loopback address from (127.0.0.x: the limits
// count per address) and runs the SSH handshake with cfg.
func dialFrom(s *Server, from string, cfg *gossh.ClientConfig) (*gossh.Client, error) {
	conn, err := dialTCPFrom(s, from)
	if err != nil {
		return nil, err
	}
	conn.SetDeadline(time.Now().Add(waitLong))
	c, chans, reqs, err := gossh.NewClientConn(conn, s.Addr().String(), cfg)
	if err != nil {
		conn.Close()
		return nil, err
	}
	conn.SetDeadline(time.Time{})
	return gossh.NewClient(c, chans, reqs), nil
}

func dialTCPFrom(s *Server, from string) (net.Conn, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: waitLong}
	return d.Dial("tcp", s.Addr().String())
}

// logInFrom dials from `from` and fails the test unless it logs in.
func logInFrom(t *testing.T, s *Server, from string) *gossh.Client {
	t.Helper()
	c, err := dialFrom(s, from, keylessConfig(nil))
	if err != nil {
		t.Fatalf("log in from %s: %v", from, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// waitClosed waits until the server closes conn, reading what it sends.
func waitClosed(t *testing.T, conn net.Conn) {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(waitLong))
	if _, err := io.Copy(io.Discard, conn); err != nil {
		t.Fatalf("waiting for the server to close the connection: %v", err)
	}
}

// count is one label value's count.
func (l *labeledCounter) count(value string) uint64 {
	return uint64(testutil.ToFloat64(l.vec.WithLabelValues(value)))
}
