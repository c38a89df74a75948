package server

import (
	"errors"
	"fmt"
	"strings"
)

// maxCommandLine bounds the command line a client may send: the longest of
// ours (a search, a name) is far shorter, and it is refused before any
// splitting is done.
const maxCommandLine = 4 << 10

// errUnbalancedQuote is a command line whose quote never closes.
var errUnbalancedQuote = errors.New("unbalanced quote")

// splitCommandLine splits a command line into words as a POSIX shell would
// (quotes and backslashes, no expansions), in one pass over it. The SSH
// library's own splitter is quadratic in a word's length and runs before any
// length check, so we never call it.
func splitCommandLine(line string) ([]string, error) {
	if len(line) > maxCommandLine {
		return nil, fmt.Errorf("the command line is %d bytes; the most is %d", len(line), maxCommandLine)
	}
	var words []string
	var word strings.Builder
	inWord := false
	var quote byte // ' or " while inside quotes
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				word.WriteByte(c)
			}
		case quote == '"':
			switch {
			case c == '"':
				quote = 0
			case c == '\\' && i+1 < len(line) && strings.IndexByte("\\\"$`\n", line[i+1]) >= 0:
				i++
				if line[i] != '\n' {
					word.WriteByte(line[i])
				}
			default:
				word.WriteByte(c)
			}
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == '\\':
			inWord = true
			if i+1 < len(line) {
				i++
				if line[i] != '\n' {
					word.WriteByte(line[i])
				}
			}
		default:
			inWord = true
			word.WriteByte(c)
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("%w: the %c is never closed", errUnbalancedQuote, quote)
	}
	if inWord {
		words = append(words, word.String())
	}
	return words, nil
}
