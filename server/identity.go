package server

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/blog"
)

// GuestUser is the user name for scripts without a key: it logs in with no
// authentication at all, and never has an identity, even when the client
// authenticated with a key.
const GuestUser = "guest"

// viewer is who the session is: the key that authenticated it, decided
// after authentication by the SSH library from the permissions of the
// successful attempt — never a key the client only offered — and whether
// that key is an admin's. A guest has none. Its address is the one the
// per-address limits count.
//
// The key then names the identity it belongs to (several keys can be one
// reader). Should the store fail to say, the session goes on without a key:
// it reads, and writes nothing under an identity that may not be its own.
func (s *Server) viewer(sess ssh.Session) blog.Viewer {
	v := s.keyViewer(sess)
	if s.cfg.Accounts == nil || !v.Keyed() {
		return v
	}
	resolved, err := s.cfg.Accounts.Resolve(sess.Context(), v)
	if err != nil {
		return s.keyless(sess, v, err)
	}
	return resolved
}

// keyViewer is the session's viewer by its login key alone, before the key
// names its identity.
func (s *Server) keyViewer(sess ssh.Session) blog.Viewer {
	v := blog.Viewer{User: sess.User(), Addr: sourceOf(sess.RemoteAddr())}
	if k := sess.PublicKey(); k != nil && v.User != GuestUser {
		v.Key = gossh.FingerprintSHA256(k)
		v.Fingerprint = v.Key
		v.PublicKey = strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k)))
		v.Admin = s.cfg.Admins[v.Key]
	}
	return v
}

// keyless is v without its key, for a session whose identity the store
// failed to tell (err).
func (s *Server) keyless(sess ssh.Session, v blog.Viewer, err error) blog.Viewer {
	s.cfg.Log.Warn("finding the key's identity", "session", sessionID(sess), "err", err)
	return blog.Viewer{User: v.User, Addr: v.Addr}
}

// LoadAdminKeys reads an authorized_keys file and returns the SHA256
// fingerprints of its keys. Blank lines and # comments are skipped; options
// before a key are allowed and ignored.
func LoadAdminKeys(path string) (map[string]bool, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("admin keys: %w", err)
	}
	admins := map[string]bool{}
	for n, line := range bytes.Split(src, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		key, _, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("admin keys %s:%d: %v", path, n+1, err)
		}
		admins[gossh.FingerprintSHA256(key)] = true
	}
	return admins, nil
}
