package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/ssh"

	"github.com/sshblog/sshblog/posts"
)

// Publisher changes what the blog publishes; only admins reach it.
type Publisher interface {
	// Publish saves a post file named name (a plain *.md name, or "" when
	// it came without one) and returns the post as published.
	Publish(ctx context.Context, name string, src []byte) (posts.Post, error)
	Unpublish(ctx context.Context, slug string) error
	Drafts(ctx context.Context) ([]posts.Post, error)
}

// mayPublish tells a non-admin why they may not publish; ok is true for an
// admin.
func (s *Server) mayPublish(sess ssh.Session) bool { return s.mayAdmin(sess, "publish") }

// mayAdmin tells a non-admin why they may not do what (to publish, to
// unpublish…); ok is true for an admin.
func (s *Server) mayAdmin(sess ssh.Session, what string) bool {
	v := s.viewer(sess)
	switch {
	case s.cfg.Publisher == nil:
		fail(sess, exitFailed, "permission denied: publishing over SSH is off on this blog")
	case v.Admin:
		return true
	case v.Keyed():
		fail(sess, exitFailed, "permission denied: only the blog's admins may %s, and your key %s is not one", what, v.Fingerprint)
	default:
		fail(sess, exitFailed, "permission denied: only the blog's admins may %s; connect with an admin's key", what)
	}
	return false
}

// publish reads a post file from stdin and publishes it.
func (s *Server) publish(sess ssh.Session, args []string) int {
	if !s.mayPublish(sess) {
		return exitFailed
	}
	name := ""
	if len(args) == 1 {
		name = args[0]
		if err := posts.CheckFileName(name); err != nil {
			return fail(sess, exitUsage, "%s", posts.Message(err))
		}
	}
	src, err := io.ReadAll(io.LimitReader(sess, posts.MaxFileSize+1))
	if err != nil {
		return fail(sess, exitFailed, "reading the post: %v", err)
	}
	ctx, cancel := commandContext(sess)
	defer cancel()
	p, err := s.cfg.Publisher.Publish(ctx, name, src)
	if err != nil {
		return s.publishFailed(sess, err)
	}
	fmt.Fprintln(sess, published(p, s.now()))
	return exitOK
}

// published says what became of a post at now: "published SLUG", "saved
// draft…".
func published(p posts.Post, now time.Time) string {
	switch {
	case p.Draft:
		return "saved draft " + p.Slug
	case p.Published.After(now):
		return "scheduled " + p.Slug + " for " + p.Published.UTC().Format("2006-01-02 15:04 MST")
	}
	return "published " + p.Slug
}

// publishFailed reports a rejected post with what is wrong and where.
func (s *Server) publishFailed(sess ssh.Session, err error) int {
	return fail(sess, exitFailed, "%s", s.refusal(sess, "publish", err))
}

// refusal is what to tell an admin whose post was not published: what is
// wrong with it and where, or, for a failure of ours, that it was logged.
func (s *Server) refusal(sess ssh.Session, what string, err error) string {
	if isInvalid(err) {
		return posts.CleanLine(err.Error())
	}
	s.logUnexpected(sess, what, err)
	return "publishing failed; the error has been logged"
}

// isInvalid reports a post the publisher refused, whose error says why.
func isInvalid(err error) bool { return errors.Is(err, posts.ErrInvalid) }

// unpublish takes a post down.
func (s *Server) unpublish(sess ssh.Session, args []string) int {
	if !s.mayAdmin(sess, "unpublish") {
		return exitFailed
	}
	ctx, cancel := commandContext(sess)
	defer cancel()
	err := s.cfg.Publisher.Unpublish(ctx, args[0])
	if errors.Is(err, posts.ErrNotFound) {
		return s.noPost(sess, args[0])
	}
	if err != nil {
		s.logUnexpected(sess, "unpublish", err)
		return fail(sess, exitFailed, "unpublishing failed; the error has been logged")
	}
	fmt.Fprintln(sess, "unpublished "+args[0])
	return exitOK
}

// listDrafts prints the drafts like ls: slug, date and title.
func (s *Server) listDrafts(sess ssh.Session, _ []string) int {
	if !s.mayAdmin(sess, "see the drafts") {
		return exitFailed
	}
	ctx, cancel := commandContext(sess)
	defer cancel()
	drafts, err := s.cfg.Publisher.Drafts(ctx)
	if err != nil {
		s.logUnexpected(sess, "drafts", err)
		return fail(sess, exitFailed, "listing drafts failed; the error has been logged")
	}
	if len(drafts) == 0 {
		fmt.Fprintln(sess.Stderr(), "No drafts. A post with draft: true in its front matter is one.")
		return exitOK
	}
	var b strings.Builder
	for _, p := range drafts {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", p.Slug, p.Published.Format("2006-01-02"), p.Title)
	}
	io.WriteString(sess, posts.CleanText(b.String()))
	return exitOK
}
