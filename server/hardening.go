package server

import (
	"errors"
	"net"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// The algorithms we offer, best first: OpenSSH's modern defaults, then the
// few that older and FIPS-mode clients need (see README, "Facing the
// internet"). Go's defaults also offer finite-field Diffie-Hellman groups,
// whose key exchange costs the server some 30 times the CPU of an X25519
// one: a cheap way to burn it (the DHEat attack). They stay off.
var (
	keyExchanges = []string{
		gossh.KeyExchangeMLKEM768X25519, gossh.KeyExchangeCurve25519,
		// For FIPS-mode clients (RHEL, Fedora), JSch and old PuTTY and
		// Dropbear, which have no X25519: as cheap for the server.
		gossh.KeyExchangeECDHP256,
	}
	ciphers = []string{
		gossh.CipherChaCha20Poly1305, gossh.CipherAES256GCM, gossh.CipherAES128GCM,
		gossh.CipherAES256CTR, gossh.CipherAES128CTR,
	}
	// Encrypt-then-MAC first; the AEAD ciphers above need none. The plain
	// HMACs are for libssh2 before 1.11 (curl, PHP, libgit2 tools), which
	// knows AES-CTR with them and nothing newer.
	macs = []string{gossh.HMACSHA256ETM, gossh.HMACSHA512ETM, gossh.HMACSHA256, gossh.HMACSHA512}
)

// harden is the server option that puts every connection through the gate
// and the algorithms above.
func (s *Server) harden() ssh.Option {
	return func(srv *ssh.Server) error {
		srv.ConnCallback = s.accept
		srv.ServerConfigCallback = s.sshConfig
		srv.ConnectionFailedCallback = func(conn net.Conn, err error) {
			s.cfg.Log.Debug("handshake failed", "remote", conn.RemoteAddr().String(), "err", err)
		}
		srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": limitChannels(ssh.DefaultSessionHandler)}
		return nil
	}
}

// sshConfig is one connection's SSH configuration; charmbracelet/ssh adds
// the host key and the authentication callbacks.
func (s *Server) sshConfig(ctx ssh.Context) *gossh.ServerConfig {
	cfg := &gossh.ServerConfig{
		Config: gossh.Config{KeyExchanges: keyExchanges, Ciphers: ciphers, MACs: macs},
	}
	c := connOf(ctx)
	if c == nil {
		return cfg
	}
	if c.refusal != nil {
		cfg.PreAuthConnCallback = func(conn gossh.ServerPreAuthConn) { c.tellRefusal(conn.SendAuthBanner) }
		cfg.AuthLogCallback = func(gossh.ConnMetadata, string, error) { c.endRefusal() }
		return cfg
	}
	cfg.NoClientAuth, cfg.NoClientAuthCallback = true, guestOnly
	cfg.AuthLogCallback = func(_ gossh.ConnMetadata, method string, err error) {
		if err == nil {
			c.loggedIn(method)
		}
	}
	return cfg
}

// guestOnly answers the "none" method: it lets in the guest user, whom
// scripts without a key use, and no one else. Any other name goes on to a
// key (or keyboard-interactive), as before: a client tries "none" first, so
// accepting it for everyone would stop keyed readers from offering their key.
func guestOnly(m gossh.ConnMetadata) (*gossh.Permissions, error) {
	if m.User() != GuestUser {
		return nil, errors.New("none is only for " + GuestUser)
	}
	return &gossh.Permissions{}, nil
}

// limitChannels turns away session channels past maxChannelsPerConn on one
// connection: each holds a goroutine and buffers until the client closes it.
func limitChannels(next ssh.ChannelHandler) ssh.ChannelHandler {
	return func(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
		c := connOf(ctx)
		if c == nil {
			next(srv, conn, newChan, ctx)
			return
		}
		if !c.openChannel() {
			newChan.Reject(gossh.ResourceShortage, "sshblog: too many sessions on one connection")
			return
		}
		defer c.closeChannel()
		next(srv, conn, newChan, ctx)
	}
}
