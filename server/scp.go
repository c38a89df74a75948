package server

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// The legacy SCP protocol (scp -O, and OpenSSH before 9): the client runs
// `scp -t TARGET` here and sends "C<mode> <size> <name>" headers, each
// followed by the file and a NUL; the server answers each step with a NUL,
// or with 0x01 and a line saying what went wrong. This is a sink for post
// files only: no directories, no paths, no reading files back.

// folderRefusal is what scp -r is told: posts come as files, not folders.
func (c *commands) folderRefusal() string {
	return "folders are not taken; copy the .md files themselves: " + blog.ScpCommand(c.address(), "*.md")
}

// scpSink receives post files from `scp post.md HOST:`. Its stdout is the
// protocol's, raw; what goes there as text is one cleaned line.
func (c *commands) scpSink(x *call) error {
	target, upload := scpTarget(x.args)
	if !upload {
		return refuse("scp here only uploads posts: %s", blog.ScpCommand(c.address(), "post.md"))
	}
	if err := c.mayAdmin(x.viewer, "publish"); err != nil {
		// Told on stderr; the protocol needs its own no.
		scpRefuse(x.raw, "permission denied")
		return err
	}
	rename := ""
	if target != "" && target != "." && target != "~" && target != "./" {
		if err := posts.CheckFileName(target); err != nil {
			scpRefuse(x.raw, posts.Message(err))
			return errTold
		}
		rename = target
	}
	in := bufio.NewReader(x.in)
	x.raw.Write([]byte{0})
	var failed error
	for {
		line, err := in.ReadString('\n')
		if err == io.EOF && line == "" {
			return failed
		}
		if err != nil {
			return errTold
		}
		switch line[0] {
		case 'T': // times: accepted and ignored
			x.raw.Write([]byte{0})
		case 'C':
			if !c.scpFile(x, in, strings.TrimSuffix(line, "\n"), rename) {
				failed = errTold
			}
		case 'D':
			scpRefuse(x.raw, c.folderRefusal())
			return errTold
		case 'E':
			x.raw.Write([]byte{0})
		default:
			scpRefuse(x.raw, "unexpected scp message")
			return errTold
		}
	}
}

// scpRefuse is the protocol's no, with why in one line, which scp shows.
func scpRefuse(w io.Writer, why string) {
	io.WriteString(w, "\x01"+posts.CleanLine(why)+"\n")
}

// scpFile receives one file after its header and publishes it; it reports
// whether the post was published.
func (c *commands) scpFile(x *call, in *bufio.Reader, header, rename string) bool {
	fields := strings.SplitN(header[1:], " ", 3)
	if len(fields) != 3 {
		scpRefuse(x.raw, "malformed scp header")
		return false
	}
	size, err := strconv.ParseInt(fields[1], 10, 64)
	name := fields[2]
	if rename != "" {
		name = rename
	}
	switch {
	case err != nil || size < 0:
		scpRefuse(x.raw, "malformed scp header")
		return false
	case size > posts.MaxFileSize:
		scpRefuse(x.raw, fmt.Sprintf("%s: %d bytes is over the %d-byte limit for a post", name, size, posts.MaxFileSize))
		return false
	}
	if err := posts.CheckFileName(name); err != nil {
		scpRefuse(x.raw, posts.Message(err))
		return false
	}
	x.raw.Write([]byte{0})
	src := make([]byte, size)
	if _, err := io.ReadFull(in, src); err != nil {
		return false
	}
	if b, err := in.ReadByte(); err != nil || b != 0 {
		return false
	}
	ctx, cancel := x.storage()
	defer cancel()
	p, err := c.publisher.Publish(ctx, name, src)
	if err != nil {
		scpRefuse(x.raw, x.message(publishError(err)))
		return false
	}
	fmt.Fprintln(x.errOut, "sshblog: "+published(p, c.blog.Now()))
	x.raw.Write([]byte{0})
	return true
}

// scpTarget finds the target in the arguments of `scp -t [flags] TARGET`;
// upload is false for anything else (downloads with -f, or no target).
func scpTarget(args []string) (target string, upload bool) {
	for i := range args {
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
