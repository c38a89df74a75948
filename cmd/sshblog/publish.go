package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/server"
	"github.com/sshblog/sshblog/tui"
)

// publisher publishes what admins send over SSH. With a posts folder, the
// folder stays the source of truth: a post is written there as a file and
// the folder is synced; without one, the post goes to the store directly.
type publisher struct {
	store  *data.Store
	blog   *tui.Blog
	folder *postsFolder // nil without --posts-dir
}

var _ server.Publisher = (*publisher)(nil)

func (p *publisher) Publish(ctx context.Context, name string, src []byte) (posts.Post, error) {
	var post posts.Post
	var err error
	if name == "" {
		post, err = posts.ParsePiped(src)
	} else {
		post, err = posts.ParseUpload(name, src)
	}
	if err != nil {
		return post, err
	}
	if post.Published.IsZero() {
		// Undated: published now. In the folder the file's time says so.
		post.Published = time.Now().UTC().Truncate(time.Second)
	}
	if p.folder != nil {
		if err := p.folder.write(ctx, name, post.Slug, src); err != nil {
			return post, err
		}
	} else if err := p.store.SavePost(ctx, post); err != nil {
		return post, err
	} else if err := p.blog.PostsChanged(ctx); err != nil {
		return post, err
	}
	return p.store.Post(ctx, post.Slug)
}

func (p *publisher) Unpublish(ctx context.Context, slug string) error {
	if p.folder != nil {
		if removed, err := p.folder.remove(ctx, slug); removed || err != nil {
			return err
		}
	}
	if err := p.store.Unpublish(ctx, slug); err != nil {
		return err
	}
	return p.blog.PostsChanged(ctx)
}

func (p *publisher) Drafts(ctx context.Context) ([]posts.Post, error) {
	return p.store.Drafts(ctx)
}

// write saves a published post's file in the folder, over the file that
// holds its slug if there is one, and syncs. The write is atomic: a reader
// of the folder never sees half a file.
func (f *postsFolder) write(ctx context.Context, name, slug string, src []byte) error {
	target := f.fileFor(slug)
	if target == "" {
		if name == "" {
			name = slug + ".md"
		}
		target = filepath.Join(f.dir, name)
	}
	tmp, err := os.CreateTemp(f.dir, ".publish-*")
	if err != nil {
		return fmt.Errorf("publish %s: %w", slug, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(src); err != nil {
		tmp.Close()
		return fmt.Errorf("publish %s: %w", slug, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("publish %s: %w", slug, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("publish %s: %w", slug, err)
	}
	return f.sync(ctx)
}

// remove deletes the file holding slug and syncs; removed is false when no
// file in the folder holds it.
func (f *postsFolder) remove(ctx context.Context, slug string) (removed bool, err error) {
	target := f.fileFor(slug)
	if target == "" {
		return false, nil
	}
	if err := os.Remove(target); err != nil {
		return false, fmt.Errorf("unpublish %s: %w", slug, err)
	}
	return true, f.sync(ctx)
}

// fileFor is the file that last held slug in good shape, or "".
func (f *postsFolder) fileFor(slug string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	for path, s := range f.lastGood {
		if s == slug {
			return path
		}
	}
	return ""
}
