package server

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// searchLimit is how many results `search` prints.
const searchLimit = 20

// listPosts prints one post a line: slug, date and title, tab separated.
func (c *commands) listPosts(x *call) error {
	io.WriteString(x.out, postLines(c.blog.Posts()))
	return nil
}

// postLines is list as ls prints it, in one piece: one write to the client,
// not one a post.
func postLines(list []posts.Post) string {
	var b strings.Builder
	for _, p := range list {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", p.Slug, p.Published.Format("2006-01-02"), p.Title)
	}
	return b.String()
}

// readPosts prints posts' sources one after another, as cat prints files: a
// slug that names no post is told on stderr and fails the command, the
// others are printed. (With a terminal, `read` opens the reader instead.)
func (c *commands) readPosts(x *call) error {
	ctx, cancel := x.storage()
	defer cancel()
	var failed error
	for i, slug := range x.args {
		p, err := c.catalog.Post(ctx, slug)
		if err == nil && !p.Public(c.blog.Now()) {
			err = posts.ErrNotFound
		}
		if errors.Is(err, posts.ErrNotFound) {
			x.reply(c.noPost(slug))
			failed = errTold
			continue
		}
		if err != nil {
			return err
		}
		if i > 0 {
			fmt.Fprintln(x.out)
		}
		io.WriteString(x.out, posts.Source(p))
	}
	return failed
}

// maxSearchWords bounds a search: more words find nothing more, and cost
// the full-text index more than they are worth.
const maxSearchWords = 32

// searchPosts prints the posts matching the words, best first: slug, date,
// title and a snippet, tab separated.
func (c *commands) searchPosts(x *call) error {
	ctx, cancel := x.storage()
	defer cancel()
	query := strings.Join(x.args, " ")
	if n := len(posts.QueryTerms(query)); n > maxSearchWords {
		return usageError("search takes at most %d words; this one has %d", maxSearchWords, n)
	}
	found, err := c.catalog.Search(ctx, query, searchLimit)
	if err != nil {
		return err
	}
	if len(found) == 0 {
		return missing("no post holds %q", query)
	}
	var b strings.Builder
	for _, m := range found {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\n", m.Post.Slug, m.Post.Published.Format("2006-01-02"),
			m.Post.Title, strings.ReplaceAll(posts.Unmark(m.Snippet), "\n", " "))
	}
	io.WriteString(x.out, b.String())
	return nil
}

// printFeed writes an Atom feed of the latest posts.
func (c *commands) printFeed(x *call) error {
	ctx, cancel := x.storage()
	defer cancel()
	list := c.blog.Posts()
	list = list[:min(len(list), blog.FeedSize)]
	full := make([]posts.Post, 0, len(list))
	for _, p := range list {
		withBody, err := c.catalog.Post(ctx, p.Slug)
		if err != nil {
			return err
		}
		full = append(full, withBody)
	}
	feed := c.blog.Feed(c.blog.BaseURL, "/feed.xml")
	var b strings.Builder
	if err := posts.WriteAtom(&b, feed, full); err != nil {
		return err
	}
	io.WriteString(x.out, b.String())
	return nil
}
