package clusterfaults

import (
	"net/http"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/rqliteread"
)

// storedComments is what the cluster holds, not one node's copy.
func storedComments(t *testing.T, addrs []string) map[int64]string {
	t.Helper()
	stored, err := rqliteread.Comments(&http.Client{Timeout: 10 * time.Second}, addrs)
	if err != nil {
		t.Fatal(err)
	}
	return stored
}

// acked is a comment whose command reported success.
type acked struct {
	id   int64
	text string
}

// checkStored fails the test for every acknowledged comment the cluster
// does not hold as it was sent.
func checkStored(t *testing.T, addrs []string, comments []acked) {
	t.Helper()
	stored := storedComments(t, addrs)
	lost := 0
	for _, c := range comments {
		if got, ok := stored[c.id]; !ok || got != c.text {
			lost++
			if lost <= 5 {
				t.Errorf("comment #%d acknowledged as %q, stored as %q (found: %v)", c.id, c.text, got, ok)
			}
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged comments lost", lost, len(comments))
	}
}
