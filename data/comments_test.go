package data

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sshblog/sshblog/posts"
)

func reader(name string) posts.Identity {
	return posts.Identity{Fingerprint: "SHA256:" + name, Name: name, PublicKey: "ssh-ed25519 AAAA" + name}
}

func storeWithPost(t testing.TB) *Store {
	t.Helper()
	s, _ := openTestStore(t)
	if err := s.SavePost(context.Background(), samplePost("post", time.Now().Add(-time.Hour))); err != nil {
		t.Fatal(err)
	}
	return s
}

func add(t *testing.T, s *Store, who posts.Identity, parent int64, body string) posts.Comment {
	t.Helper()
	c, err := s.AddComment(context.Background(), posts.NewComment{PostSlug: "post", ParentID: parent, Author: who, Body: body})
	if err != nil {
		t.Fatalf("add %q: %v", body, err)
	}
	return c
}

func TestThreadOrderRepliesAndPaging(t *testing.T) {
	s := storeWithPost(t)
	ctx := context.Background()
	ann, bob := reader("ann"), reader("bob")
	first := add(t, s, ann, 0, "first")
	add(t, s, bob, 0, "second")
	reply := add(t, s, bob, first.ID, "reply to first")
	nested := add(t, s, ann, reply.ID, "reply to the reply")
	if nested.ParentID != first.ID {
		t.Errorf("a reply to a reply has parent %d, want the thread's %d", nested.ParentID, first.ID)
	}
	if reply.AuthorName != "bob" || reply.PostSlug != "post" {
		t.Errorf("reply = %+v", reply)
	}
	var got []string
	var after posts.Comment
	for {
		page, err := s.Comments(ctx, "post", after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, c := range page {
			got = append(got, c.Body)
		}
		after = page[len(page)-1]
	}
	want := fmt.Sprint([]string{"first", "reply to first", "reply to the reply", "second"})
	if fmt.Sprint(got) != want {
		t.Errorf("thread order %v, want %v", got, want)
	}
	list, _ := s.ListPosts(ctx)
	if list[0].Comments != 4 {
		t.Errorf("listed %d comments, want 4", list[0].Comments)
	}
}

func TestEditDeleteOnlyOwn(t *testing.T) {
	s := storeWithPost(t)
	ctx := context.Background()
	ann, bob := reader("ann"), reader("bob")
	c := add(t, s, ann, 0, "typo")
	add(t, s, bob, c.ID, "a reply")
	if _, err := s.EditComment(ctx, c.ID, bob.Fingerprint, "hijack", posts.DefaultRateLimit, posts.Origin{}); !errors.Is(err, posts.ErrForbidden) {
		t.Errorf("bob edited ann's comment: %v", err)
	}
	edited, err := s.EditComment(ctx, c.ID, ann.Fingerprint, "fixed", posts.DefaultRateLimit, posts.Origin{})
	if err != nil || edited.Body != "fixed" || edited.Edited.IsZero() {
		t.Fatalf("edit: %+v, %v", edited, err)
	}
	if _, err := s.DeleteComment(ctx, c.ID, bob.Fingerprint); !errors.Is(err, posts.ErrForbidden) {
		t.Errorf("bob deleted ann's comment: %v", err)
	}
	gone, err := s.DeleteComment(ctx, c.ID, ann.Fingerprint)
	if err != nil || !gone.Deleted || gone.Body != "" || gone.Replies != 1 {
		t.Fatalf("delete: %+v, %v", gone, err)
	}
	if _, err := s.AddComment(ctx, posts.NewComment{PostSlug: "post", ParentID: c.ID, Author: bob, Body: "late"}); !errors.Is(err, posts.ErrInvalid) {
		t.Errorf("replying to a deleted comment: %v", err)
	}
}

func TestNamesAreUniqueIgnoringCase(t *testing.T) {
	s := storeWithPost(t)
	ctx := context.Background()
	add(t, s, reader("Ann"), 0, "hi")
	other := posts.Identity{Fingerprint: "SHA256:other", Name: "aNN", PublicKey: "k"}
	if err := s.SetName(ctx, other, posts.Origin{}); !errors.Is(err, posts.ErrConflict) {
		t.Fatalf("took a name in another case: %v", err)
	}
	if _, err := s.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: other, Body: "x"}); !errors.Is(err, posts.ErrConflict) {
		t.Fatalf("first comment under a taken name: %v", err)
	}
	other.Name = ""
	if _, err := s.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: other, Body: "x"}); !errors.Is(err, posts.ErrNoName) {
		t.Fatalf("first comment without a name: %v", err)
	}
	if taken, _ := s.NameTaken(ctx, "ANN"); !taken {
		t.Error("NameTaken ignores case wrongly")
	}
	other.Name = "Ann2"
	if err := s.SetName(ctx, other, posts.Origin{}); err != nil {
		t.Fatal(err)
	}
	id, err := s.Identity(ctx, other.Fingerprint)
	if err != nil || id.Name != "Ann2" || id.Banned {
		t.Fatalf("identity = %+v, %v", id, err)
	}
}

func TestRateLimitSaysHowLongToWait(t *testing.T) {
	s := storeWithPost(t)
	ann := reader("ann")
	limit := posts.RateLimit{Count: 2, Per: time.Minute}
	for i := 0; i < 2; i++ {
		if _, err := s.AddComment(context.Background(), posts.NewComment{PostSlug: "post", Author: ann, Body: "x", RateLimit: limit}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.AddComment(context.Background(), posts.NewComment{PostSlug: "post", Author: ann, Body: "x", RateLimit: limit})
	var re *posts.RateError
	if !errors.As(err, &re) || re.Wait <= 0 || re.Wait > time.Minute {
		t.Fatalf("third comment: %v", err)
	}
	if _, err := s.AddComment(context.Background(), posts.NewComment{PostSlug: "post", Author: reader("bob"), Body: "x", RateLimit: limit}); err != nil {
		t.Errorf("another reader was limited too: %v", err)
	}
}

// Edits have a limit of their own, counted over every comment of the
// author, so that editing cannot flood readers where commenting cannot.
func TestEditsAreRateLimited(t *testing.T) {
	s := storeWithPost(t)
	ctx := context.Background()
	later := clockAt(s, time.Now())
	ann := reader("ann")
	c := add(t, s, ann, 0, "typo")
	other := add(t, s, ann, 0, "another")
	limit := posts.RateLimit{Count: 2, Per: time.Minute}
	for i := range 2 {
		if _, err := s.EditComment(ctx, c.ID, ann.Fingerprint, fmt.Sprintf("fix %d", i), limit, posts.Origin{}); err != nil {
			t.Fatal(err)
		}
		later(10 * time.Second)
	}
	writes := countWrites(s)
	_, err := s.EditComment(ctx, other.ID, ann.Fingerprint, "one edit too many", limit, posts.Origin{})
	var re *posts.RateError
	if !errors.As(err, &re) || !re.Edits || re.Wait != 40*time.Second {
		t.Fatalf("third edit in a minute: %v; want a wait of 40s, until the first edit is a minute old", err)
	}
	if n := writes.Load(); n != 1 {
		t.Errorf("a refused edit took %d write requests, want 1: how long to wait is a read", n)
	}
	if msg := posts.Message(err); !strings.HasPrefix(msg, "You can make 2 edits a minute; wait ") {
		t.Errorf("the limit says %q", msg)
	}
	if got, _ := s.Comment(ctx, other.ID); got.Body != "another" {
		t.Errorf("a refused edit changed the text to %q", got.Body)
	}
	if _, err := s.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: ann, Body: "new", RateLimit: posts.DefaultRateLimit}); err != nil {
		t.Errorf("edits used up the limit on new comments: %v", err)
	}
}

// Only posts readers can see take comments and edits: not drafts, posts
// taken down, or posts scheduled for later.
func TestOnlyPublishedPostsTakeComments(t *testing.T) {
	s := storeWithPost(t)
	ctx := context.Background()
	ann := reader("ann")
	c := add(t, s, ann, 0, "before it went")
	scheduled := samplePost("later", time.Now().Add(time.Hour))
	draft := samplePost("draft", time.Now().Add(-time.Hour))
	draft.Draft = true
	for _, p := range []posts.Post{scheduled, draft} {
		if err := s.SavePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Unpublish(ctx, "post"); err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"later", "draft", "post", "nosuch"} {
		_, err := s.AddComment(ctx, posts.NewComment{PostSlug: slug, Author: ann, Body: "hello"})
		if !errors.Is(err, posts.ErrNotFound) || posts.Message(err) != fmt.Sprintf("No post %q is published here, so it takes no comments.", slug) {
			t.Errorf("comment on %q: %v", slug, err)
		}
	}
	if _, err := s.EditComment(ctx, c.ID, ann.Fingerprint, "after it went", posts.DefaultRateLimit, posts.Origin{}); !errors.Is(err, posts.ErrNotFound) {
		t.Errorf("edit under a post taken down: %v", err)
	}
}

func TestModerationAndBans(t *testing.T) {
	s := storeWithPost(t)
	ctx := context.Background()
	bob := reader("bob")
	c := add(t, s, bob, 0, "spam")
	hidden, err := s.Moderate(ctx, "SHA256:admin", c.ID, posts.ModHide)
	if err != nil || !hidden.Hidden || hidden.Body != "spam" {
		t.Fatalf("hide: %+v, %v", hidden, err)
	}
	if list, _ := s.ListPosts(ctx); list[0].Comments != 0 {
		t.Errorf("a hidden comment is counted")
	}
	if err := s.SetBanned(ctx, "SHA256:admin", bob.Fingerprint, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: bob, Body: "more"}); !errors.Is(err, posts.ErrForbidden) {
		t.Errorf("banned reader commented: %v", err)
	}
	if _, err := s.EditComment(ctx, c.ID, bob.Fingerprint, "sneaky", posts.DefaultRateLimit, posts.Origin{}); !errors.Is(err, posts.ErrForbidden) {
		t.Errorf("banned reader edited: %v", err)
	}
	if err := s.SetBanned(ctx, "SHA256:admin", bob.Fingerprint, false); err != nil {
		t.Fatal(err)
	}
	add(t, s, bob, 0, "sorry")
	log, err := s.ModerationLog(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, a := range log {
		actions = append(actions, a.Action+":"+a.TargetName)
	}
	if fmt.Sprint(actions) != "[unban:bob ban:bob hide:bob]" {
		t.Errorf("log = %v", actions)
	}
	if log[2].CommentID != c.ID || log[2].Admin != "SHA256:admin" || log[2].PostSlug != "post" || log[0].PostSlug != "" {
		t.Errorf("hide entry = %+v", log[2])
	}
}

func TestConcurrentWritersAllSucceed(t *testing.T) {
	s := storeWithPost(t)
	const writers = 50
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := 0; i < writers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.AddComment(context.Background(), posts.NewComment{PostSlug: "post", Author: reader(fmt.Sprintf("w%02d", i)), Body: "hello", RateLimit: posts.DefaultRateLimit})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if list, _ := s.ListPosts(context.Background()); list[0].Comments != writers {
		t.Errorf("%d comments stored, want %d", list[0].Comments, writers)
	}
}

// countingEngine counts the write requests of the store's engine.
type countingEngine struct {
	engine
	requests atomic.Int32
}

func (c *countingEngine) atomic(ctx context.Context, stmts []stmt) ([]result, error) {
	c.requests.Add(1)
	return c.engine.atomic(ctx, stmts)
}

// countWrites has s count its write requests from now on.
func countWrites(s *Store) *atomic.Int32 {
	c := &countingEngine{engine: s.eng}
	s.eng = c
	return &c.requests
}
