package browser

import (
	"context"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/server/web"
)

// site serves the sample blog from a real store on a loopback port, with a
// thread under the newest post: a reply in Japanese with an emoji (so the
// fonts show) unless latinOnly.
type site struct {
	url     string
	threads *blog.Threads
}

// seedSlug is the sample blog's newest post, which gets the comments.
const seedSlug = "difference-between-networking-and-making-friends"

func startSite(t *testing.T, latinOnly bool) *site {
	t.Helper()
	ctx := context.Background()
	sample, err := posts.Sample()
	if err != nil {
		t.Fatal(err)
	}
	store, err := data.Open(filepath.Join(t.TempDir(), "blog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if _, err := store.SeedIfEmpty(ctx, sample); err != nil {
		t.Fatal(err)
	}
	b, err := blog.New(ctx, "sshblog", store, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	b.Address = "-p 23234 localhost"
	if b.InstallID, err = store.InstallID(ctx); err != nil {
		t.Fatal(err)
	}
	threads := blog.NewThreads(store, b, posts.RateLimit{})
	s := web.New(web.Config{Blog: b, Threads: threads, Limits: web.DefaultLimits})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.Shutdown(ctx)
	})
	st := &site{url: "http://" + ln.Addr().String(), threads: threads}
	first := st.comment(t, "alice", 0, "Networking opened doors for me, but my friends kept me sane.\nTwo lines, as written.")
	reply := "同感です。友達は大切 🎉 — agreed, friends matter."
	if latinOnly {
		reply = "Agreed: friends matter."
	}
	st.comment(t, "kenji", first.ID, reply)
	st.comment(t, "bob", 0, "A comment with <script>alert(1)</script> & \"quotes\" stays text.")
	return st
}

func (s *site) comment(t *testing.T, user string, parent int64, text string) posts.Comment {
	t.Helper()
	v := blog.Viewer{Fingerprint: "SHA256:" + user, PublicKey: "ssh-ed25519 AAAA" + user, User: user}
	c, err := s.threads.Add(context.Background(), v, seedSlug, parent, text)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
