package posts

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// dateLayouts are the forms accepted for `date`, most specific first.
var dateLayouts = []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02 15:04", dateOnlyLayout}

// dateOnlyLayout is a date without a time: the post is dated by the day.
const dateOnlyLayout = time.DateOnly

// Parse reads one post file: YAML front matter between "---" lines, then the
// Markdown body. path only names the file in errors. Missing slug and summary
// are derived from the title and body; a missing date is left zero for the
// caller to fill (ParseFile uses the file's time).
func Parse(path string, src []byte) (Post, error) { return parse(path, src, "") }

// parse is Parse with the slug to use when the front matter has none ("":
// derive it from the title).
func parse(path string, src []byte, defaultSlug string) (Post, error) {
	fail := func(line int, format string, args ...any) (Post, error) {
		return Post{}, &ParseError{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if !utf8.Valid(src) {
		return fail(0, "file is not valid UTF-8")
	}
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	text := normalizeNewlines(string(src))
	front, body, ok := splitFrontMatter(text)
	if !ok {
		return fail(1, `missing front matter: the file must start with a "---" line, then title: …, then "---"`)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(front), &doc); err != nil {
		line, msg := yamlErrorLine(err)
		return fail(line+1, "front matter: %s", msg) // +1 for the opening "---"
	}
	// Posts can come from anyone an admin lets publish: nothing in them may
	// drive a reader's terminal.
	p := Post{Body: strings.TrimSpace(CleanText(body))} // cleaned first: a control char could hide a trailing space
	p.Words = CountWords(p.Body)
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return fail(2, "front matter must be a list of `key: value` lines")
	}
	fields := doc.Content[0].Content
	for i := 0; i+1 < len(fields); i += 2 {
		key, val := fields[i], fields[i+1]
		line := key.Line + 1
		var err error
		switch key.Value {
		case "title":
			p.Title, err = scalar(val)
		case "slug":
			p.Slug, err = scalar(val)
		case "author":
			p.Author, err = scalar(val)
		case "summary":
			p.Summary, err = scalar(val)
		case "date":
			p.Published, p.DateOnly, err = parseDate(val)
		case "tags":
			p.Tags, err = parseTags(val)
		case "draft":
			p.Draft, err = parseBool(val)
		case "excerpt":
			p.Excerpt, err = parseBool(val)
		default:
			return fail(line, "unknown key %q (known: title, slug, author, date, tags, summary, draft, excerpt)", key.Value)
		}
		if err != nil {
			return fail(line, "%s: %v", key.Value, err)
		}
	}
	if strings.TrimSpace(p.Title) == "" {
		return fail(1, "front matter has no title")
	}
	if p.Slug == "" && ValidSlug(defaultSlug) {
		p.Slug = defaultSlug
	}
	if p.Slug == "" {
		p.Slug = Slugify(p.Title)
	}
	if problem := SlugProblem(p.Slug); problem != "" {
		return fail(slugLine(fields), "%s", problem)
	}
	if p.Summary == "" {
		p.Summary = Summarize(p.Body)
	}
	return p, nil
}

// normalizeNewlines makes every line end in "\n": CRLF, and a lone CR as
// old Mac files have and as YAML reads it, so that the line numbers of errors
// are the ones YAML counts.
func normalizeNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// splitFrontMatter separates "---\n…\n---\n" from the rest.
func splitFrontMatter(text string) (front, body string, ok bool) {
	rest, found := strings.CutPrefix(text, "---\n")
	if !found {
		return "", "", false
	}
	if strings.HasPrefix(rest, "---\n") || rest == "---" {
		return "", strings.TrimPrefix(rest, "---"), true
	}
	end := strings.Index(rest, "\n---\n")
	if end < 0 {
		if strings.HasSuffix(rest, "\n---") {
			return rest[:len(rest)-4], "", true
		}
		return "", "", false
	}
	return rest[:end+1], rest[end+5:], true
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlErrorLine pulls the 1-based line number out of a YAML syntax error.
// The YAML library counts from 0 for its parser's "did not find expected …"
// errors (they carry the line where the construct began) and from 1 for its
// scanner's, so the former are shifted to match.
func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		if strings.HasPrefix(m[2], "did not find expected") {
			n++
		}
		return n, m[2]
	}
	return 1, strings.TrimPrefix(msg, "yaml: ")
}

func scalar(n *yaml.Node) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", fmt.Errorf("want a single value, got a list or map")
	}
	return CleanLine(n.Value), nil
}

func parseDate(n *yaml.Node) (t time.Time, dateOnly bool, err error) {
	s, err := scalar(n)
	if err != nil {
		return time.Time{}, false, err
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), layout == dateOnlyLayout, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("%q is not a date; write it as 2006-01-02 or 2006-01-02T15:04:05Z", s)
}

// parseTags accepts a YAML list or one comma-separated string; tags are
// lower-cased and de-duplicated.
func parseTags(n *yaml.Node) ([]string, error) {
	var raw []string
	switch n.Kind {
	case yaml.ScalarNode:
		raw = strings.Split(n.Value, ",")
	case yaml.SequenceNode:
		for _, item := range n.Content {
			s, err := scalar(item)
			if err != nil {
				return nil, err
			}
			raw = append(raw, s)
		}
	default:
		return nil, fmt.Errorf("want a list like [travel, food]")
	}
	var tags []string
	seen := map[string]bool{}
	for _, t := range raw {
		t = NormalizeTag(t)
		if t != "" && !seen[t] {
			seen[t] = true
			tags = append(tags, t)
		}
	}
	return tags, nil
}

// NormalizeTag lower-cases a tag and joins its words with dashes, so "Self Love"
// and "self-love" are one tag and a tag never holds a comma.
func NormalizeTag(tag string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(CleanLine(tag)), func(r rune) bool {
		return unicode.IsSpace(r) || r == ','
	}), "-")
}

func parseBool(n *yaml.Node) (bool, error) {
	s, err := scalar(n)
	if err != nil {
		return false, err
	}
	switch strings.ToLower(s) {
	case "true", "yes":
		return true, nil
	case "false", "no", "":
		return false, nil
	}
	return false, fmt.Errorf("%q is not true or false", s)
}

func slugLine(fields []*yaml.Node) int {
	for i := 0; i+1 < len(fields); i += 2 {
		if fields[i].Value == "slug" {
			return fields[i].Line + 1
		}
	}
	return 2
}
