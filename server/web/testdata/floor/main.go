// Command floor is the yardstick compare-nginx.sh puts beside sshblog: Go's
// net/http with a handler that does nothing but copy in a response captured
// from sshblog (its headers and its gzipped body), so the table shows which
// part of the gap to nginx is the standard library's on this machine.
//
//	go run ./server/web/testdata/floor ADDR DIR
//
// DIR holds, for each path P served, P.headers (as curl -D wrote them) and
// P.gz; the path / is "index".
package main

import (
	"bufio"
	"bytes"
	"log"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
)

type response struct {
	header http.Header
	body   []byte
}

func main() {
	if len(os.Args) != 3 {
		log.Fatal("usage: floor ADDR DIR")
	}
	pages := map[string]response{}
	names, err := filepath.Glob(filepath.Join(os.Args[2], "*.headers"))
	if err != nil || len(names) == 0 {
		log.Fatalf("no captured responses in %s", os.Args[2])
	}
	for _, name := range names {
		base := strings.TrimSuffix(name, ".headers")
		raw, err := os.ReadFile(name)
		if err != nil {
			log.Fatal(err)
		}
		body, err := os.ReadFile(base + ".gz")
		if err != nil {
			log.Fatal(err)
		}
		r := textproto.NewReader(bufio.NewReader(bytes.NewReader(raw)))
		if _, err := r.ReadLine(); err != nil { // the status line
			log.Fatal(err)
		}
		header, err := r.ReadMIMEHeader()
		if err != nil && len(header) == 0 {
			log.Fatal(err)
		}
		delete(header, "Date") // net/http writes its own
		path := "/" + strings.ReplaceAll(filepath.Base(base), "_", "/")
		if path == "/index" {
			path = "/"
		}
		pages[path] = response{http.Header(header), body}
	}
	log.Fatal(http.ListenAndServe(os.Args[1], http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		for k, v := range p.header {
			h[k] = v
		}
		w.Write(p.body)
	})))
}
