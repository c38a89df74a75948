package tui

import (
	"context"
	"strings"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// Print renders p, header and body, to be printed once at width, as
// `ssh -t HOST read SLUG` does; p must carry its body. The body comes from
// the shared render cache like the reader's.
func (b *Blog) Print(ctx context.Context, p posts.Post, width int, look Look) (string, error) {
	column := min(max(width, minWidth), maxColumn)
	body, err := b.cache.render(keyFor(p, column, look), readableBody(p))
	if err != nil {
		return "", err
	}
	lines := append(postHeader(stylesFor(look), p, column, time.Now()), "")
	lines = append(lines, body...)
	return strings.Join(lines, "\n") + "\n", ctx.Err()
}
