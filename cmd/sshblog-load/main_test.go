package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/sshblog/sshblog/internal/heavy"
)

// sshblogBinary is the server the tests load, built once for all of them.
var sshblogBinary string

// The heavy suites run alone; this package runs beside the other light ones.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sshblog-load-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sshblogBinary = filepath.Join(dir, "sshblog")
	build := exec.Command("go", "build", "-o", sshblogBinary, "../sshblog")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build sshblog:", err)
		os.Exit(1)
	}
	code := heavy.Shared(m)
	os.RemoveAll(dir)
	os.Exit(code)
}
