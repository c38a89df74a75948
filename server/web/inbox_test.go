package web

import (
	"context"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/blog"
)

// A reader's inbox feed is at a secret address: it lists the replies to
// them, escaped, and says nothing that would let it be cached, indexed or
// leaked as a referrer; a renewed secret turns the old address away, and
// no inbox address is ever in the sitemap.
func TestInboxFeedIsPrivate(t *testing.T) {
	s := startSite(t)
	mine := s.comment(t, "ann", seedSlug, 0, "First!")
	s.comment(t, "bob", seedSlug, mine.ID, "Replying to <ann> & co")
	ann := blog.Viewer{Fingerprint: "SHA256:ann", PublicKey: "ssh-ed25519 AAAAann", User: "ann"}
	secret, err := s.inbox.FeedSecret(context.Background(), ann, false)
	if err != nil {
		t.Fatal(err)
	}
	private := func(resp *http.Response) {
		t.Helper()
		for name, want := range map[string]string{"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer"} {
			if got := resp.Header.Get(name); got != want {
				t.Errorf("%s: %q, want %q", name, got, want)
			}
		}
	}

	resp, body := s.get(t, "GET", InboxPath(secret))
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("inbox feed: %s %s\n%s", resp.Status, resp.Header.Get("Content-Type"), body)
	}
	private(resp)
	var feed struct {
		Title   string `xml:"title"`
		Entries []struct {
			Content string `xml:"content"`
			Summary string `xml:"summary"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatalf("not XML: %v\n%s", err, body)
	}
	if len(feed.Entries) != 1 || !strings.Contains(feed.Entries[0].Content+feed.Entries[0].Summary, "Replying to <ann> & co") {
		t.Errorf("want bob's reply, as text, in the feed:\n%s", body)
	}
	if strings.Contains(body, "<ann>") {
		t.Errorf("the reply's text reached the feed unescaped:\n%s", body)
	}

	renewed, err := s.inbox.FeedSecret(context.Background(), ann, true)
	if err != nil || renewed == secret {
		t.Fatalf("renewing gave %q, %v", renewed, err)
	}
	resp, body = s.get(t, "GET", InboxPath(secret))
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "inbox feed-url") {
		t.Errorf("the old address: %s %q", resp.Status, body)
	}
	private(resp)
	if resp, _ := s.get(t, "GET", InboxPath(renewed)); resp.StatusCode != http.StatusOK {
		t.Errorf("the new address: %s", resp.Status)
	}
	if _, sitemap := s.get(t, "GET", "/sitemap.xml"); strings.Contains(sitemap, "/inbox/") {
		t.Errorf("an inbox is in the sitemap:\n%s", sitemap)
	}
}
