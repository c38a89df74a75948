package posts

import (
	"html"
	"regexp"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// numericReference is an HTML numeric character reference as Go's html
// package decodes it, which glamour uses: the closing semicolon is optional.
var numericReference = regexp.MustCompile(`&#(?:[xX][0-9a-fA-F]+|[0-9]+);?`)

// codeParser finds code blocks as glamour's parser does (GFM and
// definition lists).
var codeParser = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList)).Parser()

// DefuseEntities removes from Markdown the numeric character references
// that decode to a character CleanText removes (&#x1b; and the like): the
// sanitizer ran on the source, but renderers decode references afterwards,
// in text, link text, titles, alt text, code spans and raw HTML. Code blocks
// are shown as written, references and all, so they are left alone.
func DefuseEntities(markdown string) string {
	if !strings.Contains(markdown, "&#") {
		return markdown
	}
	src := []byte(markdown)
	code := codeBlocks(src)
	var b strings.Builder
	last := 0
	for _, m := range numericReference.FindAllStringIndex(markdown, -1) {
		ref := markdown[m[0]:m[1]]
		if insideAny(code, m[0]) || CleanText(html.UnescapeString(ref)) == html.UnescapeString(ref) {
			continue
		}
		b.WriteString(markdown[last:m[0]])
		last = m[1]
	}
	if last == 0 {
		return markdown
	}
	b.WriteString(markdown[last:])
	return b.String()
}

// span is a byte range [start, stop) of a source.
type span struct{ start, stop int }

// codeBlocks are the byte ranges of the lines of every fenced and indented
// code block in src, in order.
func codeBlocks(src []byte) []span {
	var spans []span
	ast.Walk(codeParser.Parse(text.NewReader(src)), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindFencedCodeBlock, ast.KindCodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				spans = append(spans, span{seg.Start, seg.Stop})
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	return spans
}

func insideAny(spans []span, at int) bool {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].stop > at })
	return i < len(spans) && spans[i].start <= at
}
