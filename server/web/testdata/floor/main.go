// Command floor is the yardstick compare-nginx.sh puts beside sshblog: a
// server that does nothing but send a response captured from sshblog (its
// headers and its gzipped body), so the table shows which part of the gap
// to nginx is the HTTP server's on this machine. It runs in one of two
// ways:
//
//	go run ./server/web/testdata/floor ADDR DIR       # Go's net/http
//	go run ./server/web/testdata/floor -raw ADDR DIR  # no HTTP library
//
// -raw is the least a Go program does: a goroutine per connection that
// reads each request's head, looks up its path and writes the prebuilt
// response in one write. It understands only what wrk sends.
//
// DIR holds, for each path P served, P.headers (as curl -D wrote them) and
// P.gz; the path / is "index".
package main

import (
	"bufio"
	"bytes"
	"flag"
	"log"
	"net"
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
	raw := flag.Bool("raw", false, "serve without net/http")
	flag.Parse()
	if flag.NArg() != 2 {
		log.Fatal("usage: floor [-raw] ADDR DIR")
	}
	pages := load(flag.Arg(1))
	if *raw {
		log.Fatal(serveRaw(flag.Arg(0), pages))
	}
	log.Fatal(http.ListenAndServe(flag.Arg(0), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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

// load reads the captured responses in dir, by path.
func load(dir string) map[string]response {
	pages := map[string]response{}
	names, err := filepath.Glob(filepath.Join(dir, "*.headers"))
	if err != nil || len(names) == 0 {
		log.Fatalf("no captured responses in %s", dir)
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
		delete(header, "Date") // net/http writes its own; the raw floor none
		path := "/" + strings.ReplaceAll(filepath.Base(base), "_", "/")
		if path == "/index" {
			path = "/"
		}
		pages[path] = response{http.Header(header), body}
	}
	return pages
}

// serveRaw answers each connection's requests with the prebuilt responses.
func serveRaw(addr string, pages map[string]response) error {
	prebuilt := map[string][]byte{}
	for path, p := range pages {
		var b bytes.Buffer
		b.WriteString("HTTP/1.1 200 OK\r\n")
		p.header.Write(&b)
		b.WriteString("\r\n")
		b.Write(p.body)
		prebuilt[path] = b.Bytes()
	}
	notFound := []byte("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			defer c.Close()
			r := bufio.NewReader(c)
			for {
				line, err := r.ReadSlice('\n') // GET /path HTTP/1.1
				if err != nil {
					return
				}
				resp := notFound // chosen now: line is only good until the next read
				if fields := bytes.Fields(line); len(fields) == 3 {
					if p, ok := prebuilt[string(fields[1])]; ok {
						resp = p
					}
				}
				for { // the headers, up to the empty line
					h, err := r.ReadSlice('\n')
					if err != nil {
						return
					}
					if len(bytes.TrimRight(h, "\r\n")) == 0 {
						break
					}
				}
				if _, err := c.Write(resp); err != nil {
					return
				}
			}
		}()
	}
}
