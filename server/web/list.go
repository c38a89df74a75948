package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/sshblog/sshblog/posts"
)

// perPage is how many posts one page of the list shows.
const perPage = 10

// listBody is a page of posts: the whole blog's, or a tag's.
type listBody struct {
	Heading, Intro string
	Entries        []entry
	Page, Pages    int
	Newer, Older   string
	FeedLink       string
}

// list is the front page: the latest posts, a page at a time.
func (s *Site) list(w http.ResponseWriter, r *http.Request) {
	s.listing(w, r, "/", "", s.cfg.Blog.Posts())
}

// tag is a tag's posts.
func (s *Site) tag(w http.ResponseWriter, r *http.Request) {
	tag := r.PathValue("tag")
	list := s.cfg.Blog.Tagged(tag)
	if len(list) == 0 {
		s.notFound(w, r)
		return
	}
	s.listing(w, r, tagPath(tag), tag, list)
}

// pageAsked is the request's ?page=, without parsing a query that is not
// there (the front page, asked for most).
func pageAsked(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return ""
	}
	return r.URL.Query().Get("page")
}

// listing serves page ?page=N of list, which lives at path.
func (s *Site) listing(w http.ResponseWriter, r *http.Request, path, tag string, list []posts.Post) {
	n := 1
	if q := pageAsked(r); q != "" {
		var err error
		if n, err = strconv.Atoi(q); err != nil || n < 2 {
			s.notFound(w, r)
			return
		}
	}
	pages := max(1, (len(list)+perPage-1)/perPage)
	if n > pages {
		s.notFound(w, r)
		return
	}
	origin := s.origin(r)
	at, u := listPlace(path, n, origin)
	s.servePage(w, r, at, u, func() (*page, error) {
		body := listBody{Heading: "Recent posts", Page: n, Pages: pages}
		name := posts.CleanLine(s.cfg.Blog.Name)
		title, description := "", "The latest posts of "+name+", readable in a browser and over SSH."
		feed := "/feed.xml"
		if tag != "" {
			clean := posts.CleanLine(tag)
			body.Heading = "Posts tagged “" + clean + "”"
			body.Intro = posts.Count(len(list), "post") + " on " + clean + "."
			title, description = "Posts tagged "+clean, "Posts of "+name+" tagged "+clean+"."
			feed = tagPath(tag) + "/feed.xml"
			body.FeedLink = feed
		}
		shown := list[(n-1)*perPage : min(len(list), n*perPage)]
		for _, p := range shown {
			body.Entries = append(body.Entries, entryOf(p))
		}
		pageURL := func(i int) string {
			if i == 1 {
				return path
			}
			return path + "?page=" + strconv.Itoa(i)
		}
		if n > 1 {
			body.Newer = pageURL(n - 1)
		}
		if n < pages {
			body.Older = pageURL(n + 1)
		}
		l := s.frame(title, description, origin+pageURL(n), body)
		l.Feed, l.PrevPage, l.NextPage = feed, body.Newer, body.Older
		if tag != "" {
			l.FeedTitle += ": " + posts.CleanLine(tag)
		}
		return s.html(http.StatusOK, "list", l)
	})
}

// listPlace is where page n of the list at path is kept for origin, and
// what it shows that can change.
func listPlace(path string, n int, origin string) (place, uses) {
	return place{path: path, n: n, origin: origin}, uses{counts: true}
}

// tags lists every tag with its number of posts, most used first.
func (s *Site) tags(w http.ResponseWriter, r *http.Request) {
	origin := s.origin(r)
	s.servePage(w, r, place{path: "/tags", origin: origin}, uses{}, func() (*page, error) {
		var links []tagLink
		for t, list := range s.cfg.Blog.ByTag() {
			l := tagLinks([]string{t})[0]
			l.Count = len(list)
			links = append(links, l)
		}
		slices.SortFunc(links, func(a, b tagLink) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Name, b.Name)
		})
		name := posts.CleanLine(s.cfg.Blog.Name)
		return s.html(http.StatusOK, "tags", s.frame("Tags", "Every tag of "+name+", with its posts.", origin+"/tags", links))
	})
}
