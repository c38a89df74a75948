package server

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// The private inbox feed, as the web mirror will serve it: its secret
// reads the inbox as Atom, and a new secret revokes the old.
func TestInboxFeedBySecret(t *testing.T) {
	srv := startServer(t, withOnePost())
	annKey := newKey(t)
	ann := dial(t, srv, "ann", gossh.PublicKeys(annKey))
	thread := strings.TrimSpace(mustRun(t, ann, "comment "+testSlug, "Ann's thread"))
	mustRun(t, dial(t, srv, "bob", gossh.PublicKeys(newKey(t))), "comment "+testSlug+" "+thread, "Bob answers")

	ctx, inbox := context.Background(), srv.cfg.Inbox
	v := blog.Viewer{Fingerprint: keyFingerprint(annKey)}
	secret, err := inbox.FeedSecret(ctx, v, false)
	if again, _ := inbox.FeedSecret(ctx, v, false); err != nil || len(secret) < 32 || again != secret {
		t.Fatalf("feed secret %q, then %q: %v", secret, again, err)
	}
	var feed bytes.Buffer
	if err := inbox.WriteFeed(ctx, &feed, posts.Feed{Title: "Test Blog", ID: "tag:test"}, secret); err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Entries []struct {
			Title   string `xml:"title"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(feed.Bytes(), &parsed); err != nil || len(parsed.Entries) != 1 ||
		parsed.Entries[0].Content != "Bob answers" || !strings.Contains(parsed.Entries[0].Title, "bob under") {
		t.Errorf("the feed: %v\n%s", err, feed.String())
	}
	if _, err := inbox.FeedSecret(ctx, v, true); err != nil {
		t.Fatal(err)
	}
	if err := inbox.WriteFeed(ctx, &bytes.Buffer{}, posts.Feed{}, secret); !errors.Is(err, posts.ErrNotFound) {
		t.Errorf("the revoked secret still reads the feed: %v", err)
	}
}
