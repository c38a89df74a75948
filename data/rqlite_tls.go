package data

import (
	"crypto/tls"
	"errors"
	"fmt"
	"strings"
)

// tlsRefused is, when err is a TLS handshake that failed, the line that
// says which node and why, else nil. Nothing was sent, and asking again
// will not help: the setting must change, so it is not an unreachable node.
func (e *rqliteEngine) tlsRefused(n int, err error) error {
	var unverified *tls.CertificateVerificationError
	var notTLS tls.RecordHeaderError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &unverified) && e.cfg.CAFile != "":
		return fmt.Errorf("rqlite at %s: its certificate is not signed by the CA in %s: %v", e.cfg.Addrs[n], e.cfg.CAFile, unverified.Err)
	case errors.As(err, &unverified):
		return fmt.Errorf("rqlite at %s: its certificate is not signed by a CA this machine trusts (give its CA with --store-ca-file): %v", e.cfg.Addrs[n], unverified.Err)
	// net/http says so in an untyped error when the answer was HTTP.
	case errors.As(err, &notTLS) || strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return fmt.Errorf("rqlite at %s does not answer HTTPS: use rqlite:// for it", e.cfg.Addrs[n])
	}
	return nil
}
