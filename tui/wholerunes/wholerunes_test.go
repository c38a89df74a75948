package wholerunes

import (
	"errors"
	"io"
	"os"
	"testing"

	"github.com/sshblog/sshblog/internal/heavy"
)

// The heavy suites run alone; this package runs beside the other light ones.
func TestMain(m *testing.M) { os.Exit(heavy.Shared(m)) }

// chunks is a reader that returns its chunks one a read, as an SSH channel
// hands on its packets.
type chunks []string

func (c *chunks) Read(p []byte) (int, error) {
	if len(*c) == 0 {
		return 0, io.EOF
	}
	n := copy(p, (*c)[0])
	if (*c)[0] = (*c)[0][n:]; (*c)[0] == "" {
		*c = (*c)[1:]
	}
	return n, nil
}

// A character split between two reads reaches the reader whole, whatever
// the split; what the other side sent is all handed on.
func TestWholeRunesHoldsASplitCharacter(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   chunks
		want []string
	}{
		{"split after its first byte", chunks{"ab\xe6", "\x97\xa5本"}, []string{"ab", "日本"}},
		{"split before its last byte", chunks{"ab\xe6\x97", "\xa5"}, []string{"ab", "日"}},
		{"only its first byte in a read", chunks{"\xe6", "\x97", "\xa5!"}, []string{"日!"}},
		{"an emoji in four reads", chunks{"\xf0", "\x9f", "\x98", "\x80"}, []string{"😀"}},
		{"whole reads pass as they are", chunks{"日本", "語"}, []string{"日本", "語"}},
		{"a stray byte is no character to wait for", chunks{"a\x97", "b"}, []string{"a\x97", "b"}},
		{"the end of input hands on what is held", chunks{"a\xe6\x97"}, []string{"a", "\xe6\x97"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := New(&tc.in)
			var got []string
			buf := make([]byte, 256)
			for {
				n, err := r.Read(buf)
				if n > 0 {
					got = append(got, string(buf[:n]))
				}
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("reads %q, want %q", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("reads %q, want %q", got, tc.want)
				}
			}
		})
	}
}
