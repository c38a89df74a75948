package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pkg/sftp"
	gossh "golang.org/x/crypto/ssh"
)

// adminConn logs in with the key in keyFile.
func (p *publishing) adminConn(t *testing.T, keyFile string) *gossh.Client {
	t.Helper()
	pem, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.ParsePrivateKey(pem)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := gossh.Dial("tcp", p.addr, &gossh.ClientConfig{User: "admin", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// sftpClient opens an SFTP session with the key in keyFile, as an SFTP
// client (not scp) would.
func (p *publishing) sftpClient(t *testing.T, keyFile string) *sftp.Client {
	t.Helper()
	client, err := sftp.NewClient(p.adminConn(t, keyFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	return client
}

// A write at a negative offset, or one where offset plus length overflows,
// panicked in pkg/sftp's worker goroutine and took the whole process down.
func TestSFTPWriteOutsideTheLimitIsRefusedAndTheServerLives(t *testing.T) {
	p := startPublishing(t)
	client := p.sftpClient(t, p.admin)
	for _, off := range []int64{-1, -1 << 40, 1<<63 - 4, 2 << 20} {
		f, err := client.Create("odd.md")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteAt([]byte("# hello\n"), off); err == nil {
			t.Errorf("a write at %d was taken", off)
		}
		f.Close()
	}
	select {
	case err := <-p.done:
		t.Fatalf("the server ended: %v\n%s", err, p.log)
	default:
	}
	if !strings.Contains(p.ls(t), "hello\t") {
		t.Error("the server does not answer after the odd writes")
	}
	if strings.Contains(p.log.String(), "panic") {
		t.Errorf("a handler panicked:\n%s", p.log)
	}
}

// paramiko's put() (and Fabric, pysftp, Ansible on top of it) stats the file
// after writing it and raises "size mismatch" unless the size is what it
// sent, under the name it sent it as.
func TestSFTPStatAfterUploadReportsWhatWasSent(t *testing.T) {
	p := startPublishing(t)
	client := p.sftpClient(t, p.admin)
	src := "---\ntitle: Sent By SFTP\ndate: 2024-05-01\n---\n\nCopied   in,\twith odd spacing.\n"
	f, err := client.Create("Sent_By_SFTP.md")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte(src)); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatalf("publishing failed: %v", err)
	}
	mtime := time.Date(2023, 3, 4, 5, 6, 7, 0, time.UTC)
	if err := client.Chtimes("Sent_By_SFTP.md", mtime, mtime); err != nil {
		t.Fatal(err)
	}
	info, err := client.Stat("Sent_By_SFTP.md")
	if err != nil {
		t.Fatalf("stat under the upload's name: %v", err)
	}
	if info.Size() != int64(len(src)) || !info.ModTime().Equal(mtime) {
		t.Errorf("stat says %d bytes at %v; sent %d bytes, set %v", info.Size(), info.ModTime().UTC(), len(src), mtime)
	}
	list, err := client.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	sizes := map[string]int64{}
	for _, fi := range list {
		sizes[fi.Name()] = fi.Size()
	}
	if sizes["Sent_By_SFTP.md"] != int64(len(src)) || sizes["hello.md"] == 0 {
		t.Errorf("the listing says %v", sizes)
	}
}

// pythonWithParamiko finds a Python that has paramiko (Debian's
// python3-paramiko installs it for /usr/bin/python3), or fails the test.
func pythonWithParamiko(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import paramiko").Run() == nil {
			return py
		}
	}
	t.Fatal("paramiko is needed: apt-get install python3-paramiko")
	return ""
}

const paramikoPut = `
import sys, paramiko
host, port, key, local = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
t = paramiko.Transport((host, port))
t.connect(username="admin", pkey=paramiko.Ed25519Key.from_private_key_file(key))
sftp = paramiko.SFTPClient.from_transport(t)
attrs = sftp.put(local, "from-paramiko.md")
print("size", attrs.st_size)
t.close()
`

func TestParamikoPutPublishes(t *testing.T) {
	py := pythonWithParamiko(t)
	p := startPublishing(t)
	file := localFile(t, "from-paramiko.md", strings.Replace(newPost, "Fresh From Scp", "From Paramiko", 1))
	host, port, _ := strings.Cut(p.addr, ":")
	out, err := exec.Command(py, "-c", paramikoPut, host, port, p.admin, file).CombinedOutput()
	if err != nil {
		t.Fatalf("paramiko put: %v\n%s", err, out)
	}
	if want := "size " + strconv.Itoa(len(newPost)-len("Fresh From Scp")+len("From Paramiko")); !strings.Contains(string(out), want) {
		t.Errorf("paramiko says %q, want %q", out, want)
	}
	if !strings.Contains(p.ls(t), "From Paramiko") {
		t.Errorf("not published:\n%s", p.ls(t))
	}
}

// lftp's mirror -R uploads what differs in size or time from the listing:
// with real sizes and the times it set, a second mirror sends nothing.
func TestLftpMirrorUploadsOnlyWhatChanged(t *testing.T) {
	if _, err := exec.LookPath("lftp"); err != nil {
		t.Fatal("lftp is needed: apt-get install lftp")
	}
	p := startPublishing(t)
	local := t.TempDir()
	for _, name := range []string{"one.md", "two.md"} {
		title := strings.TrimSuffix(name, ".md")
		if err := os.WriteFile(filepath.Join(local, name), []byte("---\ntitle: Mirrored "+title+"\ndate: 2024-05-01\n---\n\nBody.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mirror := func() string {
		t.Helper()
		connect := "ssh -a -x -i " + p.admin + " -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
		script := "set sftp:connect-program \"" + connect + "\"; set net:max-retries 1; open sftp://admin:x@localhost:" + p.port +
			"; mirror -R --verbose=1 " + local + " .; quit"
		out, err := exec.Command("lftp", "-c", script).CombinedOutput()
		if err != nil {
			t.Fatalf("lftp: %v\n%s", err, out)
		}
		return string(out)
	}
	if first := mirror(); strings.Count(first, "Transferring file") != 2 {
		t.Fatalf("the first mirror did not send both files:\n%s", first)
	}
	if !strings.Contains(p.ls(t), "Mirrored one") {
		t.Fatalf("not published:\n%s", p.ls(t))
	}
	if second := mirror(); strings.Contains(second, "Transferring file") {
		t.Errorf("the second mirror sent files again:\n%s", second)
	}
}

// A client that goes away in the middle of an upload publishes nothing: the
// server closes the files left open, which once published what had come.
func TestSFTPUploadCutOffPublishesNothing(t *testing.T) {
	p := startPublishing(t)
	session, err := p.adminConn(t, p.admin).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	toServer, _ := session.StdinPipe()
	fromServer, _ := session.StdoutPipe()
	if err := session.RequestSubsystem("sftp"); err != nil {
		t.Fatal(err)
	}
	client, err := sftp.NewClientPipe(fromServer, toServer)
	if err != nil {
		t.Fatal(err)
	}
	f, err := client.Create("cut.md")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("---\ntitle: Cut Off\ndate: 2024-05-01\n---\n\nThe first half")); err != nil {
		t.Fatal(err)
	}
	// Stat is answered after the write before it was handled.
	if info, err := f.Stat(); err != nil || info.Size() == 0 {
		t.Fatalf("the upload under way: %v, %v", info, err)
	}
	toServer.Close() // the client is gone, the file still open
	client.Wait()    // until the server, done with the session, closes it
	if strings.Contains(p.ls(t), "Cut Off") {
		t.Error("half an upload was published")
	}
}
