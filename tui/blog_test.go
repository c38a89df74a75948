package tui

import (
	"context"
	"testing"
)

// Sessions are told when the posts change, and only then: a folder sync
// that follows a publish finds the list as it was, and a thousand open
// sessions must not redraw for it. A change in what admins are warned of
// counts as a change.
func TestPostsChangedTellsOnlyOfChanges(t *testing.T) {
	blog, store := sampleBlog(t)
	ctx := context.Background()
	told := 0
	blog.OnPostsChanged(func() { told++ })
	step := func(what string, want int) {
		t.Helper()
		if err := blog.PostsChanged(ctx); err != nil {
			t.Fatal(err)
		}
		if told != want {
			t.Fatalf("%s: sessions told %d times, want %d", what, told, want)
		}
	}
	step("nothing changed", 0)
	if err := store.Unpublish(ctx, blog.Posts()[0].Slug); err != nil {
		t.Fatal(err)
	}
	step("a post taken down", 1)
	step("the same list again", 1)
	blog.SetProblems([]string{"posts/bad.md:3: front matter: no closing ---"})
	step("a new bad file", 2)
	blog.SetProblems([]string{"posts/bad.md:3: front matter: no closing ---"})
	step("the same bad file", 2)
	blog.SetProblems(nil)
	step("the bad file fixed", 3)
}
