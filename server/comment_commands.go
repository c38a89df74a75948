package server

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// maxCommentInput bounds what `comment` reads from stdin: enough for the
// longest comment in 4-byte characters, with room for the spaces around it.
// A longer input is refused whole, never cut.
const maxCommentInput = 4*posts.MaxCommentRunes + 1024

// errNoComments is what the comment commands say on a blog without them.
var errNoComments = refuse("this blog does not take comments")

// postComment reads a comment from stdin and posts it as the session's key:
// echo "text" | ssh HOST comment SLUG [REPLY-TO-ID]. It prints the new id on
// stdout, for scripts, and what happened on stderr, for people.
func (c *commands) postComment(x *call) error {
	if c.threads == nil {
		return errNoComments
	}
	var parent int64
	if len(x.args) == 2 {
		id, err := strconv.ParseInt(strings.TrimPrefix(x.args[1], "#"), 10, 64)
		if err != nil || id <= 0 {
			return usageError("%q is not a comment id (the number comments shows after #)", x.args[1])
		}
		parent = id
	}
	slug := x.args[0]
	title, ok := publishedTitle(c.blog, slug)
	if !ok {
		return c.noPost(slug)
	}
	text, err := io.ReadAll(io.LimitReader(x.in, maxCommentInput+1))
	if err != nil {
		return refuse("reading the comment: %v", err)
	}
	if len(text) > maxCommentInput {
		return refuse("the comment is over %d bytes, and the most is %d characters; nothing was posted",
			maxCommentInput, posts.MaxCommentRunes)
	}
	ctx, cancel := x.storage()
	defer cancel()
	added, err := c.threads.Add(ctx, x.viewer, slug, parent, string(text))
	if errors.Is(err, posts.ErrNoName) {
		return refuse("%s Set one with: ssh %s name YOUR-NAME, then send the comment again.", posts.Message(err), c.address())
	}
	if err != nil {
		return serviceError(err)
	}
	fmt.Fprintln(x.out, added.ID)
	under := fmt.Sprintf("under “%s”", title)
	if parent != 0 {
		under = fmt.Sprintf("in reply to #%d %s", parent, under)
	}
	fmt.Fprintf(x.errOut, "Posted comment #%d %s.\n", added.ID, under)
	return nil
}

// commentPage is how many comments printComments asks for at a time.
const commentPage = 200

// printComments prints a post's thread as plain text, a page at a time.
func (c *commands) printComments(x *call) error {
	if c.threads == nil {
		return errNoComments
	}
	slug := x.args[0]
	title, ok := publishedTitle(c.blog, slug)
	if !ok {
		return c.noPost(slug)
	}
	ctx, cancel := x.storage()
	defer cancel()
	now := c.blog.Now()
	fmt.Fprintf(x.out, "Comments on %s\n", title)
	var after posts.Comment
	printed := 0
	for {
		page, err := c.threads.Page(ctx, slug, after, commentPage)
		if err != nil {
			return serviceError(err)
		}
		var b strings.Builder // a page is one write to the client
		for _, cm := range page {
			if plainComment(&b, cm, now) {
				printed++
			}
		}
		io.WriteString(x.out, b.String())
		if len(page) < commentPage {
			break
		}
		after = page[len(page)-1]
	}
	if printed == 0 {
		fmt.Fprintln(x.out, "\nNo comments yet.")
	}
	return nil
}

// publishedTitle is the title of b's published post with slug.
func publishedTitle(b *blog.Blog, slug string) (string, bool) {
	if list, at := b.Listed(slug); at >= 0 {
		return list[at].Title, true
	}
	return "", false
}

// plainComment writes one comment for printComments and reports whether it
// did: removed comments only show where replies hang under them.
func plainComment(b *strings.Builder, c posts.Comment, now time.Time) bool {
	indent := "  "
	if c.ParentID != 0 {
		indent = "      "
	}
	if !c.Visible() {
		if c.ParentID != 0 || c.Replies == 0 {
			return false
		}
		note := "[deleted]"
		if !c.Deleted {
			note = "[hidden by a moderator]"
		}
		fmt.Fprintf(b, "\n#%d %s\n", c.ID, note)
		return false
	}
	head := fmt.Sprintf("#%d %s · %s", c.ID, c.AuthorName, posts.RelativeTime(c.Created, now))
	if !c.Edited.IsZero() {
		head += " · edited"
	}
	if c.ParentID != 0 {
		head = "    ↳ " + head + fmt.Sprintf(" (reply to #%d)", c.ParentID)
	}
	b.WriteString("\n" + head + "\n")
	for _, l := range strings.Split(c.Body, "\n") {
		if l != "" {
			b.WriteString(indent + l)
		}
		b.WriteString("\n")
	}
	return true
}

// setName shows or sets the session key's display name: ssh HOST name [NEW].
// A name given as several words is checked as typed, so its rules are told.
func (c *commands) setName(x *call) error {
	if c.threads == nil {
		return errNoComments
	}
	v := x.viewer
	if !v.Keyed() {
		return refuse("you connected without an SSH key, and display names come with a key. Make one with ssh-keygen -t ed25519, then connect again: ssh %s name YOUR-NAME", c.address())
	}
	ctx, cancel := x.storage()
	defer cancel()
	if len(x.args) == 0 {
		me, registered, err := c.threads.Me(ctx, v)
		if err != nil {
			return serviceError(err)
		}
		name := me.Name
		switch {
		case name == "":
			name = "(none yet: choose one with ssh " + c.address() + " name YOUR-NAME)"
		case !registered:
			name += " (given with your first comment)"
		}
		fmt.Fprintf(x.out, "name  %s\nkey   %s\n", name, v.LoginKey())
		return nil
	}
	name := strings.Join(x.args, " ")
	if err := c.threads.Rename(ctx, v, name); err != nil {
		return serviceError(err)
	}
	fmt.Fprintf(x.out, "Your comments now appear as %s.\n", name)
	return nil
}
