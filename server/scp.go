package server

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/ssh"

	"github.com/sshblog/sshblog/posts"
)

// The legacy SCP protocol (scp -O, and OpenSSH before 9): the client runs
// `scp -t TARGET` here and sends "C<mode> <size> <name>" headers, each
// followed by the file and a NUL; the server answers each step with a NUL,
// or with 0x01 and a line saying what went wrong. This is a sink for post
// files only: no directories, no paths, no reading files back.

// folderRefusal is what scp -r is told: posts come as files, not folders.
func (s *Server) folderRefusal() string {
	return "folders are not taken; copy the .md files themselves: " + scpCommand(s.address(), "*.md")
}

// isSCP reports whether the command is an scp upload or download.
func isSCP(args []string) bool { return len(args) > 0 && args[0] == "scp" }

// scpSink receives post files from `scp post.md HOST:`.
func (s *Server) scpSink(sess ssh.Session) int {
	args := sess.Command()
	target, upload := scpTarget(args)
	if !upload {
		return fail(sess, exitFailed, "scp here only uploads posts: %s", scpCommand(s.address(), "post.md"))
	}
	if !s.mayPublish(sess) {
		// mayPublish told them why on stderr; the protocol needs its own no.
		sess.Write([]byte("\x01permission denied\n"))
		return exitFailed
	}
	rename := ""
	if target != "" && target != "." && target != "~" && target != "./" {
		if err := posts.CheckFileName(target); err != nil {
			sess.Write([]byte("\x01" + posts.Message(err) + "\n"))
			return exitFailed
		}
		rename = target
	}
	in := bufio.NewReader(sess)
	sess.Write([]byte{0})
	status := exitOK
	for {
		line, err := in.ReadString('\n')
		if err == io.EOF && line == "" {
			return status
		}
		if err != nil {
			return exitFailed
		}
		switch line[0] {
		case 'T': // times: accepted and ignored
			sess.Write([]byte{0})
		case 'C':
			if !s.scpFile(sess, in, strings.TrimSuffix(line, "\n"), rename) {
				status = exitFailed
			}
		case 'D':
			sess.Write([]byte("\x01" + s.folderRefusal() + "\n"))
			return exitFailed
		case 'E':
			sess.Write([]byte{0})
		default:
			sess.Write([]byte("\x01unexpected scp message\n"))
			return exitFailed
		}
	}
}

// scpFile receives one file after its header and publishes it; it reports
// whether the post was published.
func (s *Server) scpFile(sess ssh.Session, in *bufio.Reader, header, rename string) bool {
	fields := strings.SplitN(header[1:], " ", 3)
	if len(fields) != 3 {
		sess.Write([]byte("\x01malformed scp header\n"))
		return false
	}
	size, err := strconv.ParseInt(fields[1], 10, 64)
	name := fields[2]
	if rename != "" {
		name = rename
	}
	switch {
	case err != nil || size < 0:
		sess.Write([]byte("\x01malformed scp header\n"))
		return false
	case size > posts.MaxFileSize:
		sess.Write([]byte(fmt.Sprintf("\x01%s: %d bytes is over the %d-byte limit for a post\n", posts.CleanLine(name), size, posts.MaxFileSize)))
		return false
	}
	if err := posts.CheckFileName(name); err != nil {
		sess.Write([]byte("\x01" + posts.Message(err) + "\n"))
		return false
	}
	sess.Write([]byte{0})
	src := make([]byte, size)
	if _, err := io.ReadFull(in, src); err != nil {
		return false
	}
	if b, err := in.ReadByte(); err != nil || b != 0 {
		return false
	}
	ctx, cancel := commandContext(sess)
	defer cancel()
	p, err := s.cfg.Publisher.Publish(ctx, name, src)
	if err != nil {
		sess.Write([]byte("\x01" + s.refusal(sess, "scp publish", err) + "\n"))
		return false
	}
	fmt.Fprintln(sess.Stderr(), "sshblog: "+published(p, s.now()))
	sess.Write([]byte{0})
	return true
}

// scpTarget finds the target of `scp -t [flags] TARGET`; upload is false for
// anything else (downloads with -f, or no target).
func scpTarget(args []string) (target string, upload bool) {
	for i := 1; i < len(args); i++ {
		switch args[i] {
		case "-t":
			upload = true
		case "-f":
			return "", false
		case "-r", "-p", "-d", "-v", "--":
		default:
			target = args[i]
		}
	}
	return target, upload
}
