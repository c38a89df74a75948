package server

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestSplitCommandLineAsAShellWould(t *testing.T) {
	for _, tt := range []struct {
		line string
		want []string
	}{
		{"", nil},
		{"   \t ", nil},
		{"ls", []string{"ls"}},
		{"  search  two\twords ", []string{"search", "two", "words"}},
		{`name 'Alice Liddell'`, []string{"name", "Alice Liddell"}},
		{`name "Alice Liddell"`, []string{"name", "Alice Liddell"}},
		{`name Alice\ Liddell`, []string{"name", "Alice Liddell"}},
		{`search 'it''s'`, []string{"search", "its"}},
		{`search "say \"hi\" \$5 \n"`, []string{"search", `say "hi" $5 \n`}},
		{`search 'no \escape'`, []string{"search", `no \escape`}},
		{`search ""`, []string{"search", ""}},
		{`scp -t ''`, []string{"scp", "-t", ""}},
		{"a\\\nb", []string{"ab"}},
		{`trailing\`, []string{"trailing"}},
	} {
		got, err := splitCommandLine(tt.line)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: %q, %v; want %q", tt.line, got, err, tt.want)
		}
	}
	for _, line := range []string{`search "`, `search 'open`, `name "Alice`} {
		if _, err := splitCommandLine(line); !errors.Is(err, errUnbalancedQuote) {
			t.Errorf("%q: %v, want an unbalanced quote", line, err)
		}
	}
}

// A command line longer than any of ours is refused before anything splits
// it: the SSH library's splitter took 11 s of CPU for 240 KB.
func TestLongCommandLineIsRefusedUnsplit(t *testing.T) {
	client := dial(t, startServer(t, withOnePost()), "big", keyless)
	line := "search " + strings.Repeat("x", 240<<10)
	stdout, stderr, status := run(t, client, line, "")
	want := fmt.Sprintf("sshblog: the command line is %d bytes; the most is 4096\n", len(line))
	if status != exitUsage || stderr != want || stdout != "" {
		t.Errorf("status %d, stderr %q, stdout %q; want 2 and %q", status, stderr, stdout, want)
	}
}

func TestUnbalancedQuoteIsSaid(t *testing.T) {
	client := dial(t, startServer(t, withOnePost()), "quoter", keyless)
	_, stderr, status := run(t, client, `search "`, "")
	if status != exitUsage || !strings.Contains(stderr, `unbalanced quote: the " is never closed`) {
		t.Errorf("status %d, stderr %q", status, stderr)
	}
}

func TestSearchWordsAreCapped(t *testing.T) {
	client := dial(t, startServer(t, withOnePost()), "finder", keyless)
	words := strings.Repeat("short ", maxSearchWords)
	if out, stderr, status := run(t, client, "search "+words, ""); status != 0 || !strings.HasPrefix(out, testSlug+"\t") {
		t.Errorf("%d words: status %d, %q %q", maxSearchWords, status, out, stderr)
	}
	// The words may come quoted as one argument: it is words that count.
	_, stderr, status := run(t, client, "search '"+words+"post'", "")
	if status != exitUsage || stderr != "sshblog: search takes at most 32 words; this one has 33\n" {
		t.Errorf("%d words: status %d, %q", maxSearchWords+1, status, stderr)
	}
}

// BenchmarkSplitCommandLine shows the split is linear in the line's length:
// ns/op grows with the size, ns per byte does not.
func BenchmarkSplitCommandLine(b *testing.B) {
	for _, size := range []int{64, 512, maxCommandLine} {
		line := `search "` + strings.Repeat(`a\"`, size/3-4) + `"`
		b.Run(fmt.Sprintf("%dB", len(line)), func(b *testing.B) {
			b.SetBytes(int64(len(line)))
			for b.Loop() {
				if _, err := splitCommandLine(line); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
