package blog

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// PostStore is what publishing needs from storage.
type PostStore interface {
	SavePost(ctx context.Context, p posts.Post) error
	Unpublish(ctx context.Context, slug string) error
	Drafts(ctx context.Context) ([]posts.Post, error)
	Post(ctx context.Context, slug string) (posts.Post, error)
}

// Publisher publishes what admins send. With a posts folder, the folder
// stays the source of truth: a post is written there as a file and the
// folder is synced; without one, the post goes to the store directly.
type Publisher struct {
	store  PostStore
	blog   *Blog
	folder *Folder // nil without a posts folder
}

// NewPublisher publishes blog's posts into store, or into folder when it is
// not nil.
func NewPublisher(store PostStore, blog *Blog, folder *Folder) *Publisher {
	return &Publisher{store: store, blog: blog, folder: folder}
}

// Publish parses src (a file called name, or piped text when name is "")
// and publishes it, undated posts now.
func (p *Publisher) Publish(ctx context.Context, name string, src []byte) (posts.Post, error) {
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
		post.Published = p.blog.Now().UTC().Truncate(time.Second)
	}
	if p.folder != nil {
		if err := p.folder.write(ctx, name, post.Slug, src); err != nil {
			return post, diskFull(err, "the post")
		}
	} else if err := p.store.SavePost(ctx, post); err != nil {
		return post, diskFull(err, "the post")
	} else if err := p.blog.PostsChanged(ctx); err != nil {
		return post, err
	}
	return p.store.Post(ctx, post.Slug)
}

// Unpublish takes the post with slug down; its comments are kept.
func (p *Publisher) Unpublish(ctx context.Context, slug string) error {
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

// Drafts are the posts not shown to readers yet.
func (p *Publisher) Drafts(ctx context.Context) ([]posts.Post, error) {
	return p.store.Drafts(ctx)
}

// write saves a published post's file in the folder, over the file that
// holds its slug if there is one, and syncs. The write is atomic: a reader
// of the folder never sees half a file.
func (f *Folder) write(ctx context.Context, name, slug string, src []byte) error {
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
	// On disk before it takes the post's name: a power cut leaves the old file or the new one.
	if err := tmp.Sync(); err != nil {
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
	return f.Sync(ctx)
}

// remove deletes the file holding slug and syncs; removed is false when no
// file in the folder holds it.
func (f *Folder) remove(ctx context.Context, slug string) (removed bool, err error) {
	target := f.fileFor(slug)
	if target == "" {
		return false, nil
	}
	if err := os.Remove(target); err != nil {
		return false, fmt.Errorf("unpublish %s: %w", slug, err)
	}
	return true, f.Sync(ctx)
}

// fileFor is the file that last held slug in good shape, or "".
func (f *Folder) fileFor(slug string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	for path, s := range f.lastGood {
		if s == slug {
			return path
		}
	}
	return ""
}
