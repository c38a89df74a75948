// Package browser tests the web front door in a real browser: Debian's
// headless Chromium, driven with chromedp, renders every kind of page at a
// phone's and a laptop's size in light and dark; axe-core checks each for
// accessibility and Lighthouse scores the list and a post. It is a heavy
// suite: it runs alone.
package browser

import (
	"os"
	"testing"

	"github.com/sshblog/sshblog/internal/heavy"
)

func TestMain(m *testing.M) { os.Exit(heavy.Exclusive(m)) }
