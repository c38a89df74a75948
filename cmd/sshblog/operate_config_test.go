package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/server"
)

func TestOperatingDefaults(t *testing.T) {
	cfg, err := parseConfig(nil, envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := server.Limits{
		LoginGrace: 30 * time.Second, KexGrace: 10 * time.Second, MaxUnauthenticated: 100, MaxUnauthenticatedPerAddress: 10,
		StartupsStart: 50, StartupsRate: 30, LoginPenalty: 10 * time.Second, MaxPenalty: 10 * time.Minute,
		MaxConnections: 10000, MaxConnectionsPerAddress: 32, NoSessionTimeout: time.Minute,
		MaxSessions: 10000, MaxSessionsPerAddress: 16, ConnectionRate: 30, ConnectionBurst: 10,
		IdleTimeout: 30 * time.Minute, MaxInput: 8 << 20,
	}
	if cfg.limits != want {
		t.Errorf("limits %+v, want %+v", cfg.limits, want)
	}
	if cfg.shutdownGrace != 10*time.Second || cfg.logFormat != "text" || cfg.metricsListen != "" {
		t.Errorf("grace %v, log format %q, metrics %q", cfg.shutdownGrace, cfg.logFormat, cfg.metricsListen)
	}
}

func TestOperatingFlagsWinOverEnvironment(t *testing.T) {
	env := envOf(map[string]string{
		"SSHBLOG_LOGIN_GRACE":        "5s",
		"SSHBLOG_IDLE_TIMEOUT":       "1h",
		"SSHBLOG_MAX_SESSIONS":       "7",
		"SSHBLOG_MAX_INPUT":          "1MiB",
		"SSHBLOG_LOG_FORMAT":         "json",
		"SSHBLOG_METRICS_LISTEN":     "127.0.0.1:9100",
		"SSHBLOG_MAX_SESSION_LENGTH": "0",
	})
	cfg, err := parseConfig([]string{"--login-grace", "45s", "--max-sessions=9", "--max-input", "2k"}, env)
	if err != nil {
		t.Fatal(err)
	}
	lim := cfg.limits
	if lim.LoginGrace != 45*time.Second || lim.MaxSessions != 9 || lim.MaxInput != 2048 {
		t.Errorf("flags must win: %+v", lim)
	}
	if lim.IdleTimeout != time.Hour || cfg.logFormat != "json" || cfg.metricsListen != "127.0.0.1:9100" || lim.MaxSessionLength != 0 {
		t.Errorf("unset flags must come from the environment: %+v, %q, %q", lim, cfg.logFormat, cfg.metricsListen)
	}
}

func TestBadOperatingValuesNameTheSetting(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--login-grace", "soon"}, nil, `--login-grace="soon": not a duration`},
		{[]string{"--idle-timeout=-1m"}, nil, `--idle-timeout="-1m": must not be negative`},
		{[]string{"--max-sessions", "many"}, nil, `--max-sessions="many": not a whole number`},
		{[]string{"--connection-burst", "0"}, nil, `--connection-burst="0": must be 1 or more`},
		{[]string{"--max-input", "1GB"}, nil, `--max-input="1GB": not a size`},
		{[]string{"--log-format", "xml"}, nil, `--log-format="xml": must be text or json`},
		{[]string{"--listen", "23234"}, nil, `--listen="23234": not an address`},
		{[]string{"--metrics-listen", ":99999"}, nil, `--metrics-listen=":99999": the port must be`},
		{nil, map[string]string{"SSHBLOG_SHUTDOWN_GRACE": "-5s"}, `SSHBLOG_SHUTDOWN_GRACE="-5s": must not be negative`},
		{nil, map[string]string{"SSHBLOG_MAX_UNAUTHENTICATED_PER_ADDRESS": "-1"}, `SSHBLOG_MAX_UNAUTHENTICATED_PER_ADDRESS="-1": must be 0 or more`},
	}
	for _, c := range cases {
		_, err := parseConfig(c.args, envOf(c.env))
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(ue.msg, c.want) {
			t.Errorf("%v %v: err %v, want a usage error with %q", c.args, c.env, err, c.want)
		}
	}
}

func TestServeHelpListsEverySettingWithItsVariableAndDefault(t *testing.T) {
	var out bytes.Buffer
	printServeHelp(&out)
	help := out.String()
	defaults := readmeDefaults(t)
	var cfg config
	newFlagSet(&cfg).VisitAll(func(f *flag.Flag) {
		line := "--" + f.Name + " "
		i := strings.Index(help, line)
		if i < 0 {
			t.Errorf("the help lacks %s", f.Name)
			return
		}
		entry, _, _ := strings.Cut(help[i:], "\n  --")
		if !strings.Contains(entry, envName(f.Name)) {
			t.Errorf("the help for --%s lacks %s:\n%s", f.Name, envName(f.Name), entry)
		}
		if want, ok := defaults[f.Name]; !ok || !strings.Contains(entry, "(default "+want+")") {
			t.Errorf("the help for --%s lacks the README's default %q:\n%s", f.Name, want, entry)
		}
	})
	for i, line := range strings.Split(help, "\n") {
		if len([]rune(line)) > 80 {
			t.Errorf("help line %d is wider than 80 columns: %q", i+1, line)
		}
	}
}

func TestCommandArgumentsAroundFlags(t *testing.T) {
	cfg, rest, err := parseConfigArgs([]string{"backup.db", "--data-dir", "/srv/blog"}, envOf(nil))
	if err != nil || len(rest) != 1 || rest[0] != "backup.db" || cfg.dataDir != "/srv/blog" {
		t.Errorf("argument before a flag: %v %v %q", rest, err, cfg.dataDir)
	}
	cfg, rest, err = parseConfigArgs([]string{"--data-dir", "/srv/blog", "backup.db"}, envOf(nil))
	if err != nil || len(rest) != 1 || rest[0] != "backup.db" || cfg.dataDir != "/srv/blog" {
		t.Errorf("argument after a flag: %v %v %q", rest, err, cfg.dataDir)
	}
}

// readmeRow is a row of the README's settings table: flag, variable,
// default, what it does.
var readmeRow = regexp.MustCompile("(?m)^\\| `--([a-z-]+)` \\| `[A-Z_]+` \\| ([^|]+) \\|")

// readmeDefaults reads each flag's default from the README's table, as the
// help should word it: without the Markdown, without asides in brackets.
func readmeDefaults(t *testing.T) map[string]string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defaults := map[string]string{}
	for _, m := range readmeRow.FindAllStringSubmatch(string(readme), -1) {
		def := strings.ReplaceAll(m[2], "`", "")
		if before, _, found := strings.Cut(def, " ("); found {
			def = before
		}
		defaults[m[1]] = def
	}
	return defaults
}
