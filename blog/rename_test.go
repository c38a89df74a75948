package blog

import (
	"context"
	"testing"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// A rename reaches the sessions showing the reader's comments at once: the
// hub brings them the comments with the new name, as it does an edit.
func TestRenameTellsTheSessionsShowingTheComments(t *testing.T) {
	store := openStore(t)
	ctx := context.Background()
	if err := store.SavePost(ctx, posts.Post{Slug: "post", Title: "Post", Author: "Ann", Published: time.Now().Add(-time.Hour), Body: "body"}); err != nil {
		t.Fatal(err)
	}
	b, err := New(ctx, "Blog", store, store.Now)
	if err != nil {
		t.Fatal(err)
	}
	threads := NewThreads(store, b, posts.DefaultRateLimit)
	ann := Viewer{Fingerprint: "SHA256:ann", PublicKey: "ssh-ed25519 AAAAann", User: "ann"}
	first, err := threads.Add(ctx, ann, "post", 0, "hello")
	if err != nil {
		t.Fatal(err)
	}
	reader := threads.Hub().Listen()
	defer reader.Close()
	reader.Follow("post")

	if err := threads.Rename(ctx, ann, "annie"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-reader.Ready():
	case <-time.After(30 * time.Second):
		t.Fatal("the rename never reached the session")
	}
	got := reader.Take().Comments
	if len(got) != 1 || got[0].ID != first.ID || got[0].AuthorName != "annie" {
		t.Fatalf("the session was told %+v, want comment #%d by annie", got, first.ID)
	}
}
