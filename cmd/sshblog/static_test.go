package main

import (
	"debug/elf"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// The container's final stage runs the binary as this user, alone in an
// otherwise empty filesystem (see the Dockerfile).
const containerUID = 65532

var staticBuild struct {
	once sync.Once
	path string
	out  []byte
	err  error
}

// staticBinary builds sshblog once per test run with the script the
// Dockerfile runs, next to the test binary built by TestMain.
func staticBinary(t *testing.T) string {
	t.Helper()
	staticBuild.once.Do(func() {
		staticBuild.path = filepath.Join(filepath.Dir(binary), "sshblog-static")
		cmd := exec.Command("sh", filepath.Join("..", "..", ".ci", "build-static.sh"), staticBuild.path)
		cmd.Env = append(os.Environ(), "VERSION=static-test")
		staticBuild.out, staticBuild.err = cmd.CombinedOutput()
	})
	if staticBuild.err != nil {
		t.Fatalf("the static build failed: %v\n%s", staticBuild.err, staticBuild.out)
	}
	return staticBuild.path
}

func TestStaticBinaryIsStaticallyLinked(t *testing.T) {
	f, err := elf.Open(staticBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("the binary has a %v program header: it needs a dynamic loader", p.Type)
		}
	}
	libs, err := f.ImportedLibraries()
	if err != nil {
		t.Fatal(err)
	}
	if len(libs) > 0 {
		t.Errorf("the binary needs shared libraries: %v", libs)
	}
}

// emptyRoot lays out what the container's final stage holds: the binary, a
// data folder the user owns, and a /tmp.
func emptyRoot(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("chroot needs root; CI runs as root")
	}
	root := t.TempDir()
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile(staticBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "sshblog"), bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(filepath.Join(root, "data"), containerUID, containerUID); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, "tmp"), 0o1777); err != nil {
		t.Fatal(err)
	}
	return root
}

// inRoot runs /sshblog with args inside root as the container user, with the
// image's environment.
func inRoot(root string, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command("/sshblog", args...)
	cmd.Dir = "/"
	cmd.Env = append([]string{"SSHBLOG_DATA_DIR=/data"}, env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Chroot:     root,
		Credential: &syscall.Credential{Uid: containerUID, Gid: containerUID},
	}
	return cmd
}

var metricsLine = regexp.MustCompile(`msg="metrics serving" addr=(\S+)`)

func TestStaticBinaryServesFromAnEmptyRoot(t *testing.T) {
	root := emptyRoot(t)
	r := startCmd(t, inRoot(root, []string{"SSHBLOG_LISTEN=127.0.0.1:0", "SSHBLOG_METRICS_LISTEN=127.0.0.1:0", "SSHBLOG_HTTP_LISTEN=127.0.0.1:0"}, "serve"))

	// The web, as the container serves it on its second port.
	page, err := http.Get(webAddress(t, r) + "/posts/" + seedSlug)
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if page.StatusCode != http.StatusOK || !strings.Contains(string(html), "<h1>Difference between Networking and Making Friends</h1>") {
		t.Errorf("the web from the empty root: %d\n%s", page.StatusCode, html)
	}

	client := dialKeyless(t, r.addr)
	session, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out, err := session.Output("ls")
	if err != nil || !strings.Contains(string(out), "difference-between-networking-and-making-friends") {
		t.Fatalf("ls in the empty root: %v\n%s\nserver log:\n%s", err, out, r.log)
	}

	// The image's HEALTHCHECK, run the same way.
	health := inRoot(root, []string{"SSHBLOG_LISTEN=" + r.addr}, "healthcheck")
	if out, err := health.CombinedOutput(); err != nil || !strings.Contains(string(out), "healthy") {
		t.Errorf("healthcheck in the empty root: %v\n%s", err, out)
	}

	m := metricsLine.FindStringSubmatch(r.log.String())
	if m == nil {
		t.Fatalf("no metrics address in the log:\n%s", r.log)
	}
	resp, err := http.Get("http://" + m[1] + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `sshblog_commands_total{command="ls"} 1`) ||
		!strings.Contains(string(body), `sshblog_http_requests_total{code="200",route="post"} 1`) {
		t.Errorf("metrics from the empty root lack the ls command or the web page:\n%s", body)
	}

	if status := r.stop(t, syscall.SIGTERM); status != 0 {
		t.Fatalf("SIGTERM: exit %d\n%s", status, r.log)
	}
	for _, name := range []string{"sshblog.db", "host_ed25519", "host_ecdsa"} {
		info, err := os.Stat(filepath.Join(root, "data", name))
		if err != nil {
			t.Fatalf("the data folder lacks %s: %v", name, err)
		}
		if uid := info.Sys().(*syscall.Stat_t).Uid; uid != containerUID {
			t.Errorf("%s is owned by %d, want the container user %d", name, uid, containerUID)
		}
	}
}

// The Dockerfile must build with the script tested above and lay out the
// final stage as emptyRoot does.
func TestDockerfileMatchesTheTestedRecipe(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	dockerfile := string(src)
	for _, want := range []string{
		".ci/build-static.sh /out/sshblog",
		"FROM scratch",
		"COPY --from=build /out/sshblog /sshblog",
		"--chown=65532:65532 /out/data /data",
		"USER 65532:65532",
		"SSHBLOG_DATA_DIR=/data",
		"VOLUME /data",
		"EXPOSE 23234 23280",
		`CMD ["/sshblog", "healthcheck"]`,
		`ENTRYPOINT ["/sshblog"]`,
	} {
		if !strings.Contains(dockerfile, want) {
			t.Errorf("the Dockerfile lacks %q", want)
		}
	}
	if n := strings.Count(dockerfile, "go build"); n != 0 {
		t.Errorf("the Dockerfile runs go build itself (%d times); it must use .ci/build-static.sh", n)
	}
}
