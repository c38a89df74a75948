package blog

import (
	"context"
	"time"
)

// VisitStore remembers when each key last came.
type VisitStore interface {
	Visit(ctx context.Context, fingerprint string, now time.Time) (last time.Time, seen bool, err error)
}

// Visits tells a returning reader's session when they came before, so that
// it can mark what is new to them.
type Visits struct {
	store VisitStore
	blog  *Blog
}

// NewVisits records the visits to blog in store.
func NewVisits(store VisitStore, blog *Blog) *Visits { return &Visits{store: store, blog: blog} }

// Came records that the viewer came now and returns when they came before:
// zero on a first visit, and for a reader without a key, who cannot be told
// from any other.
func (vs *Visits) Came(ctx context.Context, v Viewer) (time.Time, error) {
	if !v.Keyed() {
		return time.Time{}, nil
	}
	last, _, err := vs.store.Visit(ctx, v.Fingerprint, vs.blog.Now())
	return last, err
}
