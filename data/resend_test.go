package data

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/rqlitetest"
	"github.com/sshblog/sshblog/posts"
)

// answerLoser stands between a store and its rqlite node. Told to, it loses
// the answer to the next write: the node has applied it, and the store sees
// the connection break, as when the leader dies before it answers. It
// counts the requests it passes on.
type answerLoser struct {
	node string // host:port

	mu       sync.Mutex
	loseNext bool
	lost     int
	requests int
}

func (p *answerLoser) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	req, err := http.NewRequestWithContext(r.Context(), r.Method, "http://"+p.node+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	req.Header = r.Header.Clone()
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	p.mu.Lock()
	p.requests++
	lose := p.loseNext && strings.HasPrefix(r.URL.Path, "/db/request")
	if lose {
		p.loseNext = false
		p.lost++
	}
	p.mu.Unlock()
	if lose {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	w.Write(answer)
}

// lose makes the next write's answer lost, and returns a check that it was.
func (p *answerLoser) lose(t *testing.T) func() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.loseNext, p.lost = true, 0
	return func() {
		t.Helper()
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.lost != 1 {
			t.Fatalf("the write's answer was not lost (%d lost)", p.lost)
		}
	}
}

// storeBehindLoser opens a store on a fresh one-node cluster through an
// answerLoser.
func storeBehindLoser(t *testing.T) (*Store, *answerLoser) {
	t.Helper()
	c := rqlitetest.StartCluster(t, 1)
	p := &answerLoser{node: c.Nodes()[0].HTTPAddr}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: p}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	s, err := OpenRqlite(context.Background(), RqliteConfig{Addrs: []string{l.Addr().String()}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, p
}

// A write whose answer was lost is sent again with the same idempotency key
// (rqliteEngine.atomic): the second run answers as the first did, and
// changes and counts nothing twice.
func TestResentWritesAnswerAsTheFirst(t *testing.T) {
	s, p := storeBehindLoser(t)
	ctx := context.Background()
	if err := s.SavePost(ctx, samplePost("post", time.Now().Add(-time.Hour))); err != nil {
		t.Fatal(err)
	}
	ann := reader("ann")
	c := add(t, s, ann, 0, "hello")
	if err := s.NewLinkCode(ctx, ann.Fingerprint, "code", s.Now().Add(posts.LinkCodeTTL)); err != nil {
		t.Fatal(err)
	}
	lost := p.lose(t)
	got, err := s.Link(ctx, linkRequest("SHA256:laptop", "code"))
	lost()
	if err != nil || got != ann.Fingerprint {
		t.Fatalf("a link sent again: %q %v", got, err)
	}

	lost = p.lose(t)
	err = s.Unlink(ctx, ann.Fingerprint, "SHA256:laptop", "fresh-id")
	lost()
	if err != nil {
		t.Errorf("an unlink sent again: %v", err)
	}
	if id, _ := s.KeyIdentity(ctx, "SHA256:laptop"); id != "SHA256:laptop" {
		t.Errorf("the unlinked key logs in as %q", id)
	}

	mute := posts.InboxMute{Author: "SHA256:bob"}
	if err := s.Mute(ctx, ann.Fingerprint, mute, true); err != nil {
		t.Fatal(err)
	}
	lost = p.lose(t)
	err = s.Mute(ctx, ann.Fingerprint, mute, false)
	lost()
	if err != nil {
		t.Errorf("an unmute sent again: %v", err)
	}

	lost = p.lose(t)
	wrong := linkRequest("SHA256:desk", "wrong")
	wrong.Addr = netip.MustParseAddr("127.0.0.7")
	_, err = s.Link(ctx, wrong)
	lost()
	wantRefusal(t, "a wrong code sent again", err, posts.ErrNotFound, "That link code is wrong")
	var attempts int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM link_attempts`).Scan(&attempts); err != nil || attempts != 3 {
		t.Errorf("a wrong code sent again left %d attempts (%v), want one in each of its 3 scopes", attempts, err)
	}

	lost = p.lose(t)
	_, err = s.EditComment(ctx, c.ID, ann.Fingerprint, "edited", posts.RateLimit{Count: 5, Per: time.Hour}, posts.Origin{})
	lost()
	if err != nil {
		t.Errorf("an edit sent again: %v", err)
	}
	var edits int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM comment_edits`).Scan(&edits); err != nil || edits != 1 {
		t.Errorf("an edit sent again counts %d times (%v)", edits, err)
	}

	lost = p.lose(t)
	_, err = s.DeleteComment(ctx, c.ID, ann.Fingerprint)
	lost()
	if err != nil {
		t.Errorf("a delete sent again: %v", err)
	}

	prefix := netip.MustParsePrefix("127.0.0.0/24")
	if err := s.SetRangeBanned(ctx, "SHA256:admin", prefix, true); err != nil {
		t.Fatal(err)
	}
	lost = p.lose(t)
	err = s.SetRangeBanned(ctx, "SHA256:admin", prefix, false)
	lost()
	if err != nil {
		t.Errorf("a range unban sent again: %v", err)
	}

	lost = p.lose(t)
	err = s.SetBanned(ctx, "SHA256:admin", ann.Fingerprint, true)
	lost()
	if err != nil {
		t.Errorf("a ban sent again: %v", err)
	}
	log, err := s.ModerationLog(ctx, 10)
	if err != nil || len(log) != 3 {
		t.Errorf("the moderation log after a ban and a range unban sent again: %+v %v; want 3 lines", log, err)
	}
}
