package blog

import "github.com/sshblog/sshblog/posts"

// FeedSize is how many of the latest posts a feed carries.
const FeedSize = 20

// Feed describes the blog's Atom feed as read from base (a web origin such
// as "https://blog.example.com", or "" for no links); self is the feed's
// own path under base ("/feed.xml"). Every front door gives the same ids.
func (b *Blog) Feed(base, self string) posts.Feed {
	f := posts.Feed{Title: b.Name, ID: posts.FeedID(b.InstallID), Link: base}
	if base != "" {
		f.Self = base + self
	}
	return f
}

// PostURL is the post's address on the web, "" without --base-url.
func (b *Blog) PostURL(slug string) string { return posts.PostURL(b.BaseURL, slug) }
