package data

import (
	"context"
	"strconv"
	"testing"
	"testing/synctest"
	"time"
)

// visitorsLeft is the fingerprints that still have a visit row.
func visitorsLeft(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	rows, err := s.read.Query(`SELECT fingerprint FROM visits`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	left := map[string]bool{}
	for rows.Next() {
		var fp string
		rows.Scan(&fp)
		left[fp] = true
	}
	return left
}

func TestPruneForgetsOnlyOldVisitsOfKeysWithNothingElse(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	now := time.Now()
	old, recent := now.Add(-100*24*time.Hour).Unix(), now.Add(-time.Hour).Unix()
	if err := s.SavePost(ctx, samplePost("p", now)); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO visits VALUES ('SHA256:stranger', ` + strconv.FormatInt(old, 10) + `)`,
		`INSERT INTO visits VALUES ('SHA256:recent', ` + strconv.FormatInt(recent, 10) + `)`,
		`INSERT INTO visits VALUES ('SHA256:named', ` + strconv.FormatInt(old, 10) + `)`,
		`INSERT INTO identities (fingerprint, name, public_key, created_at) VALUES ('SHA256:named', 'nell', 'k', 0)`,
		`INSERT INTO visits VALUES ('SHA256:banned', ` + strconv.FormatInt(old, 10) + `)`,
		`INSERT INTO identities (fingerprint, name, public_key, created_at, banned_at) VALUES ('SHA256:banned', 'bob', 'k', 0, 1)`,
		`INSERT INTO visits VALUES ('SHA256:admin', ` + strconv.FormatInt(old, 10) + `)`,
		`INSERT INTO moderation_log (admin, action, target, at) VALUES ('SHA256:admin', 'ban', 'SHA256:banned', 1)`,
	} {
		execSQL(t, s, q, nil)
	}
	pruned, err := s.PruneVisitors(ctx, now.Add(-90*24*time.Hour))
	if err != nil || pruned != 1 {
		t.Fatalf("pruned %d, %v; want the one stranger", pruned, err)
	}
	left := visitorsLeft(t, s)
	if left["SHA256:stranger"] || !left["SHA256:recent"] || !left["SHA256:named"] || !left["SHA256:banned"] || !left["SHA256:admin"] {
		t.Errorf("left: %v", left)
	}
	var identities int
	s.read.QueryRow(`SELECT COUNT(*) FROM identities`).Scan(&identities)
	if identities != 2 {
		t.Errorf("%d identities left, want both", identities)
	}
}

// The sweep runs at start and then once a day, in one goroutine, until its
// context ends.
func TestPruneRunsAtStartAndDaily(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, _ := openTestStore(t)
		ctx, cancel := context.WithCancel(context.Background())
		sweeps := make(chan int64)
		done := make(chan struct{})
		go func() {
			s.SweepDaily(ctx, 90*24*time.Hour, func(n int64, err error) {
				if err != nil {
					t.Error(err)
				}
				sweeps <- n
			})
			close(done)
		}()
		<-sweeps
		start := time.Now()
		execSQL(t, s, `INSERT INTO visits VALUES (:fp, :seen)`, map[string]any{"fp": "SHA256:stranger", "seen": start.Add(-91 * 24 * time.Hour).Unix()})
		if n := <-sweeps; n != 1 || time.Since(start) != 24*time.Hour {
			t.Errorf("the second sweep pruned %d after %v", n, time.Since(start))
		}
		cancel()
		<-done
	})
}
