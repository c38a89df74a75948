package server

import "sync"

// registry holds the logged-in connections, for a shutdown to end them and
// to know when they have all gone.
type registry struct {
	mu      sync.Mutex
	conns   map[*guardedConn]struct{}
	closing bool
	// drained is closed once the registry is closing and the last
	// connection has gone.
	drained     chan struct{}
	drainedOnce sync.Once
}

func newRegistry() *registry {
	return &registry{conns: map[*guardedConn]struct{}{}, drained: make(chan struct{})}
}

// add registers a connection that has logged in; false once the registry is
// closing.
func (r *registry) add(c *guardedConn) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closing {
		return false
	}
	r.conns[c] = struct{}{}
	return true
}

func (r *registry) remove(c *guardedConn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.conns, c)
	r.checkDrainedLocked()
}

// close refuses logins from now on, and returns the logged-in connections
// and a channel closed when all are gone.
func (r *registry) close() ([]*guardedConn, <-chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closing = true
	conns := make([]*guardedConn, 0, len(r.conns))
	for c := range r.conns {
		conns = append(conns, c)
	}
	r.checkDrainedLocked()
	return conns, r.drained
}

func (r *registry) checkDrainedLocked() {
	if r.closing && len(r.conns) == 0 {
		r.drainedOnce.Do(func() { close(r.drained) })
	}
}
