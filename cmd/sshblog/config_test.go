package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
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

// TestProxyListsOfAddressesAndRanges: --trusted-proxies and
// --proxy-protocol-from read the same list, from the flag or the variable,
// and a bad entry is refused by name.
func TestProxyListsOfAddressesAndRanges(t *testing.T) {
	lists := map[string]func(config) []netip.Prefix{
		"trusted-proxies":     func(c config) []netip.Prefix { return c.trustedProxies },
		"proxy-protocol-from": func(c config) []netip.Prefix { return c.proxyProtocolFrom },
	}
	for name, list := range lists {
		in := " 10.1.2.3/8, 192.0.2.7,,::ffff:192.0.2.8, fd00::1 "
		want := "[10.0.0.0/8 192.0.2.7/32 192.0.2.8/32 fd00::1/128]"
		cfg, err := parseConfig([]string{"--" + name, in}, envOf(nil))
		if got := fmt.Sprint(list(cfg)); err != nil || got != want {
			t.Errorf("--%s %q: %s, %v; want %s", name, in, got, err, want)
		}
		cfg, err = parseConfig(nil, envOf(map[string]string{envName(name): in}))
		if got := fmt.Sprint(list(cfg)); err != nil || got != want {
			t.Errorf("%s=%q: %s, %v; want %s", envName(name), in, got, err, want)
		}
		if cfg, err := parseConfig([]string{"--" + name, ""}, envOf(nil)); err != nil || list(cfg) != nil {
			t.Errorf("--%s '': %v, %v; want none", name, list(cfg), err)
		}

		bad := `"10.0.0" is not an address or a range like 192.0.2.7 or 10.0.0.0/8`
		_, err = parseConfig([]string{"--" + name, "192.0.2.7,10.0.0"}, envOf(nil))
		var ue usageError
		if !errors.As(err, &ue) || ue.msg != "--"+name+`="192.0.2.7,10.0.0": `+bad {
			t.Errorf("--%s with a bad entry: %v", name, err)
		}
		_, err = parseConfig(nil, envOf(map[string]string{envName(name): "192.0.2.7,10.0.0"}))
		if !errors.As(err, &ue) || ue.msg != envName(name)+`="192.0.2.7,10.0.0": `+bad {
			t.Errorf("%s with a bad entry: %v", envName(name), err)
		}
	}
}
