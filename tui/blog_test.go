package tui

import (
	"context"
	"testing"

	"github.com/sshblog/sshblog/posts"
)

// Sessions are told when the posts change, and only then: a folder sync
// that follows a publish finds the list as it was, and a thousand open
// sessions must not redraw for it. What counts is any change a session
// shows, since they were last told, whatever refreshed the list meanwhile;
// a change in what admins are warned of counts too.
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
	edit := func(change func(*posts.Post)) {
		t.Helper()
		p, err := store.Post(ctx, blog.Posts()[0].Slug)
		if err != nil {
			t.Fatal(err)
		}
		change(&p)
		if err := store.SavePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}

	step("nothing changed", 0)
	if err := store.Unpublish(ctx, blog.Posts()[0].Slug); err != nil {
		t.Fatal(err)
	}
	step("a post taken down", 1)
	step("the same list again", 1)

	edit(func(p *posts.Post) { p.Tags = append(p.Tags, "new-tag") })
	step("a tag added, and nothing else", 2)

	// A comment's refresh stores the newer list before the publish that
	// changed it tells anyone.
	edit(func(p *posts.Post) { p.Title = "A new title" })
	if err := blog.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	step("a title changed, the list refreshed in between", 3)

	blog.SetProblems([]string{"posts/bad.md:3: front matter: no closing ---"})
	step("a new bad file", 4)
	blog.SetProblems([]string{"posts/bad.md:3: front matter: no closing ---"})
	step("the same bad file", 4)
	blog.SetProblems(nil)
	step("the bad file fixed", 5)
}
