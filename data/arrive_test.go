package data

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// A session's start reads what LoginKey, Settings and Visit read: a linked
// key arrives as its identity, with that identity's settings and last
// visit; a key without a row as itself, with the defaults and no visit; and
// each arrival is the next one's last visit. The key's use is dated hourly,
// as a login dates it.
func TestArriveIsLoginSettingsAndVisit(t *testing.T) {
	s, ann, start, later := annCommentedAt(t)
	ctx := context.Background()
	execSQL(t, s, `INSERT INTO keys (fingerprint, identity, public_key, added_at, last_used) VALUES (:desk, :ann, 'ssh-ed25519 AAAAdesk', :now, :now)`,
		map[string]any{"desk": "SHA256:desk", "ann": ann.Fingerprint, "now": start.Unix()})
	mine := posts.Settings{Theme: "light", Width: "narrow", Plain: true, Bell: true}
	if err := s.SaveSettings(ctx, ann.Fingerprint, mine); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Visit(ctx, ann.Fingerprint, start); err != nil {
		t.Fatal(err)
	}
	if err := s.writeVisits(); err != nil {
		t.Fatal(err)
	}
	arrive := func(key string, now time.Time, wantID string, wantSettings posts.Settings, wantLast time.Time) {
		t.Helper()
		id, st, last, err := s.Arrive(ctx, key, now)
		if err != nil || id != wantID || st != wantSettings || !last.Equal(wantLast) {
			t.Fatalf("%s arrives at %v as %q with %+v, last came %v (%v); want %q with %+v, last came %v",
				key, now, id, st, last, err, wantID, wantSettings, wantLast)
		}
	}

	now := later(61 * time.Minute)
	arrive("SHA256:desk", now, ann.Fingerprint, mine, start)
	arrive(ann.Fingerprint, now.Add(time.Second), ann.Fingerprint, mine, now) // the visit still waits to be written
	if err := s.writeVisits(); err != nil {
		t.Fatal(err)
	}
	arrive(ann.Fingerprint, now.Add(time.Minute), ann.Fingerprint, mine, now.Add(time.Second)) // as written
	keys, err := s.Keys(ctx, ann.Fingerprint)
	if err != nil || len(keys) != 2 {
		t.Fatalf("ann's keys: %+v %v", keys, err)
	}
	for _, k := range keys {
		if !k.LastUsed.Equal(now) {
			t.Errorf("key %s last used %v, want %v: arriving dates a key as a login does", k.Fingerprint, k.LastUsed, now)
		}
	}

	arrive("SHA256:stranger", now, "SHA256:stranger", posts.DefaultSettings, time.Time{})
	arrive("SHA256:stranger", now.Add(time.Minute), "SHA256:stranger", posts.DefaultSettings, now)
}

// On rqlite a session's start is one HTTP request where LoginKey, Settings
// and Visit make three.
func testArriveIsOneRequest(t *testing.T) {
	s := storeWithPost(t)
	ann := reader("ann")
	add(t, s, ann, 0, "hello")
	if err := s.SaveSettings(context.Background(), ann.Fingerprint, posts.Settings{Theme: "dark", Width: "wide"}); err != nil {
		t.Fatal(err)
	}
	node, err := url.Parse("http://" + onRqlite.HTTPAddrs()[0])
	if err != nil {
		t.Fatal(err)
	}
	var requests atomic.Int32
	forward := httputil.NewSingleHostReverseProxy(node)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		forward.ServeHTTP(w, r)
	}))
	defer proxy.Close()
	ctx := context.Background()
	counted, err := OpenRqlite(ctx, RqliteConfig{Addrs: []string{proxy.Listener.Addr().String()}})
	if err != nil {
		t.Fatal(err)
	}
	defer counted.Close()
	requests.Store(0)
	id, st, _, err := counted.Arrive(ctx, ann.Fingerprint, time.Now())
	if err != nil || id != ann.Fingerprint || st.Theme != "dark" {
		t.Fatalf("ann arrives as %q with %+v (%v)", id, st, err)
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("a session's start took %d requests, want 1", n)
	}
}
