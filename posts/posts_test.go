package posts

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func parseFile(t *testing.T, path string) (Post, error) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(path, src)
}

func TestParseFullFrontMatter(t *testing.T) {
	p, err := parseFile(t, "testdata/full.md")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Hello, World: the first post!" || p.Author != "Ada" || !p.Draft {
		t.Errorf("fields: %+v", p)
	}
	if p.Slug != "hello-world-the-first-post" {
		t.Errorf("derived slug = %q", p.Slug)
	}
	if want := time.Date(2024, 2, 3, 10, 0, 0, 0, time.UTC); !p.Published.Equal(want) {
		t.Errorf("date = %v, want %v", p.Published, want)
	}
	if strings.Join(p.Tags, ",") != "go,ssh" {
		t.Errorf("tags = %v, want lower-cased and de-duplicated", p.Tags)
	}
	if p.Summary != "Heading Some bold text with a link and code." {
		t.Errorf("derived summary = %q", p.Summary)
	}
	if !strings.HasPrefix(p.Body, "# Heading") {
		t.Errorf("body = %q", p.Body)
	}
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	cases := []struct {
		file string
		line int
		msg  string
	}{
		{"testdata/bad-date.md", 4, "not a date"},
		{"testdata/broken-yaml.md", 3, "front matter"},
		{"testdata/bad-mapping.md", 5, "mapping values are not allowed"},
	}
	for _, c := range cases {
		_, err := parseFile(t, c.file)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("%s: err = %v, want a ParseError", c.file, err)
		}
		if pe.Path != c.file || pe.Line != c.line || !strings.Contains(pe.Msg, c.msg) {
			t.Errorf("%s: got %q (line %d), want line %d with %q", c.file, err, pe.Line, c.line, c.msg)
		}
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: not ErrInvalid", c.file)
		}
		if !strings.HasPrefix(err.Error(), c.file+":") {
			t.Errorf("message %q does not start with the path", err)
		}
	}
}

func TestParseRejects(t *testing.T) {
	cases := map[string]string{
		"no front matter":  "just text\n",
		"unterminated":     "---\ntitle: x\n",
		"no title":         "---\nauthor: a\n---\nbody\n",
		"unknown key":      "---\ntitle: x\ncolour: red\n---\n",
		"bad slug":         "---\ntitle: x\nslug: ../etc\n---\n",
		"list as title":    "---\ntitle: [a, b]\n---\n",
		"bad draft":        "---\ntitle: x\ndraft: maybe\n---\n",
		"not a mapping":    "---\n- a\n- b\n---\n",
		"invalid encoding": "---\ntitle: \xff\n---\n",
	}
	for name, src := range cases {
		if _, err := Parse("x.md", []byte(src)); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
}

func TestParseAcceptsCRLFAndBOM(t *testing.T) {
	p, err := Parse("x.md", []byte("\ufeff---\r\ntitle: Windows\r\ntags: a, b\r\n---\r\nBody\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Windows" || p.Body != "Body" || len(p.Tags) != 2 {
		t.Errorf("got %+v", p)
	}
}

func TestSummarizeCutsAtWord(t *testing.T) {
	long := strings.Repeat("word ", 60)
	s := Summarize(long)
	if !strings.HasSuffix(s, "word…") {
		t.Errorf("summary %q should end at a whole word with …", s)
	}
	if n := len([]rune(s)); n > summaryLength+1 || n < summaryLength/2 {
		t.Errorf("summary length %d", n)
	}
	if Summarize("Short text.") != "Short text." {
		t.Error("short text must be kept whole")
	}
}

func TestSlugify(t *testing.T) {
	cases := map[string]string{
		"How To Get Over Someone Who Ghosted You ?":            "how-to-get-over-someone-who-ghosted-you",
		"Love Yourself – Everything Else Will Fall Into Place": "love-yourself-everything-else-will-fall-into-place",
		"Don't Panic!": "dont-panic",
		"  --  ":       "",
	}
	for in, want := range cases {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRelativeTime(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	cases := map[time.Duration]string{
		10 * time.Second:      "just now",
		time.Minute:           "a minute ago",
		5 * time.Minute:       "5 minutes ago",
		3 * time.Hour:         "3 hours ago",
		30 * time.Hour:        "yesterday",
		10 * 24 * time.Hour:   "10 days ago",
		65 * 24 * time.Hour:   "2 months ago",
		400 * 24 * time.Hour:  "a year ago",
		1600 * 24 * time.Hour: "4 years ago",
	}
	for ago, want := range cases {
		if got := RelativeTime(now.Add(-ago), now); got != want {
			t.Errorf("%v ago: got %q, want %q", ago, got, want)
		}
	}
}

func TestReadingTime(t *testing.T) {
	p, err := Parse("x.md", []byte("---\ntitle: t\n---\n"+strings.Repeat("w ", 450)))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.ReadingTime(); got != 3*time.Minute {
		t.Errorf("450 words: %v", got)
	}
	if got := (Post{}).ReadingTime(); got != time.Minute {
		t.Errorf("empty: %v", got)
	}
}

func TestSampleBlog(t *testing.T) {
	list, err := Sample()
	if err != nil {
		t.Fatal(err)
	}
	wantTitles := []string{
		"Difference between Networking and Making Friends",
		"Love Yourself – Everything Else Will Fall Into Place",
		"How To Get Over Someone Who Ghosted You ?",
		"Relationship Redflags That Must Be Looked Out For !",
		"Friendships Change",
		"Love Or Lust",
		"How To Look Irresistible On Your First Date ??",
	}
	if len(list) != len(wantTitles) {
		t.Fatalf("%d posts, want %d", len(list), len(wantTitles))
	}
	seedDay := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for i, p := range list {
		if p.Title != wantTitles[i] {
			t.Errorf("post %d = %q, want %q", i, p.Title, wantTitles[i])
		}
		if p.Author != "Tushti" {
			t.Errorf("%s: author %q", p.Slug, p.Author)
		}
		if got := RelativeTime(p.Published, seedDay); got != "4 years ago" {
			t.Errorf("%s reads %q on the seed day, want 4 years ago", p.Slug, got)
		}
	}
	first := list[0].Body
	for _, phrase := range []string{"Networking and making friends seem pretty much similar", "What have you been thinking about lately?", "Let a conversation spill over into life as well as work."} {
		if !strings.Contains(first, phrase) {
			t.Errorf("full post lacks %q", phrase)
		}
	}
	if list[5].Summary != "We all have been in this dilemma at least once in our lifetime. If you’re wondering that you’re the only…" {
		t.Errorf("Love Or Lust excerpt = %q", list[5].Summary)
	}
}
