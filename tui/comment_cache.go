package tui

import (
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/posts"
)

// commentCacheBytes bounds the laid-out comment text kept for all sessions.
const commentCacheBytes = 32 << 20

// commentCache keeps comments' text wrapped and styled, shared by every
// session: a thread that a thousand readers open is laid out once per width
// and look, not once per reader, and each reader holds only pointers to it.
type commentCache struct {
	layouts *sizedLRU[layoutKey, *laidComment]
}

// layoutKey names one comment laid out at one width in one look.
type layoutKey struct {
	id     int64
	edited int64 // unix seconds of the last edit; the text is checked too
	width  int
	look   Look
}

// laidComment is one comment's text as the lines a reader draws under its
// head line, shared read-only once made.
type laidComment struct {
	body  string // the text laid out; readers keep this copy, not their own
	once  sync.Once
	lines []string
}

func newCommentCache(maxBytes int) *commentCache {
	return &commentCache{layouts: newSizedLRU[layoutKey, *laidComment](maxBytes)}
}

// text is c's text laid out for a thread column width wide in st's look.
// Sessions asking at once for the same text wait for one layout.
func (cc *commentCache) text(c posts.Comment, width int, st *styles) *laidComment {
	k := layoutKey{id: c.ID, edited: c.Edited.Unix(), width: width, look: st.look}
	entry, _ := cc.layouts.fetch(k,
		func(e *laidComment) bool { return e.body != c.Body }, // two edits within a second share a key
		func() *laidComment { return &laidComment{body: c.Body} })
	e := entry.val
	e.once.Do(func() {
		e.lines = layoutText(c, width, st)
		size := 64
		for _, l := range e.lines {
			size += len(l) + 16 // and the string header
		}
		cc.layouts.setSize(entry, size)
	})
	return e
}

// layoutText wraps c's text, made safe for a terminal, to width (less the
// indent of a reply) and styles each line.
func layoutText(c posts.Comment, width int, st *styles) []string {
	indent := ""
	if c.ParentID != 0 {
		indent = strings.Repeat(" ", replyIndent)
		width -= replyIndent
	}
	text := strings.ReplaceAll(c.Body, "\t", "    ")
	wrapped := strings.Split(ansi.Wrap(text, max(width, 1), ""), "\n")
	lines := make([]string, len(wrapped))
	for i, l := range wrapped {
		lines[i] = indent + st.excerpt.Render(l)
	}
	return lines
}
