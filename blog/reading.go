package blog

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// ReadingStore keeps where readers are in posts.
type ReadingStore interface {
	Positions(ctx context.Context, identity string) (map[string]float64, error)
	SavePositions(ctx context.Context, batch []posts.Position) error
	NewCommentsOn(ctx context.Context, identity string, since time.Time) (map[string]int, error)
}

// positionDelay is how long positions wait to be written together: every
// reader leaving a post leaves one, and the one writer takes them in one
// transaction, as it does visits.
const positionDelay = time.Second

// Reading remembers where each identity is in each post, whichever key
// and window they read with. One timer runs while positions wait, none
// otherwise.
type Reading struct {
	store ReadingStore
	blog  *Blog

	mu      sync.Mutex
	pending map[[2]string]posts.Position // by identity and slug: the newest wins
	due     *time.Timer
	closed  bool
	writing sync.Mutex // one batch at a time
	log     func(error)
}

// NewReading keeps positions in store; failed timed writes go to report.
func NewReading(store ReadingStore, blog *Blog, report func(error)) *Reading {
	return &Reading{store: store, blog: blog, pending: map[[2]string]posts.Position{}, log: report}
}

// ReadingState is what one session knows of its reader at the start: the
// places in posts, and the others' comments since the last visit under
// posts they commented on. The session keeps its own copy and updates it.
type ReadingState struct {
	At  map[string]float64
	New map[string]int
}

// Load is the viewer's reading state; since is their last visit (zero on a
// first visit, which has nothing new).
func (r *Reading) Load(ctx context.Context, v Viewer, since time.Time) (ReadingState, error) {
	st := ReadingState{At: map[string]float64{}, New: map[string]int{}}
	if !v.Keyed() {
		return st, nil
	}
	at, err := r.store.Positions(ctx, v.Fingerprint)
	if err != nil {
		return st, err
	}
	maps.Copy(st.At, at)
	r.mu.Lock()
	for k, p := range r.pending { // not yet written: the newest there is
		if k[0] == v.Fingerprint {
			st.At[k[1]] = p.Fraction
		}
	}
	r.mu.Unlock()
	if since.IsZero() {
		return st, nil
	}
	st.New, err = r.store.NewCommentsOn(ctx, v.Fingerprint, since)
	return st, err
}

// Left records that the viewer left the post with slug at fraction; it is
// written within positionDelay, with the others of that second.
func (r *Reading) Left(v Viewer, slug string, fraction float64) {
	if !v.Keyed() || slug == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	r.pending[[2]string{v.Fingerprint, slug}] = posts.Position{Identity: v.Fingerprint, Slug: slug,
		Fraction: min(max(fraction, 0), 1), At: r.blog.Now()}
	if r.due == nil {
		r.due = time.AfterFunc(positionDelay, r.writeDue)
	}
}

func (r *Reading) writeDue() {
	err := r.flush()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.due = nil
	if len(r.pending) > 0 && !r.closed {
		r.due = time.AfterFunc(positionDelay, r.writeDue)
	}
	if err != nil && r.log != nil {
		r.log(err)
	}
}

// flush writes what waits; positions that come meanwhile wait for the next.
func (r *Reading) flush() error {
	r.writing.Lock()
	defer r.writing.Unlock()
	r.mu.Lock()
	batch := slices.Collect(maps.Values(r.pending))
	r.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	err := r.store.SavePositions(ctx, batch)
	r.mu.Lock()
	for _, p := range batch {
		k := [2]string{p.Identity, p.Slug}
		if r.pending[k] == p {
			delete(r.pending, k)
		}
	}
	r.mu.Unlock()
	return err
}

// Close writes what waits and takes no more: before the store closes.
func (r *Reading) Close() error {
	r.mu.Lock()
	r.closed = true
	if r.due != nil {
		r.due.Stop()
	}
	r.mu.Unlock()
	return r.flush()
}
