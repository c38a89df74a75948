package server

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/posts"
)

func TestLs(t *testing.T) {
	client := dial(t, startServer(t), "ls", keyless)
	out, _, status := run(t, client, "ls", "")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if status != 0 || len(lines) != 7 {
		t.Fatalf("ls: status %d, %d lines:\n%s", status, len(lines), out)
	}
	if lines[0] != "difference-between-networking-and-making-friends\t2022-07-18\tDifference between Networking and Making Friends" {
		t.Errorf("first line = %q", lines[0])
	}
}

func TestReadPrintsTheSourceAndItParsesBack(t *testing.T) {
	client := dial(t, startServer(t), "reader", keyless)
	out, _, status := run(t, client, "read love-or-lust", "")
	if status != 0 {
		t.Fatalf("read: status %d", status)
	}
	p, err := posts.Parse("love-or-lust.md", []byte(out))
	if err != nil {
		t.Fatalf("read's output is not a post file: %v\n%s", err, out)
	}
	if p.Title != "Love Or Lust" || p.Author != "Tushti" || !strings.HasPrefix(p.Body, "We all have been in this dilemma") {
		t.Errorf("parsed back: %+v", p)
	}

	_, errOut, status := run(t, client, "read no-such-post", "")
	if status != 1 || !strings.Contains(errOut, `no post "no-such-post"`) {
		t.Errorf("missing post: status %d, %q", status, errOut)
	}
	_, errOut, status = run(t, client, "read", "")
	if status != 2 || !strings.Contains(errOut, "usage: ssh -p ") || !strings.Contains(errOut, " read SLUG…") {
		t.Errorf("read without a slug: status %d, %q", status, errOut)
	}
}

func TestSearchCommand(t *testing.T) {
	client := dial(t, startServer(t), "finder", keyless)
	out, _, status := run(t, client, "search friendship", "")
	if status != 0 {
		t.Fatalf("search: status %d", status)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "friendships-change\t") {
		t.Errorf("the post titled with the word should come first:\n%s", out)
	}
	if strings.ContainsAny(out, posts.MatchStart+posts.MatchEnd) {
		t.Error("search output carries match marks")
	}
	_, errOut, status := run(t, client, "search zebra", "")
	if status != 1 || !strings.Contains(errOut, `no post holds "zebra"`) {
		t.Errorf("no match: status %d, %q", status, errOut)
	}
}

func TestFeedIsAtom(t *testing.T) {
	srv := startServer(t, withBaseURL("https://blog.example.com"))
	client := dial(t, srv, "feeder", keyless)
	out, _, status := run(t, client, "feed", "")
	if status != 0 {
		t.Fatalf("feed: status %d", status)
	}
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			ID   string `xml:"id"`
			Link struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Title   string `xml:"title"`
			Author  string `xml:"author>name"`
			Content struct {
				Type string `xml:"type,attr"`
				Body string `xml:",chardata"`
			} `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(out), &feed); err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, out)
	}
	if feed.Title != "Test Blog" || feed.ID == "" || feed.Updated != "2022-07-18T00:00:00Z" || len(feed.Entries) != 7 {
		t.Fatalf("feed header: %q %q %q, %d entries", feed.Title, feed.ID, feed.Updated, len(feed.Entries))
	}
	first := feed.Entries[0]
	if first.Title != "Difference between Networking and Making Friends" || first.Author != "Tushti" ||
		first.Content.Type != "html" || !strings.Contains(first.Content.Body, "<p>Networking and making friends") {
		t.Errorf("first entry: %+v", first)
	}
	// The ids are this install's, whatever the blog's name; the links are
	// the web mirror's.
	if want := "urn:sshblog:" + srv.cfg.Blog.InstallID; feed.ID != want || !strings.HasPrefix(first.ID, want+":") {
		t.Errorf("feed id %q, first entry %q; want them under %q", feed.ID, first.ID, want)
	}
	if first.Link.Href != "https://blog.example.com/posts/difference-between-networking-and-making-friends" {
		t.Errorf("first entry links to %q", first.Link.Href)
	}
	if len(feed.Links) != 2 || feed.Links[0].Rel != "self" || feed.Links[0].Href != "https://blog.example.com/feed.xml" {
		t.Errorf("feed links: %+v", feed.Links)
	}
	ids := map[string]bool{}
	for _, e := range feed.Entries {
		if ids[e.ID] {
			t.Errorf("duplicate entry id %s", e.ID)
		}
		ids[e.ID] = true
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	client := dial(t, startServer(t), "helper", keyless)
	out, _, status := run(t, client, "help", "")
	for _, c := range commandTable {
		if c.about == "" {
			continue // what programs run (scp), not people
		}
		if !strings.Contains(out, "\n  "+c.name) {
			t.Errorf("help lacks %s:\n%s", c.name, out)
		}
	}
	if status != 0 {
		t.Errorf("help: status %d", status)
	}
}
