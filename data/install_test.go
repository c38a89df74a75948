package data

import (
	"context"
	"sync"
	"testing"
)

// The install id is made once: every caller, at once or after a reopen, gets
// the same one, and two installs get different ones.
func TestInstallIDIsMadeOnceAndKept(t *testing.T) {
	ctx := context.Background()
	s, path := openTestStore(t)
	ids := make([]string, 8)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			id, err := s.InstallID(ctx)
			if err != nil {
				t.Error(err)
			}
			ids[i] = id
		})
	}
	wg.Wait()
	if len(ids[0]) < 20 {
		t.Fatalf("install id %q is too short to be unique", ids[0])
	}
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("callers got different ids: %q", ids)
		}
	}
	s.Close()
	again, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if id, err := again.InstallID(ctx); err != nil || id != ids[0] {
		t.Fatalf("after reopening: %q, %v; want %q", id, err, ids[0])
	}
	other, _ := openTestStore(t)
	if id, err := other.InstallID(ctx); err != nil || id == ids[0] {
		t.Fatalf("another install got %q, %v", id, err)
	}
}

// On a cluster, two nodes asking at once get the one id the cluster keeps.
func testInstallIDIsTheClusters(t *testing.T) {
	ctx := context.Background()
	first := openRqliteTestStore(t)
	second, err := OpenRqlite(ctx, RqliteConfig{Addrs: onRqlite.HTTPAddrs()})
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	ids := make([]string, 2)
	var wg sync.WaitGroup
	for i, s := range []*Store{first, second} {
		wg.Go(func() {
			id, err := s.InstallID(ctx)
			if err != nil {
				t.Error(err)
			}
			ids[i] = id
		})
	}
	wg.Wait()
	if ids[0] == "" || ids[0] != ids[1] {
		t.Fatalf("the two nodes got %q", ids)
	}
}
