package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/sshblog/sshblog/posts"
)

// InboxPath is where the private Atom feed of the inbox with this secret
// is, under the blog's web address; `ssh HOST inbox feed-url` prints it.
func InboxPath(secret string) string { return "/inbox/" + secret + ".atom" }

// inboxFeed serves a reader's private inbox feed. Its address is the only
// credential, so it is never cached, never indexed, never in the sitemap,
// and never sent on as a referrer; guesses count against the address's
// searches, which caps how fast one can try.
func (s *Site) inboxFeed(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	h.Set("Referrer-Policy", "no-referrer")
	secret, ok := strings.CutSuffix(r.PathValue("file"), ".atom")
	if s.cfg.Inbox == nil || !ok || secret == "" {
		http.Error(w, "There is no inbox feed at this address.", http.StatusNotFound)
		return
	}
	if !s.searches.allow(s.clientAddr(r)) {
		s.tooMany(w)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), storageTimeout)
	defer cancel()
	feed := s.cfg.Blog.Feed(s.origin(r), InboxPath(secret))
	feed.Title = "Replies to you on " + feed.Title
	feed.ID += ":inbox:" + secret
	var out bytes.Buffer
	err := s.cfg.Inbox.WriteFeed(ctx, &out, feed, secret)
	switch {
	case errors.Is(err, posts.ErrNotFound):
		http.Error(w, "There is no inbox feed at this address: it was renewed, or never made. "+
			"ssh "+s.cfg.Blog.Address+" inbox feed-url prints yours.", http.StatusNotFound)
	case err != nil:
		s.fail(w, r, err)
	default:
		h.Set("Content-Type", "application/atom+xml; charset=utf-8")
		w.Write(out.Bytes())
	}
}
