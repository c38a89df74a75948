package lines

import (
	"fmt"
	"strings"

	"github.com/sshblog/sshblog/posts"
)

// What changed while the person read is said before their next prompt,
// never while they type: new comments on the open post by others, and
// posts published or taken down. The listener is a mailbox, looked in at
// each prompt; nothing wakes the session for it.

// leavePost goes from the open post to the list.
func (s *session) leavePost() {
	s.open, s.thread = -1, nil
	s.follow()
}

// follow points the listener at the open post's comments, or at the list.
func (s *session) follow() {
	if s.opts.Listener == nil {
		return
	}
	if s.open < 0 {
		s.opts.Listener.Follow("")
		return
	}
	s.opts.Listener.Follow(s.view[s.open].Slug)
}

// tellChanges says what came in the listener's mailbox since the last
// prompt.
func (s *session) tellChanges() {
	l := s.opts.Listener
	if l == nil {
		return
	}
	select {
	case <-l.Ready():
	default:
		return
	}
	changes := l.Take()
	if changes.Posts {
		s.out.lines("Posts were published or taken down since the list was shown; type b for the list as it is now.")
	}
	if s.open < 0 {
		return // the list's counts are read afresh when it is shown
	}
	var by []string
	seen := map[int64]bool{}
	for _, c := range changes.Comments {
		if c.Author == s.opts.Viewer.Fingerprint || seen[c.ID] || !c.Visible() || !c.Edited.IsZero() || c.PostSlug != s.view[s.open].Slug {
			continue // their own, a repeat, or an edit or removal
		}
		seen[c.ID] = true
		by = append(by, c.AuthorName)
	}
	switch {
	case len(by) > 0:
		s.out.lines(fmt.Sprintf("%s on this post since you opened it, by %s; type c to list the comments.", posts.Count(len(by), "new comment"), strings.Join(by, ", ")))
	case changes.Lost:
		s.out.lines("Comments on this post changed since you opened it; type c to list them.")
	}
}
