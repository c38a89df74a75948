package web

import (
	"encoding/json"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// hostile is text full of what must never reach a page as markup or as a
// control: tags, quotes, ampersands, an escape sequence, a bell, bidi
// overrides.
const hostile = "<script>alert(\"x\")</script> & \"quoted\" 'single' \x1b[31mred\x07 \u202egnirts\u202c </title>"

// No user text becomes markup or carries a control character: a post's
// title, author, tags and body, a comment and its author's name, in the
// page, the list, the feed, the JSON-LD and search.
func TestTextStaysText(t *testing.T) {
	p := posts.Post{Slug: "hostile", Title: hostile, Author: "Mallory " + hostile, Published: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC),
		DateOnly: true, Tags: []string{"tag"}, Summary: "about " + hostile,
		Body: "Hello &#x1b;[2J world &#x202e; <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))\n\n```go\nfunc main() { println(\"<b>\") }\n```\n"}
	s := startSite(t, withPosts(p))
	s.comment(t, "alice", "hostile", 0, hostile)
	page := shows(t, s, "/posts/hostile", "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;")
	_, list := s.get(t, "GET", "/")
	_, feed := s.get(t, "GET", "/feed.xml")
	_, found := s.get(t, "GET", "/search?q=alert")
	for what, body := range map[string]string{"post page": page, "list": list, "feed": feed, "search": found} {
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img") || strings.Contains(body, `href="javascript`) {
			t.Errorf("the %s carries markup from user text", what)
		}
		if i := strings.IndexFunc(body, func(r rune) bool {
			return (r < ' ' && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
		}); i >= 0 {
			t.Errorf("the %s carries control character %U", what, []rune(body[i:])[0])
		}
	}
	contains(t, "the post page", page, "<title>&lt;script&gt;", "<strong>alice</strong>", `<pre class="chroma"><code><span class="line">`, `<span class="kd">func</span>`, "&amp; &#34;quoted&#34;")
	// Search marks its matches, escaping the rest.
	contains(t, "the search", found, "<mark>alert</mark>")
	// The JSON-LD is JSON that cannot end its script element.
	m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the post page has no JSON-LD")
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("the JSON-LD does not parse: %v\n%s", err, m[1])
	}
	if ld["@type"] != "BlogPosting" || !strings.HasPrefix(ld["headline"].(string), "<script>") {
		t.Errorf("JSON-LD: %v", ld)
	}
	if err := xml.Unmarshal([]byte(feed), new(struct{})); err != nil {
		t.Errorf("the feed does not parse: %v", err)
	}
}
