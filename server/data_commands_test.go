package server

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
)

func TestExportThenEraseAndReconnect(t *testing.T) {
	srv := startServer(t, withOnePost())
	store := srv.cfg.Catalog.(*data.Store)
	laptopKey, desktopKey := newKey(t), newKey(t)
	ann := dial(t, srv, "ann", gossh.PublicKeys(laptopKey))
	answered := strings.TrimSpace(mustRun(t, ann, "comment "+testSlug, "Ann's answered thread"))
	alone := strings.TrimSpace(mustRun(t, ann, "comment "+testSlug, "Ann's lonely thread"))
	bob := dial(t, srv, "bob", gossh.PublicKeys(newKey(t)))
	mustRun(t, bob, "comment "+testSlug+" "+answered, "Bob replies")
	desktop := dial(t, srv, "desk", gossh.PublicKeys(desktopKey))
	mustRun(t, desktop, "link "+newLinkCode(t, ann), "")

	var x posts.Export
	out := mustRun(t, desktop, "export", "")
	if err := json.Unmarshal([]byte(out), &x); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, out)
	}
	if x.Format != "sshblog-export" || x.Version != 1 || x.Blog != "Test Blog" || x.Identity.Name != "ann" ||
		x.Identity.ID != keyFingerprint(laptopKey) || x.Identity.Address != "127.0.0.1" {
		t.Errorf("export's head: %+v", x)
	}
	if len(x.Keys) != 2 || len(x.Comments) != 2 || x.Comments[0].Post != testSlug || x.Comments[0].Body != "Ann's answered thread" ||
		x.Comments[0].Created.IsZero() || x.Comments[0].Address == "" {
		t.Errorf("export's keys and comments: %+v %+v", x.Keys, x.Comments)
	}
	if len(x.Inbox) != 1 || x.Inbox[0].Body != "Bob replies" || x.Inbox[0].Author != "bob" || !x.Inbox[0].Unread {
		t.Errorf("export's inbox: %+v", x.Inbox)
	}

	if _, errOut, status := run(t, ann, "erase", "not the name\n"); status == 0 || !strings.Contains(errOut, "nothing was erased") {
		t.Fatalf("erase with the wrong name: %d %q", status, errOut)
	}
	if out := mustRun(t, ann, "erase", "test blog\n"); !strings.Contains(out, "Erased") {
		t.Fatalf("erase: %q", out)
	}
	ctx := context.Background()
	if c, err := store.Comment(ctx, atoi(t, answered)); err != nil || !c.Deleted || c.Body != "" || c.AuthorName != "" {
		t.Errorf("the answered comment after erasure: %+v %v; want it [deleted], nameless", c, err)
	}
	if _, err := store.Comment(ctx, atoi(t, alone)); !errors.Is(err, posts.ErrNotFound) {
		t.Errorf("the comment without replies is still there: %v", err)
	}
	for _, client := range []*gossh.Client{dial(t, srv, "ann", gossh.PublicKeys(laptopKey)), dial(t, srv, "ann", gossh.PublicKeys(desktopKey))} {
		if out := mustRun(t, client, "name", ""); strings.Contains(out, "name  ann\n") {
			t.Errorf("an erased key is still ann: %q", out)
		}
		refusedCmd(t, client, "export", "no account")
	}
	mustRun(t, bob, "name ann", "") // the name is free
}

func TestBanOutlivesErasure(t *testing.T) {
	adminKey, carolKey, otherKey := newKey(t), newKey(t), newKey(t)
	srv := startServer(t, withOnePost(), withAdmins(adminKey))
	carol := dial(t, srv, "carol", gossh.PublicKeys(carolKey))
	mustRun(t, carol, "comment "+testSlug, "Carol was here")
	mustRun(t, dial(t, srv, "c2", gossh.PublicKeys(otherKey)), "link "+newLinkCode(t, carol), "")
	mustRun(t, dial(t, srv, "admin", gossh.PublicKeys(adminKey)), "ban "+keyFingerprint(otherKey), "")
	mustRun(t, carol, "erase --yes", "")
	for _, key := range []gossh.Signer{carolKey, otherKey} {
		_, errOut, status := run(t, dial(t, srv, "carol", gossh.PublicKeys(key)), "comment "+testSlug, "Back again")
		if status == 0 || !strings.Contains(errOut, "banned") {
			t.Errorf("an erased banned key comments: %d %q", status, errOut)
		}
	}
	log, err := srv.cfg.Catalog.(*data.Store).ModerationLog(context.Background(), 10)
	if err != nil || len(log) != 1 || log[0].Action != posts.ModBan || log[0].Target != "erased" {
		t.Errorf("the moderation log after erasure: %+v %v; want the ban, without carol", log, err)
	}
}
