package main

import (
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// The files .dockerignore lets into the build context are enough to build
// the server: a package left out (as blog/ once was) fails `docker build`
// for everyone, and only there.
func TestDockerContextBuilds(t *testing.T) {
	root := filepath.Join("..", "..")
	rules, err := os.ReadFile(filepath.Join(root, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	listed, err := exec.Command("git", "-C", root, "ls-files", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	context := t.TempDir()
	sent := 0
	for _, name := range strings.Fields(string(listed)) {
		if !dockerKeeps(string(rules), name) {
			continue
		}
		body, err := os.ReadFile(filepath.Join(root, name))
		if os.IsNotExist(err) {
			continue // deleted in the work tree, not yet in the index
		}
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(context, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, body, 0o644); err != nil {
			t.Fatal(err)
		}
		sent++
	}
	if dockerKeeps(string(rules), "README.md") || dockerKeeps(string(rules), "cmd/sshblog/main_test.go") {
		t.Errorf("the context takes files the build does not need (README.md, tests)")
	}
	build := exec.Command("go", "build", "-o", os.DevNull, "./cmd/sshblog")
	build.Dir = context
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build in the %d files .dockerignore lets through: %v\n%s", sent, err, out)
	}
}

// dockerKeeps reports whether name (slash-separated, from the context's
// root) is sent to the build under rules, as Docker reads them: the last
// matching line decides, "!" lets back in, a pattern matches a path or any
// folder above it, and "**/" matches any number of folders.
func dockerKeeps(rules, name string) bool {
	keep := true
	for _, line := range strings.Split(rules, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		pattern, back := strings.CutPrefix(line, "!")
		pattern = strings.TrimSuffix(pattern, "/")
		if ignoreMatches(pattern, name) {
			keep = back
		}
	}
	return keep
}

func ignoreMatches(pattern, name string) bool {
	parts := strings.Split(name, "/")
	for end := 1; end <= len(parts); end++ {
		prefix := strings.Join(parts[:end], "/")
		if sub, ok := strings.CutPrefix(pattern, "**/"); ok {
			for start := range end {
				if ok, _ := path.Match(sub, strings.Join(parts[start:end], "/")); ok {
					return true
				}
			}
			continue
		}
		if ok, _ := path.Match(pattern, prefix); ok {
			return true
		}
	}
	return false
}
