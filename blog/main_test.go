package blog

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/internal/heavy"
)

// The heavy suites run alone; this package runs beside the other light ones.
func TestMain(m *testing.M) { os.Exit(heavy.Shared(m)) }

// openStore is a new SQLite store in t's temporary folder, closed when t ends.
func openStore(t *testing.T) *data.Store {
	t.Helper()
	store, err := data.Open(filepath.Join(t.TempDir(), "blog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}
