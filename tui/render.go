package tui

import (
	"bytes"
	"strings"
	"sync/atomic"

	glamouransi "github.com/charmbracelet/glamour/ansi"
	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/sshblog/sshblog/posts"
	linemode "github.com/sshblog/sshblog/tui/lines"
)

// renderKey names one rendering of a post: the same post at the same width in
// the same colours looks the same for every reader.
type renderKey struct {
	slug     string
	revision int64
	width    int
	look     Look
	plain    bool // the line mode's plain text (linemode.PlainPost), with no look
}

// draw renders body as k names it.
func (k renderKey) draw(body string) ([]string, error) {
	if k.plain {
		return linemode.PlainPost(body, k.width), nil
	}
	return renderMarkdown(body, k.width, k.look)
}

// rendered is a post's body as terminal lines, shared read-only by every
// session showing it.
type rendered struct {
	lines []string
	err   error
	done  chan struct{} // closed when lines or err is set
}

// RenderCache keeps rendered posts so that many readers of one post, or one
// reader resizing back and forth, render it once. Concurrent requests for the
// same rendering wait for the first one. It evicts least recently used
// renderings beyond a total size.
type RenderCache struct {
	renderings *sizedLRU[renderKey, *rendered]
	hits       atomic.Uint64
	misses     atomic.Uint64
}

// NewRenderCache makes a cache holding up to maxBytes of rendered text.
func NewRenderCache(maxBytes int) *RenderCache {
	return &RenderCache{renderings: newSizedLRU[renderKey, *rendered](maxBytes)}
}

// Stats reports cache hits and misses since start.
func (c *RenderCache) Stats() (hits, misses uint64) {
	return c.hits.Load(), c.misses.Load()
}

// cached returns a finished rendering without waiting or rendering, so a
// reader's keystroke can show a cached post in the same frame.
func (c *RenderCache) cached(k renderKey) ([]string, bool) {
	r, ok := c.renderings.get(k)
	if !ok {
		return nil, false
	}
	select {
	case <-r.done:
		if r.err != nil {
			return nil, false
		}
		c.hits.Add(1)
		return r.lines, true
	default:
		return nil, false
	}
}

// render returns the lines for k, rendering body once however many callers ask.
func (c *RenderCache) render(k renderKey, body string) ([]string, error) {
	e, found := c.renderings.fetch(k, nil, func() *rendered { return &rendered{done: make(chan struct{})} })
	r := e.val
	if found {
		c.hits.Add(1)
		<-r.done
		return r.lines, r.err
	}
	c.misses.Add(1)
	r.lines, r.err = k.draw(body)
	close(r.done)
	if r.err != nil {
		// Let the next reader try again rather than caching the failure.
		c.renderings.remove(e)
		return nil, r.err
	}
	size := 0
	for _, l := range r.lines {
		size += len(l) + 16 // the string header
	}
	c.renderings.setSize(e, size)
	return r.lines, nil
}

// markdownParser parses posts as glamour does: GitHub's Markdown and
// definition lists. It is safe for concurrent use.
var markdownParser = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.DefinitionList),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
).Parser()

// renderMarkdown renders body in the reader's colours (markdown_style.go),
// its links as the look wants them (links.go), wrapped at width by display
// width (fitline.go), as lines without trailing blank ones. It is glamour's
// own pipeline, parse then draw, with the links rewritten in between.
func renderMarkdown(body string, width int, look Look) ([]string, error) {
	source := []byte(collapseSpaces(beforeRender(body)))
	doc := markdownParser.Parse(text.NewReader(source))
	source, addresses := rewriteLinks(doc, source, look.Hyperlinks)
	draw := glamouransi.NewRenderer(glamouransi.Options{
		WordWrap:         width,
		InlineTableLinks: true, // links.go lists them under the table
		ColorProfile:     look.Profile,
		Styles:           markdownStyleFor(look),
		ChromaFormatter:  chromaFormatterFor(look),
	})
	var out bytes.Buffer
	r := renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(draw, 1000)))
	if err := r.Render(&out, source, doc); err != nil {
		return nil, err
	}
	drawn := strings.Split(strings.TrimRight(out.String(), "\n "), "\n")
	lines := gateLines(fitLines(drawn, width), addresses)
	// Drop glamour's leading blank line; the post header spaces the body.
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[0])) == "" {
		lines = lines[1:]
	}
	return lines, nil
}

// collapseSpaces turns runs of spaces inside prose lines into one space, as
// Markdown shows them anyway: glamour's wrapper counts the extra spaces and
// breaks lines early. Code (fenced or indented) and the trailing spaces of a
// hard line break are left alone.
func collapseSpaces(markdown string) string {
	if !strings.Contains(markdown, "  ") {
		return markdown
	}
	lines := strings.Split(markdown, "\n")
	fenced := false
	for i, line := range lines {
		trimmed := strings.TrimLeft(line, " ")
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fenced = !fenced
			continue
		}
		if fenced || strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t") {
			continue
		}
		indent := line[:len(line)-len(trimmed)]
		text := strings.TrimRight(trimmed, " ")
		trailing := trimmed[len(text):]
		for strings.Contains(text, "  ") {
			text = strings.ReplaceAll(text, "  ", " ")
		}
		lines[i] = indent + text + trailing
	}
	return strings.Join(lines, "\n")
}

// narrowParagraphs wraps paragraphs one column inside the document: the
// paragraph wrapper sometimes overshoots by one (after "word- word"), and
// the document's own wrap would then break that line again, leaving a
// one-word line. An indent of one with an empty indent token narrows the
// paragraph without moving it.
func narrowParagraphs(style glamouransi.StyleConfig) glamouransi.StyleConfig {
	one, none := uint(1), ""
	style.Paragraph.Indent = &one
	style.Paragraph.IndentToken = &none
	return style
}

// keyFor builds the cache key for post p drawn at width for this reader.
func keyFor(p posts.Post, width int, look Look) renderKey {
	return renderKey{slug: p.Slug, revision: p.Revision, width: width, look: look}
}
