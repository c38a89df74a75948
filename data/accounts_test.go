package data

import (
	"context"
	"testing"
	"time"

	"github.com/sshblog/sshblog/posts"
)

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
	if _, err := s.write.ExecContext(ctx, `INSERT INTO visits (fingerprint, last_seen) VALUES (?, ?)`, visitor, time.Now().Unix()); err != nil {
		t.Fatal(err)
	}
	if err := s.SavePositions(ctx, []posts.Position{{Identity: visitor, Slug: "post", Fraction: 0.4, At: time.Now()}}); err != nil {
		t.Fatal(err)
	}
	if err := s.NewLinkCode(ctx, ann.Fingerprint, "hash", time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	got, err := s.Link(ctx, posts.LinkRequest{Key: visitor, PublicKey: "ssh-ed25519 AAAAdesk", Identity: visitor, CodeHash: "hash",
		Limits: posts.DefaultLinkLimits})
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
