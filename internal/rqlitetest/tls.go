package rqlitetest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TLS has the nodes serve their HTTP API over HTTPS only, with a
// certificate for their addresses signed by a CA made for the cluster
// (Cluster.CAFile); the cluster's own probes trust that CA.
func TLS() Option {
	return func(c *config) { c.tls = true }
}

// CAFile is the PEM file of the CA that signed the nodes' certificate
// under TLS; "" without it.
func (c *Cluster) CAFile() string { return c.caFile }

// NewCA makes a self-signed CA in dir: the PEM files of its certificate and
// private key.
func NewCA(t testing.TB, dir, name string) (certFile, keyFile string) {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	return writeCert(t, dir, name, tmpl, nil, nil)
}

// serverCert makes, in dir, a certificate for ips signed by the CA whose
// files NewCA wrote.
func serverCert(t testing.TB, dir, caCert, caKey string, ips []net.IP) (certFile, keyFile string) {
	t.Helper()
	pair, err := tls.LoadX509KeyPair(caCert, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "rqlited"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		IPAddresses:  ips,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	return writeCert(t, dir, "server", tmpl, ca, pair.PrivateKey.(*ecdsa.PrivateKey))
}

// writeCert signs tmpl with a new key (by parent's key, or self-signed when
// parent is nil) and writes NAME.pem and NAME-key.pem in dir.
func writeCert(t testing.TB, dir, name string, tmpl, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, name+".pem"), filepath.Join(dir, name+"-key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

// useTLS gives the nodes a certificate for their hosts and the cluster's
// probes a client that trusts its CA.
func (c *Cluster) useTLS(base string) {
	c.t.Helper()
	caCert, caKey := NewCA(c.t, base, "cluster-ca")
	var ips []net.IP
	for _, nd := range c.nodes {
		host, _, _ := net.SplitHostPort(nd.HTTPAddr)
		ips = append(ips, net.ParseIP(host))
	}
	cert, key := serverCert(c.t, base, caCert, caKey, ips)
	pemBytes, err := os.ReadFile(caCert)
	if err != nil {
		c.t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pemBytes)
	probe := &http.Client{Timeout: client.Timeout, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	for _, nd := range c.nodes {
		nd.scheme, nd.client = "https://", probe
	}
	c.caFile = caCert
	c.extra = append(c.extra, "-http-cert", cert, "-http-key", key)
}
