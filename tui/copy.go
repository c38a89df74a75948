package tui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// clipboardMsg asks the session to put text on the reader's clipboard with
// OSC 52; the screen, which owns the terminal, writes it (screen.go).
type clipboardMsg struct{ text string }

// clipboardSequence is the OSC 52 sequence that puts text on the system
// clipboard. The text is base64, so nothing in it reaches the terminal as
// a control.
func clipboardSequence(text string) string { return ansi.SetSystemClipboard(text) }

// postLink is what y copies, for sharing: the post's web address when the
// blog has one (--base-url), else the command that opens it.
func (m *Model) postLink() string {
	if link := m.blog.PostURL(m.post.post.Slug); link != "" {
		return link
	}
	return "ssh -t " + sshTarget(m.blog.Address) + " read " + m.post.post.Slug
}

// copyLink answers y in a post: its link to the clipboard, or why not.
func (m *Model) copyLink() tea.Cmd {
	if !m.settings.Copy {
		m.say("Copying is off; i opens your profile to turn it on.", false)
		return nil
	}
	link := m.postLink()
	// Terminals that do not take OSC 52 ignore it, and cannot tell us.
	cmd := m.sayForAWhile("Sent to your clipboard: " + link + " (if your terminal allows OSC 52).")
	return tea.Batch(func() tea.Msg { return clipboardMsg{text: link} }, cmd)
}
