package tui

import "github.com/sshblog/sshblog/posts"

// excerptNote ends a post whose text is only the opening of the original,
// so that a reader knows the "…" is not where the writer stopped.
const excerptNote = "The original post continues beyond this excerpt."

// readableBody is the Markdown drawn for p: its body, and for an excerpt
// the note that says so.
func readableBody(p posts.Post) string {
	if !p.Excerpt {
		return p.Body
	}
	return p.Body + "\n\n---\n\n" + excerptNote
}

// lengthNote says how long p takes to read, "5 min read", or that it is an
// excerpt, whose minute would mislead.
func lengthNote(p posts.Post) string {
	if p.Excerpt {
		return "excerpt"
	}
	return readingTime(p)
}
