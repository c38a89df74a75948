package main

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

func TestSSHAddressSetting(t *testing.T) {
	cfg, err := parseConfig(nil, envOf(map[string]string{"SSHBLOG_SSH_ADDRESS": " -p 2222   blog.example.com "}))
	if err != nil || cfg.readerAddress() != "-p 2222 blog.example.com" {
		t.Errorf("from the environment: %q, %v", cfg.readerAddress(), err)
	}
	if cfg, _ := parseConfig(nil, envOf(nil)); cfg.readerAddress() != "-p 23234 localhost" {
		t.Errorf("by default: %q", cfg.readerAddress())
	}
	for value, want := range map[string]string{
		"ssh blog.example.com":    "leave out the ssh",
		"blog.example.com\x1b[2J": "printable",
	} {
		_, err := parseConfig([]string{"--ssh-address", value}, envOf(nil))
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(ue.msg, "--ssh-address=") || !strings.Contains(ue.msg, want) {
			t.Errorf("%q: %v, want a usage error saying %q", value, err, want)
		}
	}
}

// The address readers are told is the configured one, or the listen
// address; the server's own help shows it.
func TestServerTellsItsAddress(t *testing.T) {
	dir := t.TempDir()
	r := start(t, dir, "--ssh-address", "-p 2222 blog.example.com")
	session, err := dialKeyless(t, r.addr).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out, err := session.Output("help")
	if err != nil || !strings.Contains(string(out), "ssh -t -p 2222 blog.example.com\n") {
		t.Errorf("help: %v\n%s", err, out)
	}
}

// --version is version; --help gives each default as the README's table
// does, in words where a value would not say it.
func TestVersionFlagAndHelpDefaults(t *testing.T) {
	out, err := exec.Command(binary, "--version").Output()
	if err != nil || !strings.HasPrefix(string(out), "sshblog ") {
		t.Errorf("--version: %q, %v", out, err)
	}
	out, _ = exec.Command(binary, "--help").Output()
	help := string(out)
	for _, want := range []string{
		"debug, info, warn or error (default info)",
		"host key file, made if missing (default DATA-DIR/host_ed25519)",
		"kept in sync (default the sample blog)",
		"(default none)",
		"at /metrics (default off)",
		"this long after it opened (default off)",
		"SSHBLOG_SSH_ADDRESS",
	} {
		if !strings.Contains(help, want) {
			t.Errorf("--help lacks %q:\n%s", want, help)
		}
	}
	for _, line := range strings.Split(help, "\n") {
		if len([]rune(line)) > 80 {
			t.Errorf("a line wider than 80 columns: %q", line)
		}
	}
}
