package tui

import (
	"context"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/posts"
)

// Library is what the reader needs from storage.
type Library interface {
	ListPosts(ctx context.Context) ([]posts.Post, error)
	Post(ctx context.Context, slug string) (posts.Post, error)
	Search(ctx context.Context, query string, limit int) ([]posts.Match, error)
}

// Blog is what every session shares: the blog's name, the current list of
// posts (one read-only snapshot, not a copy per reader) and the render cache.
type Blog struct {
	Name  string
	lib   Library
	cache *RenderCache
	list  atomic.Pointer[[]posts.Post]
}

// queryTimeout bounds one storage call made for a reader.
const queryTimeout = 5 * time.Second

// NewBlog loads the post list from lib.
func NewBlog(ctx context.Context, name string, lib Library, cache *RenderCache) (*Blog, error) {
	b := &Blog{Name: name, lib: lib, cache: cache}
	return b, b.Refresh(ctx)
}

// Refresh reloads the shared post list; sessions see it when next told.
func (b *Blog) Refresh(ctx context.Context) error {
	list, err := b.lib.ListPosts(ctx)
	if err != nil {
		return err
	}
	b.list.Store(&list)
	return nil
}

// Posts is the current list, newest first. Callers must not modify it.
func (b *Blog) Posts() []posts.Post {
	if l := b.list.Load(); l != nil {
		return *l
	}
	return nil
}

// renderedMsg carries a post's rendered body (or why it failed) to a session.
type renderedMsg struct {
	key   renderKey
	lines []string
	err   error
}

// renderCmd fetches the post's body and renders it through the cache, off the
// session's event loop.
func (b *Blog) renderCmd(p posts.Post, width int, look Look) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
		defer cancel()
		full, err := b.lib.Post(ctx, p.Slug)
		key := keyFor(full, width, look)
		if err != nil {
			return renderedMsg{key: keyFor(p, width, look), err: err}
		}
		lines, err := b.cache.render(key, full.Body)
		return renderedMsg{key: key, lines: lines, err: err}
	}
}
