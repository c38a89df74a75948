package server

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/ssh"

	"github.com/sshblog/sshblog/posts"
)

// searchLimit is how many results `search` prints.
const searchLimit = 20

// listPosts prints one post a line: slug, date and title, tab separated.
func (s *Server) listPosts(sess ssh.Session, _ []string) int {
	var b strings.Builder
	for _, p := range s.cfg.Blog.Posts() {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", p.Slug, p.Published.Format("2006-01-02"), p.Title)
	}
	sess.Write([]byte(posts.CleanText(b.String())))
	return exitOK
}

// readPosts prints posts' sources one after another, as cat prints files: a
// slug that names no post is told on stderr and fails the command, the
// others are printed. (With a terminal, `read` opens the reader instead.)
func (s *Server) readPosts(sess ssh.Session, slugs []string) int {
	ctx, cancel := commandContext(sess)
	defer cancel()
	status := exitOK
	for i, slug := range slugs {
		p, err := s.cfg.Catalog.Post(ctx, slug)
		if err == nil && !p.Public(s.now()) {
			err = posts.ErrNotFound
		}
		if errors.Is(err, posts.ErrNotFound) {
			status = s.noPost(sess, slug)
			continue
		}
		if err != nil {
			return s.failed(sess, "read", err)
		}
		if i > 0 {
			io.WriteString(sess, "\n")
		}
		io.WriteString(sess, posts.CleanText(posts.Source(p)))
	}
	return status
}

// maxSearchWords bounds a search: more words find nothing more, and cost
// the full-text index more than they are worth.
const maxSearchWords = 32

// searchPosts prints the posts matching the words, best first: slug, date,
// title and a snippet, tab separated.
func (s *Server) searchPosts(sess ssh.Session, args []string) int {
	ctx, cancel := commandContext(sess)
	defer cancel()
	query := strings.Join(args, " ")
	if n := len(posts.QueryTerms(query)); n > maxSearchWords {
		return fail(sess, exitUsage, "search takes at most %d words; this one has %d", maxSearchWords, n)
	}
	found, err := s.cfg.Catalog.Search(ctx, query, searchLimit)
	if err != nil {
		return s.failed(sess, "search", err)
	}
	if len(found) == 0 {
		return fail(sess, exitFailed, "no post holds %q", posts.CleanLine(query))
	}
	var b strings.Builder
	for _, m := range found {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\n", m.Post.Slug, m.Post.Published.Format("2006-01-02"),
			m.Post.Title, strings.ReplaceAll(posts.Unmark(m.Snippet), "\n", " "))
	}
	sess.Write([]byte(posts.CleanText(b.String())))
	return exitOK
}

// failed reports an internal error: the detail goes to the log, a short
// line to the person.
func (s *Server) failed(sess ssh.Session, what string, err error) int {
	if log := s.clientLog(sess); log != nil {
		log.Error(what+" failed", "session", sessionID(sess), "err", err)
	}
	fmt.Fprintf(sess.Stderr(), "sshblog: %s failed; the error has been logged\n", what)
	return exitFailed
}

// feedSize is how many of the latest posts the Atom feed carries.
const feedSize = 20

// printFeed writes an Atom feed of the latest posts.
func (s *Server) printFeed(sess ssh.Session, _ []string) int {
	ctx, cancel := commandContext(sess)
	defer cancel()
	list := s.cfg.Blog.Posts()
	list = list[:min(len(list), feedSize)]
	full := make([]posts.Post, 0, len(list))
	for _, p := range list {
		withBody, err := s.cfg.Catalog.Post(ctx, p.Slug)
		if err != nil {
			return s.failed(sess, "feed", err)
		}
		full = append(full, withBody)
	}
	feed := posts.Feed{Title: s.cfg.Blog.Name, ID: "urn:sshblog:" + posts.Slugify(s.cfg.Blog.Name)}
	var b strings.Builder
	if err := posts.WriteAtom(&b, feed, full); err != nil {
		return s.failed(sess, "feed", err)
	}
	sess.Write([]byte(b.String()))
	return exitOK
}
