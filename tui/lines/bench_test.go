package lines

import (
	"testing"

	"github.com/sshblog/sshblog/posts"
)

// BenchmarkPlainPost is the plain text of the sample blog's longest post at
// 80 columns: the work of opening a post in the line mode.
func BenchmarkPlainPost(b *testing.B) {
	sample, err := posts.Sample()
	if err != nil {
		b.Fatal(err)
	}
	longest := sample[0]
	for _, p := range sample {
		if len(p.Body) > len(longest.Body) {
			longest = p
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		PlainPost(longest.Body, 80)
	}
}
