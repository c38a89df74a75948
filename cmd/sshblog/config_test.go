package main

import (
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFlagsWinOverEnvironment(t *testing.T) {
	env := envOf(map[string]string{
		"SSHBLOG_LISTEN":    "127.0.0.1:1111",
		"SSHBLOG_BLOG_NAME": "From Env",
		"SSHBLOG_LOG_LEVEL": "debug",
	})
	cfg, err := parseConfig([]string{"--listen", "127.0.0.1:2222"}, env)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.listen != "127.0.0.1:2222" {
		t.Errorf("listen = %q: the flag must win", cfg.listen)
	}
	if cfg.blogName != "From Env" || cfg.logLevel != slog.LevelDebug {
		t.Errorf("unset flags must come from the environment: %+v", cfg)
	}
}

func TestDefaults(t *testing.T) {
	cfg, err := parseConfig(nil, envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.listen != ":23234" || cfg.dataDir != ".sshblog" || cfg.hostKey != filepath.Join(".sshblog", "host_ed25519") {
		t.Errorf("defaults: %+v", cfg)
	}
	cfg, _ = parseConfig([]string{"--data-dir", "/srv/blog"}, envOf(nil))
	if cfg.hostKey != "/srv/blog/host_ed25519" {
		t.Errorf("the host key follows the data dir: %q", cfg.hostKey)
	}
}

func TestBadEnvironmentNamesTheVariable(t *testing.T) {
	_, err := parseConfig(nil, envOf(map[string]string{"SSHBLOG_LOG_LEVEL": "loud"}))
	var ue usageError
	if !errors.As(err, &ue) || !strings.Contains(ue.msg, "SSHBLOG_LOG_LEVEL") {
		t.Fatalf("err = %v, want a usage error naming SSHBLOG_LOG_LEVEL", err)
	}
}
