package powercut_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Only what was fsynced survives a cut: a synced file whole, the writes
// after its fsync and a never-synced file not at all; a truncation and a
// rename count once synced.
func TestCutKeepsOnlyWhatWasSynced(t *testing.T) {
	f := mount(t)
	write := func(name, text string, sync bool) {
		t.Helper()
		fh, err := os.OpenFile(filepath.Join(f.Dir, name), os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		if _, err := fh.Seek(0, 2); err != nil {
			t.Fatal(err)
		}
		if _, err := fh.WriteString(text); err != nil {
			t.Fatal(err)
		}
		if sync {
			if err := fh.Sync(); err != nil {
				t.Fatal(err)
			}
		}
	}
	write("kept", "synced. ", true)
	write("kept", "not synced.", false)
	write("lost", "never synced.", false)
	write("moved", "synced, then renamed.", true)
	if err := os.Rename(filepath.Join(f.Dir, "moved"), filepath.Join(f.Dir, "renamed")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(f.Dir, "kept")); string(got) != "synced. not synced." {
		t.Fatalf("before the cut, reads see every write: %q", got)
	}
	if err := f.Cut(); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(f.Live(), "kept")); err != nil || !bytes.Equal(got, []byte("synced. ")) {
		t.Errorf("kept after the cut: %q, %v", got, err)
	}
	if _, err := os.Stat(filepath.Join(f.Live(), "lost")); err == nil {
		t.Error("a file never synced survived the cut")
	}
	if got, err := os.ReadFile(filepath.Join(f.Live(), "renamed")); err != nil || string(got) != "synced, then renamed." {
		t.Errorf("the renamed file after the cut: %q, %v", got, err)
	}
}
