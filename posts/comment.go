package posts

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on one comment's text, after trimming.
const (
	MaxCommentRunes = 4000
	MaxCommentLines = 100
)

// Comment is one reader's comment under a post. A reply has a ParentID; replies
// nest one level, so a reply's parent is always a top-level comment.
type Comment struct {
	ID         int64
	PostSlug   string
	ParentID   int64  // 0 for a top-level comment
	Author     string // the author's key fingerprint
	AuthorName string
	Body       string // plain text; "" once deleted
	Created    time.Time
	Edited     time.Time // zero when never edited
	Deleted    bool
	Hidden     bool // hidden by a moderator
	Replies    int  // replies under a top-level comment, deleted ones included
}

// Thread is the id of the top-level comment this one belongs to.
func (c Comment) Thread() int64 {
	if c.ParentID != 0 {
		return c.ParentID
	}
	return c.ID
}

// Visible reports whether a reader who is not an admin sees the comment's text.
func (c Comment) Visible() bool { return !c.Deleted && !c.Hidden }

// CheckComment trims a comment's text and checks it against the limits. It
// returns the text as it will be stored, with anything that could drive a
// terminal removed, or an ErrInvalid with a message for the writer.
func CheckComment(text string) (string, error) {
	if !utf8.ValidString(text) {
		return "", Invalid("The comment is not valid UTF-8 text.")
	}
	text = strings.TrimSpace(CleanText(text)) // CleanText drops carriage returns too
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		return "", Invalid("The comment is empty.")
	case n > MaxCommentRunes:
		return "", Invalid(fmt.Sprintf("The comment is %d characters long; the most is %d.", n, MaxCommentRunes))
	}
	if n := strings.Count(text, "\n") + 1; n > MaxCommentLines {
		return "", Invalid(fmt.Sprintf("The comment has %d lines; the most is %d.", n, MaxCommentLines))
	}
	return text, nil
}

// NewComment is a comment to add. Author.Name is the display name to
// register the author under if they have no identity yet.
type NewComment struct {
	PostSlug  string
	ParentID  int64
	Author    Identity
	Body      string // already checked with CheckComment
	RateLimit RateLimit
	From      Origin
}

// RateLimit is how many comments one identity may post in a period.
type RateLimit struct {
	Count int
	Per   time.Duration
}

// DefaultRateLimit is 5 comments a minute.
var DefaultRateLimit = RateLimit{Count: 5, Per: time.Minute}

// String reads "5 a minute".
func (l RateLimit) String() string { return fmt.Sprintf("%d %s", l.Count, l.per()) }

func (l RateLimit) per() string {
	if l.Per == time.Minute {
		return "a minute"
	}
	return "per " + l.Per.String()
}

// Of reads "5 comments a minute" for noun "comment".
func (l RateLimit) Of(noun string) string { return Count(l.Count, noun) + " " + l.per() }

// ModAction is one thing an admin did, as the moderation log shows it.
type ModAction struct {
	ID         int64
	Admin      string // the admin's key fingerprint
	AdminName  string // "" when the admin never chose a name
	Action     string // one of the Mod* constants
	CommentID  int64  // 0 for bans
	PostSlug   string // the post the comment is under; "" for bans
	Target     string // the fingerprint acted on: a comment's author or a banned reader
	TargetName string
	At         time.Time
}

// The moderation actions.
const (
	ModHide   = "hide"
	ModUnhide = "unhide"
	ModDelete = "delete"
	ModBan    = "ban"
	ModUnban  = "unban"
)
