package lines

import (
	"io"
	"strings"

	"github.com/sshblog/sshblog/posts"
)

// printer appends lines to the conversation. Everything it writes is
// cleaned of controls and escape sequences first, so that no post, title,
// name or comment drives the terminal; the only controls it sends are line
// ends (and the editor's backspaces). It remembers the first write error:
// once the client is gone, the session ends.
type printer struct {
	w     io.Writer
	crlf  bool       // a terminal without the client's line discipline: \r\n
	width func() int // lines are wrapped at it, between words; nil: 80
	err   error
}

// lines writes each of ls as lines wrapped at the width (a line's indent
// kept on the lines it wraps onto), in one write.
func (p *printer) lines(ls ...string) {
	var b strings.Builder
	for _, l := range ls {
		for _, w := range p.wrapped(l) {
			b.WriteString(w)
			b.WriteString(p.newline())
		}
	}
	p.write(b.String())
}

// prompt writes s and leaves the line open for what the person types.
func (p *printer) prompt(s string) {
	ws := p.wrapped(s)
	p.write(strings.Join(ws, p.newline()) + " ")
}

func (p *printer) wrapped(l string) []string {
	l = oneLine(l)
	text := strings.TrimLeft(l, " ")
	indent := l[:len(l)-len(text)]
	width := defaultWidth
	if p.width != nil {
		width = p.width()
	}
	return wrap(indent, indent, text, width)
}

// oneLine is s cleaned (posts.CleanText) as one line: its indent kept,
// newlines and tabs as spaces, trailing spaces dropped.
func oneLine(s string) string { return strings.TrimRight(posts.CleanInline(s), " ") }

func (p *printer) newline() string {
	if p.crlf {
		return "\r\n"
	}
	return "\n"
}

// write sends s as it is: the editor's echo, already clean.
func (p *printer) write(s string) {
	if p.err != nil || s == "" {
		return
	}
	_, p.err = io.WriteString(p.w, s)
}
