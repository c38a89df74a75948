package posts

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// The fuzz targets run their seeds in every `go test`; fuzz one with
// go test ./posts -run '^$' -fuzz '^FuzzParse$' -fuzztime 10m.

// FuzzParse feeds the front matter parser anything at all: it must return a
// post fit to show or a *ParseError, never panic, and a post it accepts must
// survive being written back with Source and parsed again.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"testdata", "sample"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
		for _, name := range files {
			src, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	for _, s := range []string{
		"---\ntitle: x\n---\n",
		"---\ntitle: \"\\e[31mred\"\ndate: 2024-01-02 03:04\ntags: a, b\n---\nbody\r\n",
		"\ufeff---\r\ntitle: [a]\r\n---\r\n",
		"---\ntitle: t\nslug: Bad Slug\n---\n",
		"---\ntitle: t\ndate: 2024-01-02T03:04:05.5+02:00\nsummary: s\ndraft: yes\n---\n---\n",
		"---\n---",
		"---\n- a\n---\n",
		"---\ntitle: &a t\nauthor: *a\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Parse("post.md", src)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v (%T) is not a *ParseError of kind ErrInvalid", err, err)
			}
			if lines := strings.Count(normalizeNewlines(string(src)), "\n") + 1; pe.Line < 0 || pe.Line > lines+1 {
				t.Fatalf("error on line %d of a %d-line file: %v", pe.Line, lines, err)
			}
			return
		}
		checkParsed(t, p)
		again, err := Parse("post.md", []byte(Source(p)))
		if err != nil {
			t.Fatalf("Source of a parsed post does not parse: %v\n%s", err, Source(p))
		}
		if !reflect.DeepEqual(again, p) {
			t.Fatalf("Parse(Source(p)) changed the post:\n got %#v\nwant %#v\nsource:\n%s", again, p, Source(p))
		}
	})
}

// checkParsed asserts what every accepted post holds: a title, a valid
// slug, and text that cannot drive a terminal.
func checkParsed(t *testing.T, p Post) {
	t.Helper()
	if strings.TrimSpace(p.Title) == "" || !ValidSlug(p.Slug) {
		t.Fatalf("accepted a post with title %q and slug %q", p.Title, p.Slug)
	}
	for name, s := range map[string]string{"title": p.Title, "author": p.Author, "summary": p.Summary} {
		if CleanLine(s) != s {
			t.Fatalf("%s %q is not one clean line", name, s)
		}
	}
	if CleanText(p.Body) != p.Body {
		t.Fatalf("body %q is not clean", p.Body)
	}
	for _, tag := range p.Tags {
		if tag == "" || NormalizeTag(tag) != tag {
			t.Fatalf("tag %q is not normalized", tag)
		}
	}
}

// FuzzCleanText checks the sanitizer on anything: what it returns holds no
// escape sequence, control character (but newline and tab), bidi override or
// invalid UTF-8, and cleaning again changes nothing.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{
		"plain", "red \x1b[31mtext\x1b[0m", "\x1b]52;c;ZXZpbA==\x1b\\", "\x1bPq#0\x1b\\", "\u009b31m",
		"\u009d0;t\u009c", "\u202eevil\u2069", "\r\n\t\x00\x7f", "\xff\xfe", "\x1b", "\x1b[", "\x1b]", "\x1b\u00e9",
		"\x1b[\x1b[31m", "a\u009c\x1b\\b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		clean := CleanText(s)
		if bad, at := unsafeRune(clean, "\n\t"); bad {
			t.Fatalf("CleanText(%q) = %q keeps %q", s, clean, at)
		}
		if again := CleanText(clean); again != clean {
			t.Fatalf("CleanText is not idempotent: %q → %q → %q", s, clean, again)
		}
		line := CleanLine(s)
		if bad, at := unsafeRune(line, ""); bad {
			t.Fatalf("CleanLine(%q) = %q keeps %q", s, line, at)
		}
		if strings.TrimSpace(line) != line {
			t.Fatalf("CleanLine(%q) = %q is not trimmed", s, line)
		}
	})
}

// FuzzCheckComment checks comment validation: an accepted comment is clean,
// trimmed, within the limits and accepted again unchanged; a refused one says
// why in words for the writer.
func FuzzCheckComment(f *testing.F) {
	for _, s := range []string{
		"Nice post!", "  \n\t ", "line\r\nline", "\x1b[2J\x1b[Hgotcha", strings.Repeat("ab\n", MaxCommentLines+1),
		strings.Repeat("é", MaxCommentRunes+1), "\xff", "\u202e", "ok\u0085next",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		body, err := CheckComment(text)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrInvalid) || e.Msg == "" {
				t.Fatalf("CheckComment(%q) failed with %v (%T), not an ErrInvalid with a message", text, err, err)
			}
			return
		}
		if bad, at := unsafeRune(body, "\n\t"); bad {
			t.Fatalf("CheckComment(%q) = %q keeps %q", text, body, at)
		}
		switch {
		case body == "" || strings.TrimSpace(body) != body:
			t.Fatalf("CheckComment(%q) = %q: empty or not trimmed", text, body)
		case utf8.RuneCountInString(body) > MaxCommentRunes || strings.Count(body, "\n") >= MaxCommentLines:
			t.Fatalf("CheckComment(%q) accepted %d characters on %d lines", text, utf8.RuneCountInString(body), strings.Count(body, "\n")+1)
		}
		if again, err := CheckComment(body); err != nil || again != body {
			t.Fatalf("a checked comment does not check again: %q → %q, %v", body, again, err)
		}
	})
}

// unsafeRune finds the first rune in s that could drive a terminal, other
// than those in allowed.
func unsafeRune(s, allowed string) (bad bool, at string) {
	if !utf8.ValidString(s) {
		return true, "invalid UTF-8"
	}
	for _, r := range s {
		if strings.ContainsRune(allowed, r) {
			continue
		}
		if r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			return true, string(r)
		}
	}
	return false, ""
}
