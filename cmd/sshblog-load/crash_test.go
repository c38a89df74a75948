package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The short version of `sshblog-load crash`: a few kills of a real server
// under 20 commenters lose no acknowledged comment and leave a sound
// database. The README's figures come from the 100-trial run.
func TestKillDuringCommentsLosesNothing(t *testing.T) {
	o := crashOptions{server: sshblogBinary, dir: t.TempDir(), trials: 3, commenters: 20,
		slug: "difference-between-networking-and-making-friends", maxRun: time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rep, err := crash(ctx, o, func(int, *crashReport) {})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Lost > 0 || rep.Unsound > 0 {
		t.Fatalf("%d comments lost, %d unsound databases:\n%s", rep.Lost, rep.Unsound, strings.Join(rep.Problems, "\n"))
	}
	if rep.Acknowledged == 0 {
		t.Fatal("no comment was acknowledged: the trials proved nothing")
	}

	// The check itself finds a comment that is missing or not as sent.
	problems, err := verify(ctx, filepath.Join(o.dir, "sshblog.db"), []acked{{id: 1 << 40, text: "never stored"}, {id: 1, text: "not what was sent"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 2 {
		t.Fatalf("verify found %q; want a lost and a changed comment", problems)
	}
}
