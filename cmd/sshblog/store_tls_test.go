package main

import (
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/rqlitetest"
)

// sshblog reaches an rqlite node over HTTPS with basic auth, trusting the
// CA in --store-ca-file; a CA that did not sign the node's certificate is
// refused in one line that names the node and the file, never the password.
func TestClusterStoreOverHTTPS(t *testing.T) {
	dir := t.TempDir()
	c := rqlitetest.StartCluster(t, 1, rqlitetest.Auth("blog", "s3cret-pw"), rqlitetest.TLS())
	addr := c.Nodes()[0].HTTPAddr
	store := "rqlites://blog:s3cret-pw@" + addr
	if out, status := runIn(t, dir, "check", "--store", store, "--store-ca-file", c.CAFile()); status != 0 || !strings.Contains(out, "ok") {
		t.Fatalf("check over HTTPS: status %d\n%s", status, out)
	}

	otherCA, _ := rqlitetest.NewCA(t, dir, "other-ca")
	out, status := runIn(t, dir, "check", "--store", store, "--store-ca-file", otherCA)
	want := "rqlite at " + addr + ": its certificate is not signed by the CA in " + otherCA
	if status != 1 || !strings.Contains(out, want) || strings.Count(strings.TrimSpace(out), "\n") > 0 || strings.Contains(out, "s3cret-pw") {
		t.Errorf("check with a CA that did not sign the node's certificate: status %d\n%s\nwant one line saying %q", status, out, want)
	}
}
