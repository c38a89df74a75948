package blog

import (
	"context"
	"testing"
	"time"
)

// A returning key learns when it came before, by the blog's clock; a first
// visit and a reader without a key learn nothing.
func TestVisitsTellWhenAKeyCameBefore(t *testing.T) {
	store := openStore(t)
	day := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	now := day
	store.Now = func() time.Time { return now }
	ctx := context.Background()
	b, err := New(ctx, "Visited", store, store.Now)
	if err != nil {
		t.Fatal(err)
	}
	visits := NewVisits(store, b)
	ann := Viewer{Fingerprint: "SHA256:ann", User: "ann"}
	if last, err := visits.Came(ctx, ann); err != nil || !last.IsZero() {
		t.Fatalf("first visit: came before at %v (%v), want never", last, err)
	}
	now = day.Add(time.Hour)
	if last, err := visits.Came(ctx, ann); err != nil || !last.Equal(day) {
		t.Errorf("second visit: came before at %v (%v), want %v", last, err, day)
	}
	if last, err := visits.Came(ctx, Viewer{User: "guest"}); err != nil || !last.IsZero() {
		t.Errorf("a keyless reader came before at %v (%v)", last, err)
	}
}
