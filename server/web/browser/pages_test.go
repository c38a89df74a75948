package browser

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/sshblog/sshblog/internal/eventually"
)

// browse starts one headless Chromium for the test.
func browse(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromiumPath), chromedp.NoSandbox,
		chromedp.Flag("headless", "new"), chromedp.Flag("hide-scrollbars", true))
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	t.Cleanup(cancel)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return browser
}

type viewport struct {
	name          string
	width, height int64
	mobile        bool
}

var viewports = []viewport{{"375x812", 375, 812, true}, {"1280x800", 1280, 800, false}}

// pageCheck is a page to load and what its rendered DOM must show: each
// expression must be true in the page.
type pageCheck struct {
	name, path string
	checks     []string
}

// text is a JavaScript expression for the page's visible text.
const text = "document.body.innerText"

var pageChecks = []pageCheck{
	{"list", "/", []string{
		`document.title === "sshblog"`,
		`document.querySelector("h1").innerText === "Recent posts"`,
		`document.querySelectorAll("ol.posts > li").length === 7`,
		text + `.includes("3 comments")`,
	}},
	{"post", "/posts/" + seedSlug, []string{
		`document.querySelector("h1").innerText === "Difference between Networking and Making Friends"`,
		`document.querySelectorAll("#comments .comment").length === 3`,
		`document.querySelector("#comments ol.thread > li ol .comment").innerText.includes("同感です。友達は大切 🎉")`,
		text + `.includes("<script>alert(1)</script> & \"quotes\" stays text.")`,
		`!document.querySelector("#comments script")`,
		`[...document.querySelectorAll(".howto pre.cmd")].map(e => e.innerText).join("\n") === "ssh -t -p 23234 localhost read ` + seedSlug + `\necho 'Your comment' | ssh -p 23234 localhost comment ` + seedSlug + `"`,
		`getComputedStyle(document.querySelector(".howto pre.cmd")).userSelect === "all"`,
	}},
	{"tag", "/tags/friendship", []string{
		`document.querySelector("h1").innerText === "Posts tagged “friendship”"`,
		`document.querySelectorAll("ol.posts > li").length >= 1`,
	}},
	{"search", "/search?q=friends", []string{
		`document.querySelectorAll("ol.posts mark").length > 0`,
		`document.querySelector("input[name=q]").value === "friends"`,
	}},
	{"404", "/no/such/page", []string{
		`document.querySelector("h1").innerText === "Nothing here"`,
		text + `.includes("Latest posts")`,
	}},
}

// background is the page's background in each scheme.
var background = map[string]string{"light": "rgb(255, 255, 255)", "dark": "rgb(18, 18, 18)"}

// Every kind of page renders at a phone's and a laptop's width, light and
// dark, with no sideways scrolling, no axe-core violation, and what it
// must show; each is kept as a screenshot.
func TestPagesInChromium(t *testing.T) {
	npm := tools(t)
	axe, err := os.ReadFile(axePath(npm))
	if err != nil {
		t.Fatal(err)
	}
	s := startSite(t, false)
	ctx := browse(t)
	shots := screenshotDir(t)
	for _, vp := range viewports {
		for _, scheme := range []string{"light", "dark"} {
			for _, pc := range pageChecks {
				name := fmt.Sprintf("%s-%s-%s", pc.name, vp.name, scheme)
				err := chromedp.Do(ctx,
					chromedp.EmulateViewport(vp.width, vp.height, chromedp.EmulateScale(1), mobile(vp.mobile)),
					colorScheme(scheme),
					chromedp.Navigate(s.url+pc.path),
					chromedp.WaitReady(chromedp.CSS("footer")),
				)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if err := os.WriteFile(filepath.Join(shots, name+".png"), shot, 0o644); err != nil {
					t.Fatal(err)
				}
				if pc.name == "post" { // the thread, which a full page of a long post shows too small to judge
					thread, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#comments")))
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(shots, "comments-"+vp.name+"-"+scheme+".png"), thread, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				checks := append(pc.checks,
					`getComputedStyle(document.body).backgroundColor === "`+background[scheme]+`"`,
					`document.documentElement.scrollWidth <= window.innerWidth`)
				for _, check := range checks {
					if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](check)); err != nil || !ok {
						t.Errorf("%s: %s is not so (%v)", name, check, err)
					}
				}
				if violations := axeViolations(t, ctx, axe); violations != "" {
					t.Errorf("%s: axe-core violations:\n%s", name, violations)
				}
			}
		}
	}
	t.Logf("screenshots in %s", shots)
}

// colorScheme has the page see the reader's system set to light or dark.
func colorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	})
}

func mobile(on bool) chromedp.EmulateViewportOption {
	if on {
		return chromedp.EmulateMobile
	}
	return func(*emulation.SetDeviceMetricsOverrideParams, *emulation.SetTouchEmulationEnabledParams) {}
}

// axeViolations runs axe-core in the page (injected over the DevTools
// protocol, which the page's CSP does not govern) and describes what it
// found, "" for nothing.
func axeViolations(t *testing.T, ctx context.Context, axe []byte) string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(axe))); err != nil {
		t.Fatalf("loading axe-core: %v", err)
	}
	type report struct {
		Passes     int
		Violations []string
	}
	found, err := chromedp.Run(ctx, chromedp.Evaluate[report](`axe.run(document).then(r => ({Passes: r.passes.length,
		Violations: r.violations.map(v => v.id + ": " + v.help + " (" + v.nodes.map(n => n.target.join(" ")).join(", ") + ")")}))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe-core: %v", err)
	}
	if found.Passes < 10 { // axe ran its rules: contrast, names, landmarks...
		t.Fatalf("axe-core passed only %d rules", found.Passes)
	}
	return strings.Join(found.Violations, "\n")
}

// A reader with the post open sees a comment posted over SSH appear under
// the post without reloading, once the comments are on screen.
func TestCommentsGoLive(t *testing.T) {
	tools(t)
	s := startSite(t, false)
	ctx := browse(t)
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(s.url+"/posts/"+seedSlug),
		chromedp.ScrollIntoView(chromedp.CSS("#comments")),
	)
	if err != nil {
		t.Fatal(err)
	}
	// The page's stream, the hub's one listener (the site's cache observes).
	eventually.True(t, "the page to open its live stream", func() bool { return s.threads.Hub().Listeners() == 1 })
	s.comment(t, "dana", 0, "Posted over SSH, seen live.")
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`document.querySelector("#comments").innerText.includes("Posted over SSH, seen live.")`)); err != nil {
		t.Fatalf("the new comment never appeared: %v", err)
	}
}
