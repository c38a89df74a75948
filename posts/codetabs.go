package posts

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// ExpandCodeTabs replaces the tabs in Markdown's code blocks with spaces to
// the next multiple of width columns, counted from the start of the code
// block's text: a terminal would jump a raw tab to its own 8-column stops,
// from the screen's edge, and leave what was under it on the screen.
func ExpandCodeTabs(markdown string, width int) string {
	if !strings.Contains(markdown, "\t") {
		return markdown
	}
	var b strings.Builder
	last := 0
	for _, s := range codeBlocks([]byte(markdown)) {
		line := markdown[s.start:s.stop]
		if !strings.Contains(line, "\t") {
			continue
		}
		b.WriteString(markdown[last:s.start])
		b.WriteString(ExpandTabs(line, width))
		last = s.stop
	}
	if last == 0 {
		return markdown
	}
	b.WriteString(markdown[last:])
	return b.String()
}

// ExpandTabs replaces the tabs of s with spaces to the next multiple of
// width columns from the start of each line, counting columns as a terminal
// does: escape sequences take none, wide characters two.
func ExpandTabs(s string, width int) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		if !strings.Contains(line, "\t") {
			continue
		}
		var b strings.Builder
		col := 0
		for j, part := range strings.Split(line, "\t") {
			if j > 0 {
				n := width - col%width
				b.WriteString(strings.Repeat(" ", n))
				col += n
			}
			b.WriteString(part)
			col += ansi.StringWidth(part)
		}
		lines[i] = b.String()
	}
	return strings.Join(lines, "\n")
}
