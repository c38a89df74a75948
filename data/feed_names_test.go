package data

import (
	"context"
	"testing"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// A rename on one node reaches the feed of another as the author's comments
// with the new name, each once and together, so that its readers see the
// name change in place and the node reloads its list once for it. It runs
// inside TestStoreOnRqlite.
func testFeedTellsOtherNodesOfRenames(t *testing.T) {
	here := storeWithPost(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ann := reader("ann")
	first := add(t, here, ann, 0, "first")
	reply := add(t, here, ann, first.ID, "second")
	add(t, here, reader("bob"), 0, "not ann's")

	there, err := OpenRqlite(ctx, RqliteConfig{Addrs: onRqlite.HTTPAddrs()})
	if err != nil {
		t.Fatal(err)
	}
	defer there.Close()
	polls := make(chan []posts.Comment, 10)
	followed := make(chan struct{})
	defer func() { cancel(); <-followed }() // before the store closes
	go func() {
		defer close(followed)
		there.FollowChanges(ctx, Feed{
			Comments:     func(changed []posts.Comment) { polls <- changed },
			PostsChanged: func() {},
			Failed:       func(err error) { t.Error(err) },
		})
	}()
	ann.Name = "annie"
	start := time.Now()
	if err := here.SetName(ctx, ann, posts.Origin{}); err != nil {
		t.Fatal(err)
	}
	told := map[int64]string{}
	select {
	case changed := <-polls:
		// Together, so that the node refreshes its list once for the rename.
		for _, c := range changed {
			if _, again := told[c.ID]; again || c.Author != ann.Fingerprint {
				t.Fatalf("the feed told of %+v; want each of ann's two comments once", c)
			}
			told[c.ID] = c.AuthorName
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the rename never reached the other node's feed")
	}
	t.Logf("the rename reached the other node in %v", time.Since(start))
	if told[first.ID] != "annie" || told[reply.ID] != "annie" {
		t.Errorf("the feed told of %v, want #%d and #%d by annie", told, first.ID, reply.ID)
	}
}
