// Package posts is the blog's domain, which every other package of ours
// imports: posts, their Markdown and front matter, uploaded post files,
// comments, identities, the addresses writes come from and their limits,
// the errors a reader may be shown, the sanitizer that keeps control
// characters and escape sequences from terminals, search terms and matches,
// the Atom feed, the wording every front door shares (bylines, relative
// times, counts, sizes, durations), and the embedded sample blog. It imports
// nothing else of ours.
package posts

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Post is one blog post. Body is Markdown without front matter.
type Post struct {
	Slug      string
	Title     string
	Author    string
	Published time.Time
	// DateOnly: the front matter gave a day, not a moment, and the post is
	// dated by the day ("today", "3 days ago"), never by the hour.
	DateOnly bool
	Updated  time.Time
	// FirstSeen is when the post first appeared on this blog, which is what
	// makes it new to a returning reader; the store fills it in.
	FirstSeen time.Time
	Tags      []string
	Summary   string
	Body      string
	Draft     bool
	// Excerpt: Body is only the opening of a post published elsewhere.
	Excerpt bool
	// Unpublished posts were taken down (their file removed, or by an admin);
	// they keep their comments and come back if published again.
	Unpublished bool

	// Words counts the words of Body; listings carry it without the body.
	Words int
	// Revision changes whenever the content does; the store keeps it, and
	// caches of rendered posts use it in their keys.
	Revision int64
	// Comments is the number of visible comments; the store fills it in.
	Comments int
	// Hidden is the number of comments a moderator hid, which only admins
	// see (and count); the store fills it in.
	Hidden int
}

// Public reports whether readers may see the post at now: not a draft, not
// taken down, and its date has come.
func (p Post) Public(now time.Time) bool {
	return !p.Draft && !p.Unpublished && !p.Published.After(now)
}

// wordsPerMinute is a common silent-reading speed for reading-time estimates.
const wordsPerMinute = 200

// ReadingTime estimates how long the post takes to read, at least a minute.
func (p Post) ReadingTime() time.Duration {
	minutes := (p.Words + wordsPerMinute - 1) / wordsPerMinute
	return time.Duration(max(minutes, 1)) * time.Minute
}

// CountWords counts the words of a Markdown text.
func CountWords(markdown string) int { return len(strings.Fields(markdown)) }

// MaxSlugLen bounds a slug, in characters (all ASCII).
const MaxSlugLen = 100

// Slugify turns a title into a URL- and shell-friendly slug:
// "How To Get Over Someone Who Ghosted You ?" → "how-to-get-over-someone-who-ghosted-you".
// A long title's slug is cut at a word boundary to MaxSlugLen. A title with
// no ASCII letters or digits has none: "".
func Slugify(title string) string {
	slug := slugWords(title)
	if len(slug) <= MaxSlugLen {
		return slug
	}
	if cut := strings.LastIndexByte(slug[:MaxSlugLen+1], '-'); cut > 0 {
		return slug[:cut]
	}
	return slug[:MaxSlugLen] // one word longer than a slug may be
}

// SlugProblem says why slug cannot be a post's slug, or "" if it can.
func SlugProblem(slug string) string {
	switch {
	case slug == "":
		return "the title has no ASCII letters or digits to make a slug from: add a slug: to the front matter, like slug: my-post"
	case len(slug) > MaxSlugLen:
		return fmt.Sprintf("the slug is too long: %d characters, and the most is %d", len(slug), MaxSlugLen)
	case !slugPattern.MatchString(slug):
		return fmt.Sprintf("slug %q may only hold lower-case letters, digits and single dashes", CleanLine(slug))
	}
	return ""
}

// slugWords is the title's ASCII letters and digits, lower-cased, with a
// dash for every run of anything else between them.
func slugWords(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case r == '\'' || r == '’':
			// "don't" → "dont", not "don-t".
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s is usable as a slug: it names posts in commands
// and file names, so it stays to lower-case ASCII letters, digits and dashes.
func ValidSlug(s string) bool { return SlugProblem(s) == "" }

// summaryLength is roughly how many characters of text a derived summary keeps.
const summaryLength = 160

// Summarize derives an excerpt from Markdown: the first ~160 characters of its
// text, cut at a word boundary and ending in "…" when anything was cut.
func Summarize(markdown string) string {
	text := strings.Join(strings.Fields(plainText(markdown)), " ")
	if utf8.RuneCountInString(text) <= summaryLength {
		return text
	}
	runes := []rune(text)
	cut := summaryLength
	for cut > summaryLength/2 && !unicode.IsSpace(runes[cut]) {
		cut--
	}
	return strings.TrimRightFunc(string(runes[:cut]), func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r)
	}) + "…"
}

// plainText strips the Markdown markup that would look odd in an excerpt:
// heading marks, emphasis, code fences, link targets and images.
func plainText(markdown string) string {
	var b strings.Builder
	inFence := false
	for _, line := range strings.Split(markdown, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		trimmed = strings.TrimLeft(trimmed, "#>-*+ ")
		b.WriteString(stripInline(trimmed))
		b.WriteByte(' ')
	}
	return b.String()
}

// stripInline removes emphasis markers and keeps only the text of links.
func stripInline(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '*', '_', '`':
			continue
		case '!':
			if i+1 < len(s) && s[i+1] == '[' {
				continue
			}
		case ']':
			// Skip a link target "(…)" right after the text.
			if i+1 < len(s) && s[i+1] == '(' {
				if end := strings.IndexByte(s[i:], ')'); end > 0 {
					i += end
				}
			}
			continue
		case '[':
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
