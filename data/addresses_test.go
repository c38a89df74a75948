package data

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sshblog/sshblog/posts"
)

func from(addr string, limits posts.AddressLimits) posts.Origin {
	return posts.Origin{Addr: netip.MustParseAddr(addr), AddressLimits: limits}
}

func addFrom(s *Store, who posts.Identity, o posts.Origin) (posts.Comment, error) {
	return s.AddComment(context.Background(), posts.NewComment{PostSlug: "post", Author: who, Body: "hello", From: o})
}

// sources are the addresses kept for comments and identities, in id order.
func sources(t *testing.T, s *Store, table string) []string {
	t.Helper()
	rows, err := s.read.Query(`SELECT coalesce(source, 'forgotten') FROM ` + table + ` ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var list []string
	for rows.Next() {
		var a string
		rows.Scan(&a)
		list = append(list, a)
	}
	return list
}

// No address outlives its retention: the sweeps, at start and then daily,
// forget each on the last sweep before its 30 days are up, and keep it
// until then.
func TestAddressesAreForgottenOnTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := storeWithPost(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		swept := make(chan struct{})
		go s.SweepDaily(ctx, 0, func(_ int64, err error) {
			if err != nil {
				t.Error(err)
			}
			swept <- struct{}{}
		})
		<-swept
		came := time.Now()
		if _, err := addFrom(s, reader("ann"), from("127.0.0.9", posts.AddressLimits{})); err != nil {
			t.Fatal(err)
		}
		if err := s.SetName(context.Background(), reader("bob"), from("127.0.0.10", posts.AddressLimits{})); err != nil {
			t.Fatal(err)
		}
		for age := time.Duration(0); age < posts.AddressRetention; {
			<-swept
			age = time.Since(came)
			// Kept while it is still within its retention at the next sweep.
			comments, identities := "[127.0.0.9]", "[127.0.0.9 127.0.0.10]"
			if age+pruneEvery > posts.AddressRetention {
				comments, identities = "[forgotten]", "[forgotten forgotten]"
			}
			if got := fmt.Sprint(sources(t, s, "comments")); got != comments {
				t.Fatalf("%v after it came, the comment's address is %v, want %v", age, got, comments)
			}
			if got := fmt.Sprint(sources(t, s, "identities")); got != identities {
				t.Fatalf("%v after they came, the identities' addresses are %v, want %v", age, got, identities)
			}
		}
	})
}

// TestNewIdentityLimitHoldsUnderConcurrency: many fresh keys from one
// address at once, as the attack sent them, and exactly the limit get in.
func TestNewIdentityLimitHoldsUnderConcurrency(t *testing.T) {
	s := storeWithPost(t)
	limits := posts.AddressLimits{NewIdentities: posts.RateLimit{Count: 3, Per: time.Hour}}
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Go(func() {
			_, err := addFrom(s, reader(fmt.Sprintf("fresh%02d", i)), from("127.0.0.5", limits))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	posted := 0
	for err := range errs {
		switch {
		case err == nil:
			posted++
		case !errors.Is(err, posts.ErrLimited):
			t.Errorf("unexpected error: %v", err)
		}
	}
	if posted != 3 {
		t.Errorf("%d fresh keys posted, want 3", posted)
	}
	// Another address is not held back by this one.
	if _, err := addFrom(s, reader("elsewhere"), from("127.0.0.6", limits)); err != nil {
		t.Errorf("a key from another address: %v", err)
	}
}

func TestRangeBanStopsCommentsAndEdits(t *testing.T) {
	s := storeWithPost(t)
	ctx := context.Background()
	ann := reader("ann")
	inside, outside := from("2001:db8:1:2::", posts.AddressLimits{}), from("2001:db8:2::", posts.AddressLimits{})
	c, err := addFrom(s, ann, inside)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.CommentAddress(ctx, c.ID); err != nil || got != inside.Addr {
		t.Fatalf("comment address %v, %v; want %v", got, err, inside.Addr)
	}
	prefix := netip.MustParsePrefix("2001:db8:1::/48")
	if err := s.SetRangeBanned(ctx, "SHA256:admin", prefix, true); err != nil {
		t.Fatal(err)
	}
	// Banning it again changes nothing and logs nothing.
	if err := s.SetRangeBanned(ctx, "SHA256:admin", prefix, true); err != nil {
		t.Fatal(err)
	}
	if _, err := addFrom(s, ann, inside); !errors.Is(err, posts.ErrForbidden) {
		t.Errorf("comment from the banned range: %v", err)
	}
	if _, err := s.EditComment(ctx, c.ID, ann.Fingerprint, "edited", posts.RateLimit{}, inside); !errors.Is(err, posts.ErrForbidden) {
		t.Errorf("edit from the banned range: %v", err)
	}
	if _, err := s.EditComment(ctx, c.ID, ann.Fingerprint, "edited", posts.RateLimit{}, outside); err != nil {
		t.Errorf("edit from outside the range: %v", err)
	}
	if err := s.SetRangeBanned(ctx, "SHA256:admin", prefix, false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRangeBanned(ctx, "SHA256:admin", prefix, false); !errors.Is(err, posts.ErrNotFound) {
		t.Errorf("unban of a range not banned: %v", err)
	}
	if _, err := addFrom(s, ann, inside); err != nil {
		t.Errorf("comment after the unban: %v", err)
	}
	log, err := s.ModerationLog(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Action != posts.ModUnbanRange || log[1].Action != posts.ModBanRange || log[1].Target != prefix.String() {
		t.Errorf("moderation log %+v", log)
	}
}

func TestCommentAddressUnknown(t *testing.T) {
	s := storeWithPost(t)
	c, err := addFrom(s, reader("ann"), posts.Origin{})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.CommentAddress(context.Background(), c.ID); err != nil || got.IsValid() {
		t.Errorf("address of a comment posted from nowhere known: %v, %v", got, err)
	}
	if _, err := s.CommentAddress(context.Background(), c.ID+1); !errors.Is(err, posts.ErrNotFound) {
		t.Errorf("address of no comment: %v", err)
	}
}

// The sweep keeps a fresh address and forgets those past the retention, on
// either engine (TestAddressesAreForgottenOnTime says when, by the day).
func TestTheSweepForgetsAddressesWithoutNewComments(t *testing.T) {
	s := storeWithPost(t)
	if _, err := addFrom(s, reader("ann"), from("127.0.0.9", posts.AddressLimits{})); err != nil {
		t.Fatal(err)
	}
	if err := s.ForgetAddresses(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := sources(t, s, "comments"); fmt.Sprint(got) != "[127.0.0.9]" {
		t.Fatalf("a fresh address was forgotten: %v", got)
	}
	now := s.Now
	s.Now = func() time.Time { return now().Add(posts.AddressRetention + time.Hour) }
	if _, err := s.sweep(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	if got := sources(t, s, "comments"); fmt.Sprint(got) != "[forgotten]" {
		t.Errorf("after the retention the sweep left comment addresses %v", got)
	}
	if got := sources(t, s, "identities"); fmt.Sprint(got) != "[forgotten]" {
		t.Errorf("after the retention the sweep left identity addresses %v", got)
	}
}
