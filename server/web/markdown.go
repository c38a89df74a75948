package web

import (
	"bytes"
	"html"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/sshblog/sshblog/posts"
)

// markdown turns posts into HTML: GitHub's flavour, raw HTML left out (not
// passed through: goldmark's default), links with dangerous schemes
// dropped, and fenced code highlighted with classes, which the stylesheet
// colours, so no inline style needs the CSP's leave.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(codeRenderer{}, 100))),
)

// postHTML renders a post's Markdown. Character references that decode to
// control characters or bidi overrides are defused first and the result is
// cleaned, as for the terminal and the feed.
func postHTML(body string) (string, error) {
	var out bytes.Buffer
	if err := markdown.Convert([]byte(posts.DefuseEntities(body)), &out); err != nil {
		return "", err
	}
	return posts.CleanText(out.String()), nil
}

// codeRenderer highlights fenced code blocks with chroma.
type codeRenderer struct{}

var codeFormatter = chromahtml.New(chromahtml.WithClasses(true))

func (codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, renderCode)
}

func renderCode(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		code.Write(seg.Value(source))
	}
	src := code.String() // tabs: the stylesheet sets tab-size
	lexer := lexers.Get(string(n.Language(source)))
	if lexer != nil {
		if tokens, err := chroma.Coalesce(lexer).Tokenise(nil, src); err == nil {
			return ast.WalkSkipChildren, codeFormatter.Format(w, styles.Fallback, tokens)
		}
	}
	w.WriteString(`<pre class="chroma"><code>`)
	w.WriteString(html.EscapeString(src))
	w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}
