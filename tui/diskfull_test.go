package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// fullDisk is a store whose disk is full: every comment is refused.
type fullDisk struct{ blog.CommentStore }

func (fullDisk) AddComment(context.Context, posts.NewComment) (posts.Comment, error) {
	return posts.Comment{}, fmt.Errorf("add comment: %w", posts.ErrDiskFull)
}

// A comment the full disk refused is told as such, and the reader's text
// stays in the composer for when space is back.
func TestFullDiskKeepsTheCommentAndSaysWhy(t *testing.T) {
	site, store := sampleBlog(t)
	threads := newThreads(fullDisk{store}, site, posts.RateLimit{})
	m := asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:dan", User: "dan"}, 80, 24)
	update(m, keys("w"), keys("Words I would hate to lose."))
	update(m, sendAnswer(t, m))
	flat := strings.Join(strings.Fields(m.View()), " ")
	if !strings.Contains(flat, "The blog's disk is full: your comment was not saved. Try again later.") {
		t.Errorf("the refusal does not say why:\n%s", m.View())
	}
	if !strings.Contains(flat, "Words I would hate to lose.") {
		t.Errorf("the reader's text is gone:\n%s", m.View())
	}
}
