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
// It is bounded in two generations: when the newer fills half the budget the
// older is dropped, and an entry used from the older moves to the newer.
type commentCache struct {
	mu       sync.Mutex
	cur, old map[layoutKey]*laidComment
	curSize  int
	maxBytes int
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
	size  int // guarded by the cache's mu
}

func newCommentCache(maxBytes int) *commentCache {
	return &commentCache{cur: map[layoutKey]*laidComment{}, maxBytes: maxBytes}
}

// text is c's text laid out for a thread column width wide in st's look.
// Sessions asking at once for the same text wait for one layout.
func (cc *commentCache) text(c posts.Comment, width int, st *styles) *laidComment {
	k := layoutKey{id: c.ID, edited: c.Edited.Unix(), width: width, look: st.look}
	cc.mu.Lock()
	e := cc.cur[k]
	if e == nil || e.body != c.Body { // two edits within a second share a key
		if prev := cc.old[k]; prev != nil && prev.body == c.Body {
			e = prev
			cc.curSize += e.size
		} else {
			e = &laidComment{body: c.Body}
		}
		cc.cur[k] = e
		cc.trim()
	}
	cc.mu.Unlock()
	e.once.Do(func() {
		e.lines = layoutText(c, width, st)
		size := 64
		for _, l := range e.lines {
			size += len(l) + 16 // and the string header
		}
		cc.mu.Lock()
		e.size = size
		cc.curSize += size
		cc.trim()
		cc.mu.Unlock()
	})
	return e
}

// trim starts a new generation once the current one holds half the budget.
func (cc *commentCache) trim() {
	if cc.curSize > cc.maxBytes/2 {
		cc.old, cc.cur, cc.curSize = cc.cur, map[layoutKey]*laidComment{}, 0
	}
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
