package lines

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/sshblog/sshblog/posts"
)

// parser reads posts as the full-screen reader's glamour does: GFM and
// definition lists.
var parser = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList)).Parser()

// PlainPost is a post's Markdown as plain lines wrapped at width, for the ear
// and the braille display: headings as their words, lists with their
// markers, links as "text (url)", images as "[image: alt] (url)", code
// introduced and closed in words. Every line is cleaned of controls and
// escape sequences, whatever the Markdown decoded them from.
func PlainPost(markdown string, width int) []string {
	src := []byte(posts.ExpandCodeTabs(markdown, 4))
	w := &blockWriter{src: src, width: width}
	w.blocks(parser.Parse(text.NewReader(src)), "", "")
	for len(w.out) > 0 && w.out[len(w.out)-1] == "" {
		w.out = w.out[:len(w.out)-1]
	}
	return w.out
}

// blockWriter turns block nodes into wrapped lines.
type blockWriter struct {
	src   []byte
	width int
	out   []string
}

// gap puts one blank line between blocks.
func (w *blockWriter) gap() {
	if len(w.out) > 0 && w.out[len(w.out)-1] != "" {
		w.out = append(w.out, "")
	}
}

// para writes text wrapped, its first line after first and the others
// after rest (the same width of indent, for a list item's hanging lines).
func (w *blockWriter) para(s, first, rest string) {
	w.out = append(w.out, wrap(first, rest, s, w.width)...)
}

// blocks writes the children of n, each block's first line after first
// and every other line after indent.
func (w *blockWriter) blocks(n ast.Node, first, indent string) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		w.block(c, first, indent)
		first = indent
	}
}

func (w *blockWriter) block(n ast.Node, first, indent string) {
	switch n := n.(type) {
	case *ast.Heading:
		w.gap()
		w.para(inline(n, w.src), first, indent)
		w.gap()
	case *ast.Paragraph, *ast.TextBlock:
		if spaced(n) {
			w.gap()
		}
		w.para(inline(n, w.src), first, indent)
	case *ast.List:
		if spaced(n) {
			w.gap()
		}
		number := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			marker := "- "
			if n.IsOrdered() {
				marker = strconv.Itoa(number) + ". "
				number++
			}
			if !n.IsTight {
				w.gap()
			}
			w.blocks(item, first+marker, indent+strings.Repeat(" ", len(marker)))
			first = indent
		}
	case *ast.Blockquote:
		w.gap()
		w.out = append(w.out, first+"Quote:")
		w.blocks(n, indent+"  ", indent+"  ")
		w.out = append(w.out, indent+"End of quote.")
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		w.gap()
		intro := "Code:"
		if f, ok := n.(*ast.FencedCodeBlock); ok && f.Language(w.src) != nil {
			intro = "Code, " + posts.CleanLine(string(f.Language(w.src))) + ":"
		}
		w.out = append(w.out, first+intro)
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			w.out = append(w.out, indent+"    "+strings.TrimRight(posts.CleanText(string(seg.Value(w.src))), "\n"))
		}
		w.out = append(w.out, indent+"End of code.")
	case *ast.ThematicBreak:
		w.gap()
	case *extast.Table:
		w.gap()
		w.table(n, first, indent)
	case *ast.HTMLBlock:
		// Raw HTML is markup, not text: the full-screen reader shows none of it either.
	case *extast.DefinitionList:
		w.gap()
		w.blocks(n, first, indent)
	case *extast.DefinitionTerm:
		w.para(inline(n, w.src), first, indent)
	case *extast.DefinitionDescription:
		w.blocks(n, indent+"  ", indent+"  ")
	default:
		w.blocks(n, first, indent)
	}
}

// spaced reports whether a block gets a blank line before it: not the
// first in a quote or list item (which its marker or "Quote:" introduces),
// nor any in a tight list's item.
func spaced(n ast.Node) bool {
	parent := n.Parent()
	if item, ok := parent.(*ast.ListItem); ok {
		if list, ok := item.Parent().(*ast.List); ok && list.IsTight {
			return false
		}
	}
	_, top := parent.(*ast.Document)
	return top || n.PreviousSibling() != nil
}

// table writes each row as "heading: cell; heading: cell.", which reads
// aloud as a sentence where columns would mean nothing.
func (w *blockWriter) table(t *extast.Table, first, indent string) {
	var heads []string
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			cells = append(cells, inline(cell, w.src))
		}
		if _, isHeader := row.(*extast.TableHeader); isHeader {
			heads = cells
			w.para("Table: "+strings.Join(cells, ", ")+".", first, indent)
			first = indent
			continue
		}
		for i := range cells {
			if i < len(heads) && heads[i] != "" {
				cells[i] = heads[i] + ": " + cells[i]
			}
		}
		w.para(strings.Join(cells, "; ")+".", first+"  ", indent+"  ")
		first = indent
	}
}

// inline is the text of n's inline children on one line, hard breaks as
// newlines.
func inline(n ast.Node, src []byte) string {
	var b strings.Builder
	inlineTo(&b, n, src)
	return posts.CleanText(strings.TrimSpace(b.String()))
}

func inlineTo(b *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(textValue(c.Segment.Value(src), c.IsRaw()))
			switch {
			case c.HardLineBreak():
				b.WriteByte('\n')
			case c.SoftLineBreak():
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(textValue(c.Value, c.IsRaw()))
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if s, ok := t.(*ast.Text); ok {
					b.Write(s.Segment.Value(src))
				}
			}
		case *ast.Link:
			label := inline(c, src)
			b.WriteString(linked(label, string(c.Destination)))
		case *ast.AutoLink:
			b.WriteString(string(c.URL(src)))
		case *ast.Image:
			alt := inline(c, src)
			if alt == "" {
				b.WriteString("[image] (" + string(c.Destination) + ")")
			} else {
				b.WriteString("[image: " + alt + "] (" + string(c.Destination) + ")")
			}
		case *extast.TaskCheckBox:
			if c.IsChecked {
				b.WriteString("[done] ")
			} else {
				b.WriteString("[to do] ")
			}
		case *ast.RawHTML:
			// Inline tags are markup, not text.
		default:
			inlineTo(b, c, src)
		}
	}
}

// linked is a link as it reads: "text (url)", or the address alone when it
// is its own text.
func linked(label, url string) string {
	switch {
	case url == "" || url == label:
		return label
	case label == "":
		return url
	}
	return label + " (" + url + ")"
}

// textValue decodes backslash escapes and character references, as an HTML
// renderer would; raw text is as written.
func textValue(v []byte, raw bool) []byte {
	if raw {
		return v
	}
	return util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
}
