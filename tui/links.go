package tui

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// A post's links are rewritten in its Markdown tree before glamour draws
// it, since glamour prints each link's address inline after its text:
//
//   - with hyperlinks on, the text is drawn as an OSC 8 hyperlink and the
//     address not at all;
//   - else the text is followed by a number, [1], and the addresses are
//     listed under the paragraph, one a line: "[1] https://…".
//
// Images become links whose text is "[image: ALT]". Links in tables are
// listed under the table (glamour's own list for tables is off, so that
// one post has one numbering). Marks of ours
// (control characters, which no post can hold: posts are cleaned of them
// before they are parsed) stand where a hyperlink opens and closes and
// where a footnote line starts, and gateRendered turns them into our own
// sequences, each address checked.

const (
	markOpen     = "\x0e" // a hyperlink starts: the next address in order
	markClose    = "\x0f" // the hyperlink ends
	markFootnote = "\x10" // this line lists addresses; its neighbours too
)

// linkSchemes are the addresses a reader's terminal is given to open.
var linkSchemes = map[string]bool{"http": true, "https": true, "mailto": true, "ftp": true, "gemini": true, "gopher": true}

// clickable reports whether u may become a hyperlink: an absolute URL of a
// scheme we allow, with no control character or space in it.
func clickable(u string) bool {
	for _, r := range u {
		if r <= ' ' || r == 0x7f || r >= 0x80 && r <= 0x9f {
			return false
		}
	}
	p, err := url.Parse(u)
	return err == nil && linkSchemes[strings.ToLower(p.Scheme)] && (p.Host != "" || p.Opaque != "")
}

// linkRewriter rewrites one document; source grows with the text it adds
// (new text nodes point into it).
type linkRewriter struct {
	source     []byte
	hyperlinks bool
	addresses  []string // the hyperlinks' addresses, in document order
	footnotes  int      // numbered so far
}

// rewriteLinks rewrites doc's links for drawing, returning the source its
// new text is in and the hyperlinks' addresses in order.
func rewriteLinks(doc ast.Node, source []byte, hyperlinks bool) ([]byte, []string) {
	w := &linkRewriter{source: source, hyperlinks: hyperlinks}
	var found []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindLink, ast.KindImage, ast.KindAutoLink:
			found = append(found, n)
		}
		return ast.WalkContinue, nil
	})
	notes := map[ast.Node][]ast.Node{} // a block and the footnote lines under it
	var blocks []ast.Node
	for _, n := range found {
		block, note := w.rewrite(n)
		if note == nil {
			continue
		}
		if _, ok := notes[block]; !ok {
			blocks = append(blocks, block)
		}
		notes[block] = append(notes[block], note)
	}
	for _, block := range blocks {
		after := block
		for _, note := range notes[block] {
			block.Parent().InsertAfter(block.Parent(), after, note)
			after = note
		}
	}
	return w.source, w.addresses
}

// text is a new text node holding s.
func (w *linkRewriter) text(s string) *ast.Text {
	start := len(w.source)
	w.source = append(w.source, s...)
	return ast.NewTextSegment(text.NewSegment(start, len(w.source)))
}

// rewrite rewrites one link, image or autolink; it returns the footnote
// line to put under block, or nil.
func (w *linkRewriter) rewrite(n ast.Node) (block, note ast.Node) {
	var link *ast.Link
	var address string
	switch n := n.(type) {
	case *ast.Image:
		link = ast.NewLink()
		address = string(n.Destination)
		alt := n.Text(w.source) //nolint:staticcheck // the alt text, as glamour takes it
		label := "[image]"
		if len(alt) > 0 {
			label = "[image: " + string(alt) + "]"
		}
		link.AppendChild(link, w.text(label))
		n.Parent().ReplaceChild(n.Parent(), n, link)
	case *ast.AutoLink:
		if !w.hyperlinks {
			return nil, nil // its text is its address already
		}
		link = ast.NewLink()
		address = string(n.URL(w.source))
		link.AppendChild(link, w.text(string(n.Label(w.source))))
		n.Parent().ReplaceChild(n.Parent(), n, link)
	case *ast.Link:
		link, address = n, string(n.Destination)
	}
	if u, err := url.Parse(address); address == "" || err == nil && "#"+u.Fragment == address {
		return nil, nil // a link within the page, which glamour leaves out too
	}
	link.Destination = []byte("#") // glamour draws no address for "#"
	if w.hyperlinks && clickable(address) {
		w.addresses = append(w.addresses, address)
		link.InsertBefore(link, link.FirstChild(), w.text(markOpen))
		link.AppendChild(link, w.text(markClose))
		return nil, nil
	}
	w.footnotes++
	number := "[" + strconv.Itoa(w.footnotes) + "]"
	link.Parent().InsertAfter(link.Parent(), link, w.text(number))
	line := ast.NewParagraph()
	line.AppendChild(line, w.text(markFootnote+number+" "+address))
	return blockOf(link), line
}

// blockOf is the block n's footnote goes under: its paragraph, heading,
// list item or table.
func blockOf(n ast.Node) ast.Node {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == extast.KindTable {
			return p
		}
	}
	for n.Parent() != nil && n.Type() != ast.TypeBlock {
		n = n.Parent()
	}
	if p := n.Parent(); p != nil && p.Kind() == ast.KindListItem {
		return p // under the item, not inside its text
	}
	return n
}

// gateLines is the gate every rendered post passes (gate.go), line by
// line, with the marks in glamour's drawn lines turned into our own
// sequences: a hyperlink to a checked address, closed at the end of each
// line it spans and opened again on the next (each line is drawn on its
// own). The blank lines glamour puts between footnote lines go.
func gateLines(lines []string, addresses []string) []string {
	out := make([]string, 0, len(lines))
	next, open := 0, ""
	for i, l := range lines {
		if strings.TrimSpace(ansi.Strip(l)) == "" && i > 0 && i+1 < len(lines) &&
			strings.Contains(lines[i-1], markFootnote) && strings.Contains(lines[i+1], markFootnote) {
			continue
		}
		if open == "" && !strings.ContainsAny(l, markOpen+markClose+markFootnote) {
			out = append(out, afterRender(l))
			continue
		}
		var b strings.Builder
		if open != "" {
			b.WriteString(ansi.SetHyperlink(open))
		}
		for {
			cut := strings.IndexAny(l, markOpen+markClose+markFootnote)
			if cut < 0 {
				b.WriteString(afterRender(l))
				break
			}
			b.WriteString(afterRender(l[:cut]))
			switch l[cut : cut+1] {
			case markOpen:
				open = ""
				if next < len(addresses) && clickable(addresses[next]) {
					open = addresses[next]
					b.WriteString(ansi.SetHyperlink(open))
				}
				next++
			case markClose:
				if open != "" {
					b.WriteString(ansi.ResetHyperlink())
				}
				open = ""
			}
			l = l[cut+1:]
		}
		if open != "" {
			b.WriteString(ansi.ResetHyperlink())
		}
		out = append(out, b.String())
	}
	return out
}
