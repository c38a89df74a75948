package server

import (
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

func TestKeyExchangeOnlyModernAlgorithms(t *testing.T) {
	s := startServer(t)
	tests := []struct {
		name    string
		algos   gossh.Config
		wantErr string
	}{
		{"finite-field DH refused", gossh.Config{KeyExchanges: []string{gossh.KeyExchangeDH14SHA256}}, "no common algorithm for key exchange"},
		{"NIST ECDH refused", gossh.Config{KeyExchanges: []string{gossh.KeyExchangeECDHP256}}, "no common algorithm for key exchange"},
		{"CBC cipher refused", gossh.Config{Ciphers: []string{gossh.InsecureCipherAES128CBC}}, "no common algorithm for client to server cipher"},
		{"MAC-then-encrypt refused", gossh.Config{Ciphers: []string{gossh.CipherAES128CTR}, MACs: []string{gossh.HMACSHA256}}, "no common algorithm for client to server MAC"},
		{"ML-KEM hybrid accepted", gossh.Config{KeyExchanges: []string{gossh.KeyExchangeMLKEM768X25519}}, ""},
		{"X25519 accepted", gossh.Config{KeyExchanges: []string{gossh.KeyExchangeCurve25519}}, ""},
		{"CTR with encrypt-then-MAC accepted", gossh.Config{Ciphers: []string{gossh.CipherAES256CTR}, MACs: []string{gossh.HMACSHA512ETM}}, ""},
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
				c.Close()
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

func TestLoginGraceClosesSilentConnections(t *testing.T) {
	t.Parallel()
	s := startServer(t, withLimits(Limits{LoginGrace: 2 * time.Second}))
	loggedIn := dial(t, s, "reader", keyless)

	silent, err := dialTCPFrom(s, "127.0.0.2")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	waitClosed(t, silent) // it read the server's version line, then the end
	waitFor(t, "the unauthenticated count to drop", func() bool { unauth, _ := s.gate.counts(); return unauth == 0 })

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
