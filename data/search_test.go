package data

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// fixture is a small blog where "garden" appears in a title, a tag, and
// bodies of different lengths, so the ranking has something to decide.
func searchFixture(t *testing.T) *Store {
	t.Helper()
	s, _ := openTestStore(t)
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	list := []posts.Post{
		{Slug: "in-the-body", Title: "Weekend notes", Body: "I spent the weekend in the garden, then read a book about bread. " + strings.Repeat("Filler words about nothing much. ", 30), Published: day},
		{Slug: "in-the-title", Title: "Garden Diary", Body: "Tomatoes are growing.", Published: day.Add(-24 * time.Hour)},
		{Slug: "in-a-tag", Title: "Spring", Tags: []string{"garden"}, Body: "Blossoms everywhere.", Published: day.Add(-48 * time.Hour)},
		{Slug: "nowhere", Title: "Bread", Body: "Flour, water, salt.", Published: day},
		{Slug: "a-draft", Title: "Garden secrets", Body: "Not yet.", Published: day, Draft: true},
		{Slug: "the-future", Title: "Garden of tomorrow", Body: "Soon.", Published: time.Now().Add(time.Hour)},
	}
	for _, p := range list {
		if err := s.SavePost(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func slugsOf(ms []posts.Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Post.Slug)
	}
	return out
}

func TestSearchRanksTitleThenTagThenBody(t *testing.T) {
	s := searchFixture(t)
	found, err := s.Search(context.Background(), "garden", 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(slugsOf(found), ","); got != "in-the-title,in-a-tag,in-the-body" {
		t.Fatalf("ranking = %s; want title, then tag, then body; no drafts or future posts", got)
	}
	if found[0].Title != "\x01Garden\x02 Diary" {
		t.Errorf("title highlight = %q", found[0].Title)
	}
	if !strings.Contains(found[2].Snippet, "the \x01garden\x02, then") {
		t.Errorf("body snippet = %q", found[2].Snippet)
	}
}

func TestSearchTermsArePrefixesAndAllMustMatch(t *testing.T) {
	s := searchFixture(t)
	found, _ := s.Search(context.Background(), "gard bread", 10)
	if got := strings.Join(slugsOf(found), ","); got != "in-the-body" {
		t.Errorf("gard bread = %s, want only the post holding both", got)
	}
	for _, q := range []string{`"`, `garden OR`, `NEAR(`, `*`, `-garden`, `title:x`} {
		if _, err := s.Search(context.Background(), q, 10); err != nil {
			t.Errorf("query %q is an error %v; odd input must just search words", q, err)
		}
	}
	if found, _ := s.Search(context.Background(), "", 10); len(found) != 0 {
		t.Errorf("empty query found %d", len(found))
	}
}

func TestSearchFollowsEdits(t *testing.T) {
	s := searchFixture(t)
	ctx := context.Background()
	p, _ := s.Post(ctx, "nowhere")
	p.Body = "Sourdough in the garden shed."
	p.Tags = []string{"baking"}
	if err := s.SavePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	if found, _ := s.Search(ctx, "sourdough", 10); len(found) != 1 {
		t.Errorf("edited body not searchable: %v", slugsOf(found))
	}
	if found, _ := s.Search(ctx, "baking", 10); len(found) != 1 {
		t.Errorf("new tag not searchable: %v", slugsOf(found))
	}
	if found, _ := s.Search(ctx, "flour", 10); len(found) != 0 {
		t.Errorf("old body still found: %v", slugsOf(found))
	}
}
