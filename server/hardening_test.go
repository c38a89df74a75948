package server

import (
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/eventually"
)

// TestAlgorithms connects with x/crypto clients restricted to one algorithm
// at a time: each one the README lists gets in, and the ones left off
// (finite-field DH for DHEat, CBC, SHA-1) are refused.
func TestAlgorithms(t *testing.T) {
	s := startServer(t)
	ctr := []string{gossh.CipherAES128CTR}
	tests := []struct {
		name    string
		algos   gossh.Config
		wantErr string
	}{
		{"finite-field DH refused", gossh.Config{KeyExchanges: []string{gossh.KeyExchangeDH14SHA256}}, "no common algorithm for key exchange"},
		{"DH group exchange refused", gossh.Config{KeyExchanges: []string{gossh.KeyExchangeDHGEXSHA256}}, "no common algorithm for key exchange"},
		{"NIST P-384 ECDH refused", gossh.Config{KeyExchanges: []string{gossh.KeyExchangeECDHP384}}, "no common algorithm for key exchange"},
		{"CBC cipher refused", gossh.Config{Ciphers: []string{gossh.InsecureCipherAES128CBC}}, "no common algorithm for client to server cipher"},
		{"SHA-1 MAC refused", gossh.Config{Ciphers: ctr, MACs: []string{gossh.HMACSHA1}}, "no common algorithm for client to server MAC"},
		{"ML-KEM hybrid accepted", gossh.Config{KeyExchanges: []string{gossh.KeyExchangeMLKEM768X25519}}, ""},
		{"X25519 accepted", gossh.Config{KeyExchanges: []string{gossh.KeyExchangeCurve25519}}, ""},
		{"NIST P-256 ECDH accepted", gossh.Config{KeyExchanges: []string{gossh.KeyExchangeECDHP256}}, ""},
		{"ChaCha20-Poly1305 accepted", gossh.Config{Ciphers: []string{gossh.CipherChaCha20Poly1305}}, ""},
		{"AES-256-GCM accepted", gossh.Config{Ciphers: []string{gossh.CipherAES256GCM}}, ""},
		{"AES-128-GCM accepted", gossh.Config{Ciphers: []string{gossh.CipherAES128GCM}}, ""},
		{"AES-256-CTR with SHA-512 ETM accepted", gossh.Config{Ciphers: []string{gossh.CipherAES256CTR}, MACs: []string{gossh.HMACSHA512ETM}}, ""},
		{"AES-128-CTR with SHA-256 ETM accepted", gossh.Config{Ciphers: ctr, MACs: []string{gossh.HMACSHA256ETM}}, ""},
		// libssh2 before 1.11: AES-CTR with a plain HMAC.
		{"AES-128-CTR with plain HMAC-SHA-256 accepted", gossh.Config{Ciphers: ctr, MACs: []string{gossh.HMACSHA256}}, ""},
		{"AES-256-CTR with plain HMAC-SHA-512 accepted", gossh.Config{Ciphers: []string{gossh.CipherAES256CTR}, MACs: []string{gossh.HMACSHA512}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := keylessConfig(nil)
			cfg.Config = tt.algos
			c, err := dialFrom(s, "127.0.0.1", cfg)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("handshake failed: %v", err)
				}
				defer c.Close()
				if out, _, status := run(t, c, "help", ""); status != 0 || !strings.Contains(out, "this help") {
					t.Fatalf("help over the connection: %q, status %d", out, status)
				}
				return
			}
			if err == nil {
				c.Close()
				t.Fatal("handshake succeeded")
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %q, want it to say %q", err, tt.wantErr)
			}
		})
	}
}

// TestHostKeys checks that a client that wants only ECDSA gets the server's
// ECDSA P-256 key and one that wants only ed25519 gets the ed25519 key.
func TestHostKeys(t *testing.T) {
	s := startServer(t)
	for _, want := range []gossh.PublicKey{s.cfg.HostKey.PublicKey(), s.cfg.HostKeyECDSA.PublicKey()} {
		t.Run(want.Type(), func(t *testing.T) {
			cfg := keylessConfig(nil)
			cfg.HostKeyAlgorithms = []string{want.Type()}
			cfg.HostKeyCallback = gossh.FixedHostKey(want)
			c, err := dialFrom(s, "127.0.0.1", cfg)
			if err != nil {
				t.Fatalf("handshake: %v", err)
			}
			c.Close()
		})
	}
}

func TestLoginGraceClosesSilentConnections(t *testing.T) {
	t.Parallel()
	s := startServer(t, withLimits(Limits{LoginGrace: 2 * time.Second}))
	loggedIn := dial(t, s, "reader", keyless)

	silent, err := dialTCPFrom(s, "127.2.0.1") // a network of its own: penalties count per /24
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	waitClosed(t, silent) // it read the server's version line, then the end
	eventually.True(t, "the unauthenticated count to drop", func() bool { unauth, _ := s.gate.counts(); return unauth == 0 })

	// The logged-in connection opened before the silent one, so its grace
	// would have run out too: having logged in, it is no longer under it.
	if out, _, status := run(t, loggedIn, "help", ""); status != 0 || !strings.Contains(out, "this help") {
		t.Fatalf("logged-in connection after the grace: %q, status %d", out, status)
	}
	if got := s.metrics.timeouts.count("login"); got != 1 {
		t.Errorf("login timeouts = %d, want 1", got)
	}
}

func TestTooManySessionsOnOneConnection(t *testing.T) {
	s := startServer(t)
	c := dial(t, s, "reader", keyless)
	for i := range maxChannelsPerConn {
		sess, err := c.NewSession()
		if err != nil {
			t.Fatalf("session %d: %v", i+1, err)
		}
		defer sess.Close()
	}
	_, err := c.NewSession()
	if err == nil || !strings.Contains(err.Error(), "too many sessions on one connection") {
		t.Fatalf("session past the cap: %v", err)
	}
}
