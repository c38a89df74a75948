package web

import (
	"context"
	"io"
	"net/http"
	"time"
)

const (
	// streamWriteTimeout bounds each write to a live stream: a reader that
	// stops reading is dropped, not waited on.
	streamWriteTimeout = 10 * time.Second
	// streamLifetime ends a stream after a while (the browser reconnects
	// at once), so that no connection is held for ever.
	streamLifetime = 30 * time.Minute
)

// events streams a post's comment changes as Server-Sent Events from the
// hub: one "changed" message per batch, on which the script reloads the
// comments. Each address may hold a few streams at once.
func (s *Site) events(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if _, at := s.cfg.Blog.Listed(slug); at < 0 {
		s.notFound(w, r)
		return
	}
	release, ok := s.streams.take(s.clientAddr(r))
	if !ok {
		w.Header().Set("Retry-After", "60")
		http.Error(w, "Too many live streams from your address.", http.StatusTooManyRequests)
		return
	}
	defer release()
	s.metrics.streams.Inc()
	defer s.metrics.streams.Dec()
	ctx, cancel := context.WithTimeout(r.Context(), streamLifetime) // one timer, not a ticker
	defer cancel()
	l := s.cfg.Threads.Hub().Listen()
	defer l.Close()
	l.Follow(slug)

	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Time{}) // the request is read; the server's deadline would end the stream
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: pass events on as they come
	w.WriteHeader(http.StatusOK)
	send := func(msg string) bool {
		rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
		if _, err := io.WriteString(w, msg); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if r.Method == http.MethodHead || !send("retry: 5000\n\n") {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.closing:
			return
		case <-l.Done():
			return
		case <-l.Ready():
		}
		l.Take()
		if !send("data: changed\n\n") {
			return
		}
	}
}
