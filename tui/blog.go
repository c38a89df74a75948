package tui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// Blog is what every reader session shares: the blog's services, and the
// caches of what sessions draw alike (rendered posts, laid-out comments).
type Blog struct {
	*blog.Blog
	cache   *RenderCache
	layouts *commentCache
	// The blog's posts and bad files as the reader may draw them (clean.go).
	posts    cleanShared[posts.Post]
	problems cleanShared[string]
}

// NewBlog serves the reader of b, rendering posts through cache.
func NewBlog(b *blog.Blog, cache *RenderCache) *Blog {
	r := &Blog{Blog: b, cache: cache, layouts: newCommentCache(commentCacheBytes)}
	r.posts.clean, r.problems.clean = cleanPost, cleanString
	return r
}

// Posts is the blog's list, cleaned for a terminal.
func (b *Blog) Posts() []posts.Post { return b.posts.of(b.Blog.Posts()) }

// Problems is the blog's bad post files, cleaned for a terminal: they
// quote the files.
func (b *Blog) Problems() []string { return b.problems.of(b.Blog.Problems()) }

// Search is the blog's search, its results cleaned for a terminal.
func (b *Blog) Search(ctx context.Context, query string, limit int) ([]posts.Match, error) {
	found, err := b.Blog.Search(ctx, query, limit)
	found, _ = cleanEach(found, cleanMatch)
	return found, err
}

// PlainPost is p's text as the line mode prints it at width, made once
// for every session through the cache of the full-screen reader's posts.
func (b *Blog) PlainPost(p posts.Post, width int) []string {
	lines, _ := b.cache.render(renderKey{slug: p.Slug, revision: p.Revision, width: width, plain: true}, p.Body) // plain text has no error
	return lines
}

// queryTimeout bounds one storage call made for a reader.
const queryTimeout = 5 * time.Second

// queryCmd is a command that runs ask off the session's event loop, with a
// context that ends after queryTimeout.
func queryCmd(ask func(ctx context.Context) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
		defer cancel()
		return ask(ctx)
	}
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
	return queryCmd(func(ctx context.Context) tea.Msg {
		full, err := b.Post(ctx, p.Slug)
		key := keyFor(full, width, look)
		if err != nil {
			return renderedMsg{key: keyFor(p, width, look), err: err}
		}
		lines, err := b.cache.render(key, readableBody(full))
		return renderedMsg{key: key, lines: lines, err: err}
	})
}
