package data

import "testing"

// TestWriterSyncsEveryCommit: the writer fsyncs at each commit
// (synchronous=FULL is 2), so what it acknowledges survives a power cut.
func TestWriterSyncsEveryCommit(t *testing.T) {
	s, _ := openTestStore(t)
	var mode int
	if err := writerPragma(t, s, "synchronous").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != 2 {
		t.Errorf("the writer's synchronous is %d, want 2 (FULL)", mode)
	}
}
