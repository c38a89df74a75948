package tui

import "github.com/sshblog/sshblog/posts"

// codeTabWidth is the tab stop in code blocks, from the code's first column:
// 4, as pkg.go.dev and most editors show Go; 8 would push nested code off an
// 80-column reader.
const codeTabWidth = 4

// beforeRender makes a post's Markdown safe to decode: character references
// that would decode to control characters are removed, and tabs in code
// become spaces at codeTabWidth stops.
func beforeRender(body string) string {
	return posts.ExpandCodeTabs(posts.DefuseEntities(body), codeTabWidth)
}

// afterRender is the gate every rendered post passes: only the SGR sequences
// of our own styling stay, and any tab left (in prose) becomes spaces, so
// what a post draws moves no cursor and drives no terminal.
func afterRender(out string) string {
	return posts.ExpandTabs(posts.KeepSGR(out), codeTabWidth)
}

// noTabs is the frame writer's last guard: a raw tab jumps the cursor
// without erasing what it passes, so what was under it shows through.
func noTabs(line string) string { return posts.ExpandTabs(line, codeTabWidth) }
