package data

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/rqlitetest"
	"github.com/sshblog/sshblog/posts"
)

// Over HTTPS with basic auth, the store works on a node whose certificate
// its CA file signed, and refuses, in one line naming the node, a node whose
// certificate it cannot trust, or one that does not speak HTTPS.
func TestRqliteOverHTTPSWithAuth(t *testing.T) {
	c := rqlitetest.StartCluster(t, 1, rqlitetest.Auth("blog", "s3cret-pw"), rqlitetest.TLS())
	addr := c.Nodes()[0].HTTPAddr
	ctx := context.Background()
	cfg, err := ParseStoreURL("rqlites://blog:s3cret-pw@" + addr)
	if err != nil {
		t.Fatal(err)
	}
	cfg.CAFile = c.CAFile()
	s, err := OpenRqlite(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SavePost(ctx, samplePost("post", time.Now().Add(-time.Hour))); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: reader("ann"), Body: "over https"}); err != nil {
		t.Fatal(err)
	}
	if list, err := s.Comments(ctx, "post", posts.Comment{}, 10); err != nil || len(list) != 1 || list[0].Body != "over https" {
		t.Fatalf("comments over HTTPS: %+v, %v", list, err)
	}

	otherCA, _ := rqlitetest.NewCA(t, t.TempDir(), "other-ca")
	plain := rqlitetest.StartCluster(t, 1)
	for _, tc := range []struct {
		name   string
		cfg    RqliteConfig
		refuse string
	}{
		{"a CA that did not sign it", RqliteConfig{Addrs: []string{addr}, HTTPS: true, User: "blog", Password: "s3cret-pw", CAFile: otherCA},
			"rqlite at " + addr + ": its certificate is not signed by the CA in " + otherCA},
		{"no CA file", RqliteConfig{Addrs: []string{addr}, HTTPS: true, User: "blog", Password: "s3cret-pw"},
			"rqlite at " + addr + ": its certificate is not signed by a CA this machine trusts (give its CA with --store-ca-file)"},
		{"a node without HTTPS", RqliteConfig{Addrs: plain.HTTPAddrs(), HTTPS: true},
			"rqlite at " + plain.HTTPAddrs()[0] + " does not answer HTTPS: use rqlite:// for it"},
	} {
		_, err := OpenRqlite(ctx, tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.refuse) || strings.Contains(err.Error(), "\n") || Unreachable(err) {
			t.Errorf("%s: %v; want one line saying %q, not a node to try again", tc.name, err, tc.refuse)
		}
	}
}
