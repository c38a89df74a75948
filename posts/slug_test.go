package posts

import (
	"errors"
	"strings"
	"testing"
)

func TestLongTitlesGetASlugCutAtAWord(t *testing.T) {
	title := strings.Repeat("Wonderful ", 12) + "Day"
	p, err := Parse("long.md", []byte("---\ntitle: "+title+"\n---\nText."))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.TrimSuffix(strings.Repeat("wonderful-", 10), "-") // 99 characters: an 11th word would pass 100
	if p.Slug != want {
		t.Errorf("slug %q (%d), want %q", p.Slug, len(p.Slug), want)
	}
	if got := Slugify(strings.Repeat("x", 150)); got != strings.Repeat("x", MaxSlugLen) {
		t.Errorf("one long word: %q", got)
	}
}

// Slug problems say what to do, not `slug ""`, and a long slug is said to be
// too long.
func TestSlugProblemsSayWhatToDo(t *testing.T) {
	for src, want := range map[string]string{
		"---\ntitle: 愛と友情\n---\nText.":                                 `x.md:2: the title has no ASCII letters or digits to make a slug from: add a slug: to the front matter`,
		"---\ntitle: x\nslug: " + strings.Repeat("a", 101) + "\n---\n": "x.md:3: the slug is too long: 101 characters, and the most is 100",
		"---\ntitle: x\nslug: Not_OK\n---\n":                           `x.md:3: slug "Not_OK" may only hold lower-case letters, digits and single dashes`,
	} {
		_, err := Parse("x.md", []byte(src))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: %v, want %q", src, err, want)
		}
	}
}

// A post piped in has no file name: its errors name it by its title.
func TestPipedPostErrorsNameThePost(t *testing.T) {
	for src, want := range map[string]string{
		"---\ntitle: \"My Trip\"\ntitel: oops\n---\nText.": `“My Trip”, line 3: unknown key "titel"`,
		"No front matter at all.":                          `the post you sent, line 1: missing front matter`,
		"---\ntitle: [unclosed\n---\n":                     `“[unclosed”, line 3: front matter:`,
	} {
		_, err := ParsePiped([]byte(src))
		if err == nil || !strings.HasPrefix(err.Error(), want) || !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: %v, want %q", src, err, want)
		}
	}
	if p, err := ParsePiped([]byte("---\ntitle: Fine\n---\nText.")); err != nil || p.Slug != "fine" {
		t.Errorf("a good post: %+v, %v", p, err)
	}
}
