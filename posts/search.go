package posts

import (
	"strings"
	"unicode"
)

// Match marks in a Match's Title and Snippet: the text between them matched
// the query. They are control characters, which CleanText keeps out of every
// stored text, so they cannot be confused with content.
const (
	MatchStart = "\x01"
	MatchEnd   = "\x02"
)

// Match is one search result, best first.
type Match struct {
	Post    Post
	Title   string // the title with matches marked
	Snippet string // a piece of the body around the matches, marked
}

// QueryTerms splits what a reader typed into search terms: words of letters
// and digits, lower-cased. Everything else (quotes, operators) is a separator,
// so no input can be a malformed query.
func QueryTerms(q string) []string {
	return strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// unmarker is built once: building a Replacer costs more than using it.
var unmarker = strings.NewReplacer(MatchStart, "", MatchEnd, "")

// Unmark returns s without match marks.
func Unmark(s string) string { return unmarker.Replace(s) }
