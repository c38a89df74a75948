package web

import (
	"embed"
	"html/template"
	"net/http"
	"strings"
	"time"
)

//go:embed assets templates
var files embed.FS

// Assets are the static files' paths, which carry a hash of their content
// so that browsers may keep them for a year.
type Assets struct{ CSS, JS, Favicon string }

var (
	assets      Assets
	staticPages = map[string]*page{}
	faviconPage *page
	templates   = map[string]*template.Template{}
)

func init() {
	// The start of the process (embedded files have no time of their own):
	// the names carry the hash, so the date only answers If-Modified-Since.
	built := time.Now()
	add := func(name, contentType string) string {
		body, err := files.ReadFile("assets/" + name)
		if err != nil {
			panic(err)
		}
		p := newPage(http.StatusOK, contentType, body, built)
		p.cache = immutable
		base, ext, _ := strings.Cut(name, ".")
		hashed := base + "." + strings.Trim(p.etag, `"`)[:10] + "." + ext
		staticPages[hashed] = p
		return "/static/" + hashed
	}
	assets = Assets{CSS: add("style.css", "text/css; charset=utf-8"), JS: add("site.js", "text/javascript; charset=utf-8"),
		Favicon: add("favicon.svg", "image/svg+xml")}
	faviconPage = staticPages[strings.TrimPrefix(assets.Favicon, "/static/")]

	layout := template.Must(template.ParseFS(files, "templates/layout.html"))
	for _, name := range []string{"list", "post", "tags", "search", "notfound"} {
		templates[name] = template.Must(template.Must(layout.Clone()).ParseFS(files, "templates/"+name+".html"))
	}
}

// static serves the hashed files; an old hash is not found.
func (s *Site) static(w http.ResponseWriter, r *http.Request) {
	p := staticPages[r.PathValue("file")]
	if p == nil {
		s.notFound(w, r)
		return
	}
	p.serve(w, r)
}

// favicon answers the browsers that ask /favicon.ico whatever the page says.
func (s *Site) favicon(w http.ResponseWriter, r *http.Request) { faviconPage.serve(w, r) }
