package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/sshblog/sshblog/blog"
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

// mayAdmin refuses v, unless an admin, what (to publish, to unpublish…).
func (c *commands) mayAdmin(v blog.Viewer, what string) error {
	switch {
	case c.publisher == nil:
		return refuse("permission denied: publishing over SSH is off on this blog")
	case v.Admin:
		return nil
	case v.Keyed():
		return refuse("permission denied: only the blog's admins may %s, and your key %s is not one", what, v.Fingerprint)
	}
	return refuse("permission denied: only the blog's admins may %s; connect with an admin's key", what)
}

// publish reads a post file from stdin and publishes it.
func (c *commands) publish(x *call) error {
	name := ""
	if len(x.args) == 1 {
		name = x.args[0]
		if err := posts.CheckFileName(name); err != nil {
			return usageError("%s", posts.Message(err))
		}
	}
	src, err := io.ReadAll(io.LimitReader(x.in, posts.MaxFileSize+1))
	if err != nil {
		return refuse("reading the post: %v", err)
	}
	ctx, cancel := x.storage()
	defer cancel()
	p, err := c.publisher.Publish(ctx, name, src)
	if err != nil {
		return publishError(err)
	}
	fmt.Fprintln(x.out, published(p, c.blog.Now()))
	return nil
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

// publishError is a post the publisher did not publish as the admin is
// told of it: what is wrong with it and where, that the disk is full, or,
// for a failure of ours, an internal error.
func publishError(err error) error {
	if errors.Is(err, posts.ErrInvalid) || errors.Is(err, posts.ErrDiskFull) {
		return refuse("%s", err.Error())
	}
	return err
}

// unpublish takes a post down.
func (c *commands) unpublish(x *call) error {
	ctx, cancel := x.storage()
	defer cancel()
	slug := x.args[0]
	err := c.publisher.Unpublish(ctx, slug)
	if errors.Is(err, posts.ErrNotFound) {
		return c.noPost(slug)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(x.out, "unpublished "+slug)
	return nil
}

// listDrafts prints the drafts like ls: slug, date and title.
func (c *commands) listDrafts(x *call) error {
	ctx, cancel := x.storage()
	defer cancel()
	drafts, err := c.publisher.Drafts(ctx)
	if err != nil {
		return err
	}
	if len(drafts) == 0 {
		fmt.Fprintln(x.errOut, "No drafts. A post with draft: true in its front matter is one.")
		return nil
	}
	io.WriteString(x.out, postLines(drafts))
	return nil
}
