package data

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// clockAt fixes the store's clock at now, to the second, and returns a
// function that moves it on.
func clockAt(s *Store, now time.Time) func(time.Duration) time.Time {
	now = now.Truncate(time.Second)
	s.Now = func() time.Time { return now }
	return func(d time.Duration) time.Time {
		now = now.Add(d)
		return now
	}
}

// wantRefusal fails unless err is of kind with a message holding msg.
func wantRefusal(t *testing.T, what string, err, kind error, msg string) {
	t.Helper()
	if !errors.Is(err, kind) || !strings.Contains(posts.Message(err), msg) {
		t.Errorf("%s: %v; want %v saying %q", what, err, kind, msg)
	}
}

// annCommentedAt is a store with a post and ann's comment on it, its clock
// fixed at start, now to the second, until later moves it on.
func annCommentedAt(t *testing.T) (s *Store, ann posts.Identity, start time.Time, later func(time.Duration) time.Time) {
	t.Helper()
	s = storeWithPost(t)
	start = time.Now().Truncate(time.Second)
	later = clockAt(s, start)
	ann = reader("ann")
	add(t, s, ann, 0, "hello")
	return s, ann, start, later
}

// linkRequest asks to link the key fingerprint, a reader of its own so far,
// with the code whose hash is hash.
func linkRequest(key, hash string) posts.LinkRequest {
	return posts.LinkRequest{Key: key, PublicKey: "ssh-ed25519 AAAA" + key, Identity: key, CodeHash: hash,
		Limits: posts.DefaultLinkLimits}
}

// Existing identities get their key in the keys table (the migration's
// backfill and the trigger), and a linked visitor brings its visit and its
// places in posts.
func TestLinkMergesWhatAVisitorHad(t *testing.T) {
	s := storeWithPost(t)
	ctx := context.Background()
	ann := reader("ann")
	add(t, s, ann, 0, "hello")
	keys, err := s.Keys(ctx, ann.Fingerprint)
	if err != nil || len(keys) != 1 || keys[0].Fingerprint != ann.Fingerprint || keys[0].Type != "ssh-ed25519" {
		t.Fatalf("ann's keys: %+v %v", keys, err)
	}
	visitor := "SHA256:desk"
	if _, err := s.eng.atomic(ctx, withArgs(saveVisits, map[string]any{"batch": fmt.Sprintf(`{%q: %d}`, visitor, time.Now().Unix())})); err != nil {
		t.Fatal(err)
	}
	if err := s.SavePositions(ctx, []posts.Position{{Identity: visitor, Slug: "post", Fraction: 0.4, At: time.Now()}}); err != nil {
		t.Fatal(err)
	}
	if err := s.NewLinkCode(ctx, ann.Fingerprint, "hash", time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	got, err := s.Link(ctx, linkRequest(visitor, "hash"))
	if err != nil || got != ann.Fingerprint {
		t.Fatalf("link: %q %v", got, err)
	}
	if id, _ := s.KeyIdentity(ctx, visitor); id != ann.Fingerprint {
		t.Errorf("the linked key is %q", id)
	}
	at, err := s.Positions(ctx, ann.Fingerprint)
	if err != nil || at["post"] != 0.4 {
		t.Errorf("ann's places after the merge: %v %v", at, err)
	}
	if left, _ := s.Positions(ctx, visitor); len(left) != 0 {
		t.Errorf("the visitor kept places of its own: %v", left)
	}
	var visits int
	s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM visits WHERE fingerprint = ?`, ann.Fingerprint).Scan(&visits)
	if visits != 1 {
		t.Errorf("ann has %d visits after the merge, want the visitor's", visits)
	}
}

// A code is handed out only to a named identity, replaces its unused one,
// links once, and not after it expires; a key that is already the
// identity's, or has an account of its own, is refused and leaves the code
// unused.
func TestLinkCodesWorkOnceAndExpire(t *testing.T) {
	s := storeWithPost(t)
	ctx := context.Background()
	later := clockAt(s, time.Now())
	ann, bob := reader("ann"), reader("bob")
	err := s.NewLinkCode(ctx, ann.Fingerprint, "early", s.Now().Add(posts.LinkCodeTTL))
	wantRefusal(t, "a code for a reader without a name", err, posts.ErrNoName, "Choose a display name before linking keys")
	add(t, s, ann, 0, "hello")
	add(t, s, bob, 0, "hi")
	for _, hash := range []string{"first", "second"} {
		if err := s.NewLinkCode(ctx, ann.Fingerprint, hash, s.Now().Add(posts.LinkCodeTTL)); err != nil {
			t.Fatal(err)
		}
	}
	_, err = s.Link(ctx, linkRequest("SHA256:laptop", "first"))
	wantRefusal(t, "the code a newer one replaced", err, posts.ErrNotFound, "That link code is wrong")
	_, err = s.Link(ctx, linkRequest(bob.Fingerprint, "second"))
	wantRefusal(t, "a key with an account", err, posts.ErrInvalid, "This key already has an account here (as bob)")
	_, err = s.Link(ctx, linkRequest(ann.Fingerprint, "second"))
	wantRefusal(t, "the identity's own key", err, posts.ErrInvalid, "This key already belongs to that account.")
	if got, err := s.Link(ctx, linkRequest("SHA256:laptop", "second")); err != nil || got != ann.Fingerprint {
		t.Fatalf("link with the code refusals left unused: %q %v", got, err)
	}
	_, err = s.Link(ctx, linkRequest("SHA256:desk", "second"))
	wantRefusal(t, "a used code", err, posts.ErrNotFound, "already used")

	if err := s.NewLinkCode(ctx, ann.Fingerprint, "third", s.Now().Add(posts.LinkCodeTTL)); err != nil {
		t.Fatal(err)
	}
	later(posts.LinkCodeTTL)
	_, err = s.Link(ctx, linkRequest("SHA256:desk", "third"))
	wantRefusal(t, "an expired code", err, posts.ErrNotFound, "has expired")
	if id, _ := s.KeyIdentity(ctx, "SHA256:desk"); id != "SHA256:desk" {
		t.Errorf("a refused key logs in as %q", id)
	}
	keys, err := s.Keys(ctx, ann.Fingerprint)
	if err != nil || len(keys) != 2 || keys[1].Fingerprint != "SHA256:laptop" {
		t.Errorf("ann's keys: %+v %v", keys, err)
	}
}

// Failed attempts are capped per key, per address and overall, each
// saying how long to wait; a refusal for the cap records no attempt, and
// attempts leave the count as their window passes.
func TestLinkAttemptsAreCappedPerKeyAddressAndOverall(t *testing.T) {
	s := storeWithPost(t)
	ctx := context.Background()
	later := clockAt(s, time.Now())
	limits := posts.LinkLimits{
		PerKey:     posts.RateLimit{Count: 2, Per: 10 * time.Minute},
		PerAddress: posts.RateLimit{Count: 3, Per: time.Hour},
		Overall:    posts.RateLimit{Count: 5, Per: time.Hour},
	}
	try := func(key, addr string) error {
		r := linkRequest(key, "guess")
		r.Limits = limits
		if addr != "" {
			r.Addr = netip.MustParseAddr(addr)
		}
		_, err := s.Link(ctx, r)
		return err
	}
	for range 2 {
		wantRefusal(t, "a wrong code", try("SHA256:k1", "127.1.0.1"), posts.ErrNotFound, "wrong")
	}
	wantRefusal(t, "a third try from one key", try("SHA256:k1", "127.1.0.1"), posts.ErrLimited, "wait 10 minutes")
	wantRefusal(t, "a fresh key from the address", try("SHA256:k2", "127.1.0.1"), posts.ErrNotFound, "wrong")
	wantRefusal(t, "a fourth from the address", try("SHA256:k3", "127.1.0.1"), posts.ErrLimited, "wait 60 minutes")
	later(10 * time.Minute)
	wantRefusal(t, "the key once its window passed", try("SHA256:k1", ""), posts.ErrNotFound, "wrong")
	wantRefusal(t, "another address", try("SHA256:k4", "127.2.0.1"), posts.ErrNotFound, "wrong")
	wantRefusal(t, "the sixth overall", try("SHA256:k5", "127.3.0.1"), posts.ErrLimited, "wait 50 minutes")
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM link_attempts WHERE scope = 'all'`).Scan(&n); err != nil || n != 5 {
		t.Errorf("%d attempts recorded overall (%v), want the 5 that were tried", n, err)
	}
}

// A key's last use is written at most hourly: a login within the hour
// only reads.
func TestLoginDatesTheKeyHourly(t *testing.T) {
	s, ann, start, later := annCommentedAt(t)
	ctx := context.Background()
	lastUsed := func() time.Time {
		t.Helper()
		keys, err := s.Keys(ctx, ann.Fingerprint)
		if err != nil || len(keys) != 1 {
			t.Fatalf("keys: %+v %v", keys, err)
		}
		return keys[0].LastUsed
	}
	later(59 * time.Minute)
	if id, err := s.LoginKey(ctx, ann.Fingerprint); err != nil || id != ann.Fingerprint {
		t.Fatalf("login: %q %v", id, err)
	}
	if got := lastUsed(); !got.Equal(start) {
		t.Errorf("a login within the hour wrote the key's last use: %v, want %v", got, start)
	}
	now := later(2 * time.Minute)
	if _, err := s.LoginKey(ctx, ann.Fingerprint); err != nil {
		t.Fatal(err)
	}
	if got := lastUsed(); !got.Equal(now) {
		t.Errorf("after an hour the key's last use is %v, want %v", got, now)
	}
	if id, err := s.LoginKey(ctx, "SHA256:stranger"); err != nil || id != "SHA256:stranger" {
		t.Errorf("a key without a row logs in as %q, %v", id, err)
	}
}

// Unlink removes one key, never the last nor another's; the key that named
// the identity comes back as a fresh reader. The identity's other keys are
// told of a linked key once.
func TestUnlinkAndLinkNotices(t *testing.T) {
	s := storeWithPost(t)
	ctx := context.Background()
	clockAt(s, time.Now())
	ann, bob := reader("ann"), reader("bob")
	add(t, s, ann, 0, "hello")
	add(t, s, bob, 0, "hi")
	wantRefusal(t, "unlink the only key", s.Unlink(ctx, ann.Fingerprint, ann.Fingerprint, "SHA256:fresh"),
		posts.ErrInvalid, "That is your only key")
	if err := s.NewLinkCode(ctx, ann.Fingerprint, "code", s.Now().Add(posts.LinkCodeTTL)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Link(ctx, linkRequest("SHA256:laptop", "code")); err != nil {
		t.Fatal(err)
	}
	notices, err := s.LinkNotices(ctx, ann.Fingerprint, ann.Fingerprint)
	if err != nil || len(notices) != 1 || notices[0].Fingerprint != "SHA256:laptop" || notices[0].Type != "ssh-ed25519" {
		t.Fatalf("notices: %+v %v", notices, err)
	}
	if again, err := s.LinkNotices(ctx, ann.Fingerprint, ann.Fingerprint); err != nil || len(again) != 0 {
		t.Errorf("told twice: %+v %v", again, err)
	}
	if err := s.NewLinkCode(ctx, ann.Fingerprint, "code2", s.Now().Add(posts.LinkCodeTTL)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Link(ctx, linkRequest("SHA256:tablet", "code2")); err != nil {
		t.Fatal(err)
	}
	for range 2 { // sent again, as after an unclear failure, the same request tells again
		if notices, err := s.linkNotices(ctx, ann.Fingerprint, "SHA256:laptop", 7); err != nil || len(notices) != 1 || notices[0].Fingerprint != "SHA256:tablet" {
			t.Errorf("notices of the tablet: %+v %v", notices, err)
		}
	}
	if err := s.Unlink(ctx, ann.Fingerprint, "SHA256:tablet", "SHA256:fresh"); err != nil {
		t.Fatal(err)
	}
	wantRefusal(t, "unlink another's key", s.Unlink(ctx, ann.Fingerprint, bob.Fingerprint, "SHA256:fresh"),
		posts.ErrNotFound, "is not one of your keys")
	if err := s.Unlink(ctx, ann.Fingerprint, ann.Fingerprint, "SHA256:fresh"); err != nil {
		t.Fatal(err)
	}
	if id, _ := s.KeyIdentity(ctx, ann.Fingerprint); id != "SHA256:fresh" {
		t.Errorf("the unlinked first key logs in as %q, want a fresh reader", id)
	}
	if id, _ := s.KeyIdentity(ctx, "SHA256:laptop"); id != ann.Fingerprint {
		t.Errorf("the key left logs in as %q", id)
	}
	wantRefusal(t, "unlink the key left", s.Unlink(ctx, ann.Fingerprint, "SHA256:laptop", "SHA256:fresh2"),
		posts.ErrInvalid, "That is your only key")
}

// A reply from another identity waits in the inbox until read, leaves it
// when its author is muted, and the feed's secret is kept until renewed.
func TestInboxReadMutesAndFeed(t *testing.T) {
	s := storeWithPost(t)
	ctx := context.Background()
	ann, bob := reader("ann"), reader("bob")
	first := add(t, s, ann, 0, "question")
	reply := add(t, s, bob, first.ID, "answer")
	add(t, s, ann, first.ID, "thanks")
	items, err := s.Inbox(ctx, ann.Fingerprint, false, 10)
	if err != nil || len(items) != 1 || items[0].ID != reply.ID || !items[0].Unread || items[0].PostTitle != "Title post" {
		t.Fatalf("ann's inbox: %+v %v", items, err)
	}
	if n, err := s.InboxUnread(ctx, ann.Fingerprint, 0); err != nil || n != 1 {
		t.Errorf("unread: %d %v", n, err)
	}
	if got, _ := s.InboxRecipients(ctx, reply.ID); len(got) != 1 || got[0] != ann.Fingerprint {
		t.Errorf("recipients of the reply: %v", got)
	}
	if err := s.MarkInboxRead(ctx, ann.Fingerprint, reply.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkInboxRead(ctx, ann.Fingerprint, 0); err != nil { // an older screen never unreads
		t.Fatal(err)
	}
	if items, _ := s.Inbox(ctx, ann.Fingerprint, false, 10); len(items) != 0 {
		t.Errorf("unread after reading: %+v", items)
	}
	if items, _ := s.Inbox(ctx, ann.Fingerprint, true, 10); len(items) != 1 || items[0].Unread {
		t.Errorf("all after reading: %+v", items)
	}

	mute := posts.InboxMute{Author: bob.Fingerprint}
	for range 2 { // muting twice is muting
		if err := s.Mute(ctx, ann.Fingerprint, mute, true); err != nil {
			t.Fatal(err)
		}
	}
	if items, _ := s.Inbox(ctx, ann.Fingerprint, true, 10); len(items) != 0 {
		t.Errorf("a muted author's reply: %+v", items)
	}
	if err := s.Mute(ctx, ann.Fingerprint, mute, false); err != nil {
		t.Fatal(err)
	}
	wantRefusal(t, "unmute what is not muted", s.Mute(ctx, ann.Fingerprint, mute, false), posts.ErrNotFound, "That was not muted.")
	if items, _ := s.Inbox(ctx, ann.Fingerprint, true, 10); len(items) != 1 {
		t.Errorf("after unmuting: %+v", items)
	}

	token, err := s.InboxFeed(ctx, ann.Fingerprint, "secret1", false)
	if err != nil || token != "secret1" {
		t.Fatalf("first feed secret: %q %v", token, err)
	}
	if token, err = s.InboxFeed(ctx, ann.Fingerprint, "secret2", false); err != nil || token != "secret1" {
		t.Errorf("the secret asked for again: %q %v, want the first", token, err)
	}
	if token, err = s.InboxFeed(ctx, ann.Fingerprint, "secret3", true); err != nil || token != "secret3" {
		t.Errorf("the renewed secret: %q %v", token, err)
	}
	if _, err := s.InboxFeedOwner(ctx, "secret1"); !errors.Is(err, posts.ErrNotFound) {
		t.Errorf("the old secret still works: %v", err)
	}
	if owner, err := s.InboxFeedOwner(ctx, "secret3"); err != nil || owner != ann.Fingerprint {
		t.Errorf("the secret's owner: %q %v", owner, err)
	}
}

// Positions are written in one batch; an older position loses to the one
// stored, and a later one in the same batch wins.
func TestPositionsBatchNewerWins(t *testing.T) {
	s := storeWithPost(t)
	ctx := context.Background()
	t0 := time.Now().Truncate(time.Second)
	if err := s.SavePositions(ctx, []posts.Position{
		{Identity: "SHA256:a", Slug: "post", Fraction: 0.5, At: t0},
		{Identity: "SHA256:a", Slug: "other", Fraction: 1, At: t0},
		{Identity: "SHA256:b", Slug: "post", Fraction: 0.25, At: t0},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.SavePositions(ctx, []posts.Position{
		{Identity: "SHA256:a", Slug: "post", Fraction: 0.1, At: t0.Add(-time.Minute)},
		{Identity: "SHA256:b", Slug: "post", Fraction: 0.6, At: t0.Add(time.Minute)},
		{Identity: "SHA256:b", Slug: "post", Fraction: 0.75, At: t0.Add(2 * time.Minute)},
	}); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]map[string]float64{"SHA256:a": {"post": 0.5, "other": 1}, "SHA256:b": {"post": 0.75}} {
		got, err := s.Positions(ctx, id)
		if err != nil || len(got) != len(want) {
			t.Errorf("positions of %s: %v %v; want %v", id, got, err, want)
		}
		for slug, f := range want {
			if got[slug] != f {
				t.Errorf("%s in %s: %v, want %v", id, slug, got[slug], f)
			}
		}
	}
}

// Settings are the defaults until saved, and then what was saved.
func TestSettingsAreKeptPerIdentity(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	if st, err := s.Settings(ctx, "SHA256:a"); err != nil || st != posts.DefaultSettings {
		t.Fatalf("settings before any: %+v %v", st, err)
	}
	for _, want := range []posts.Settings{{Theme: "high-contrast", Width: "narrow", Plain: true, Bell: true}, {Theme: "dark", Width: "wide"}} {
		if err := s.SaveSettings(ctx, "SHA256:a", want); err != nil {
			t.Fatal(err)
		}
		if st, err := s.Settings(ctx, "SHA256:a"); err != nil || st != want {
			t.Errorf("settings: %+v %v, want %+v", st, err, want)
		}
	}
	if st, _ := s.Settings(ctx, "SHA256:b"); st != posts.DefaultSettings {
		t.Errorf("another identity's settings: %+v", st)
	}
}

// Export carries what is kept of an identity; Erase removes it: comments
// with replies stay as deleted, the others go, the name is free, the first
// key comes back as a fresh reader, and admins' actions stay unnamed.
func TestExportThenErase(t *testing.T) {
	s := storeWithPost(t)
	ctx := context.Background()
	clockAt(s, time.Now())
	ann, bob := reader("ann"), reader("bob")
	answered := add(t, s, ann, 0, "answered")
	add(t, s, ann, 0, "alone")
	reply := add(t, s, bob, answered.ID, "reply")
	if _, err := s.Moderate(ctx, "SHA256:admin", answered.ID, posts.ModHide); err != nil {
		t.Fatal(err)
	}
	if err := s.SavePositions(ctx, []posts.Position{{Identity: ann.Fingerprint, Slug: "post", Fraction: 0.5, At: s.Now()}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSettings(ctx, ann.Fingerprint, posts.Settings{Theme: "light", Width: "narrow"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Mute(ctx, ann.Fingerprint, posts.InboxMute{Thread: 99}, true); err != nil {
		t.Fatal(err)
	}
	x, err := s.Export(ctx, ann.Fingerprint)
	if err != nil {
		t.Fatal(err)
	}
	if x.Identity.ID != ann.Fingerprint || x.Identity.Name != "ann" || len(x.Keys) != 1 || len(x.Comments) != 2 ||
		!x.Comments[0].Hidden || len(x.Inbox) != 1 || x.Inbox[0].Author != "bob" || len(x.Positions) != 1 || x.Positions[0].Fraction != 0.5 ||
		len(x.Moderation) != 1 || x.Moderation[0].Action != posts.ModHide || x.Settings.Theme != "light" ||
		len(x.Mutes) != 1 || x.Mutes[0].Thread != 99 {
		t.Fatalf("export: %+v", x)
	}

	if err := s.Erase(ctx, ann.Fingerprint, "SHA256:fresh"); err != nil {
		t.Fatal(err)
	}
	list, err := s.Comments(ctx, "post", posts.Comment{}, 10)
	if err != nil || len(list) != 2 || list[0].ID != answered.ID || list[0].Body != "" || !list[0].Deleted || list[1].ID != reply.ID {
		t.Fatalf("comments after erase: %+v %v", list, err)
	}
	if id, _ := s.KeyIdentity(ctx, ann.Fingerprint); id != "SHA256:fresh" {
		t.Errorf("the erased key logs in as %q, want a fresh reader", id)
	}
	if x, err := s.Export(ctx, "SHA256:fresh"); !errors.Is(err, posts.ErrNotFound) {
		t.Errorf("the fresh reader has an account: %+v %v", x, err)
	}
	if st, _ := s.Settings(ctx, ann.Fingerprint); st != posts.DefaultSettings {
		t.Errorf("settings after erase: %+v", st)
	}
	if at, _ := s.Positions(ctx, ann.Fingerprint); len(at) != 0 {
		t.Errorf("positions after erase: %v", at)
	}
	var targets string
	s.read.QueryRowContext(ctx, `SELECT group_concat(target) FROM moderation_log`).Scan(&targets)
	if targets != "erased" {
		t.Errorf("the moderation log names %q", targets)
	}
	if err := s.SetName(ctx, posts.Identity{Fingerprint: "SHA256:new", Name: "ann", PublicKey: "k"}, posts.Origin{}); err != nil {
		t.Errorf("the erased name is not free: %v", err)
	}
}

// A banned identity leaves a tombstone: its keys still log in as it, banned.
func TestErasedBanStays(t *testing.T) {
	s := storeWithPost(t)
	ctx := context.Background()
	ann := reader("ann")
	add(t, s, ann, 0, "spam")
	if err := s.SetBanned(ctx, "SHA256:admin", ann.Fingerprint, true); err != nil {
		t.Fatal(err)
	}
	if err := s.Erase(ctx, ann.Fingerprint, "SHA256:fresh"); err != nil {
		t.Fatal(err)
	}
	if id, _ := s.KeyIdentity(ctx, ann.Fingerprint); id != ann.Fingerprint {
		t.Fatalf("the banned key logs in as %q, want its tombstone", id)
	}
	_, err := s.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: ann, Body: "again"})
	wantRefusal(t, "a comment from an erased banned key", err, posts.ErrForbidden, "banned")
}
