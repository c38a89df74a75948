package server

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/pkg/sftp"

	"github.com/sshblog/sshblog/posts"
)

// OpenSSH 9 and later run `scp` over SFTP. This subsystem serves admins one
// folder that holds nothing but the posts: they can list it and write post
// files into it; nothing else of any filesystem is reachable. SFTP status
// replies carry no text the scp client shows, so why a post was refused goes
// to the session's stderr, which scp prints.
func (s *Server) sftpSubsystem(sess ssh.Session) {
	if !s.mayPublish(sess) {
		sess.Exit(exitFailed)
		return
	}
	srv := sftp.NewRequestServer(sess, sftp.Handlers{
		FileGet:  sftpRefuse{},
		FilePut:  &sftpPosts{s: s, sess: sess},
		FileCmd:  sftpRefuse{s: s, sess: sess},
		FileList: &sftpPosts{s: s, sess: sess},
	}, sftp.WithStartDirectory(sftpFolder))
	// No srv.Close: it would close the channel before the exit status,
	// which scp needs to see 0.
	err := srv.Serve()
	if err != nil && !errors.Is(err, io.EOF) {
		s.cfg.Log.Warn("sftp session ended with an error", "session", sessionID(sess), "err", err)
	}
	sess.Exit(exitOK)
}

// sftpFolder is the one folder: relative paths start there, so "../x.md"
// and "/tmp/x.md" name files outside it, which are refused.
const sftpFolder = "/posts"

// sftpRefuse refuses reading files and every command but setting times and
// modes, which scp asks for after an upload and which mean nothing here. A
// folder (scp -r makes one first) is refused with a line on stderr.
type sftpRefuse struct {
	s    *Server
	sess ssh.Session
}

func (sftpRefuse) Fileread(*sftp.Request) (io.ReaderAt, error) {
	return nil, sftp.ErrSSHFxPermissionDenied
}

func (f sftpRefuse) Filecmd(r *sftp.Request) error {
	switch r.Method {
	case "Setstat":
		return nil
	case "Mkdir":
		fmt.Fprintln(f.sess.Stderr(), "sshblog: "+f.s.folderRefusal())
	}
	return sftp.ErrSSHFxPermissionDenied
}

// sftpPosts lists the posts as files and takes uploads.
type sftpPosts struct {
	s    *Server
	sess ssh.Session
}

// Filewrite starts an upload of a post file into the one folder.
func (h *sftpPosts) Filewrite(r *sftp.Request) (io.WriterAt, error) {
	dir, name := path.Split(r.Filepath)
	if dir != sftpFolder+"/" {
		fmt.Fprintf(h.sess.Stderr(), "sshblog: %q: posts go in the top folder, by file name alone\n", posts.CleanLine(r.Filepath))
		return nil, sftp.ErrSSHFxPermissionDenied
	}
	if err := posts.CheckFileName(name); err != nil {
		fmt.Fprintf(h.sess.Stderr(), "sshblog: %s\n", posts.Message(err))
		return nil, sftp.ErrSSHFxPermissionDenied
	}
	return &upload{h: h, name: name}, nil
}

// upload gathers one file in memory, up to the size limit, and publishes it
// when the client closes it.
type upload struct {
	h    *sftpPosts
	name string
	mu   sync.Mutex
	buf  []byte
	over bool
}

func (u *upload) WriteAt(p []byte, off int64) (int, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	end := off + int64(len(p))
	if end > posts.MaxFileSize {
		u.over = true
		return 0, fmt.Errorf("%s is over the %d-byte limit for a post", u.name, posts.MaxFileSize)
	}
	if int(end) > len(u.buf) {
		u.buf = append(u.buf, make([]byte, int(end)-len(u.buf))...)
	}
	return copy(u.buf[off:], p), nil
}

func (u *upload) Close() error {
	stderr := u.h.sess.Stderr()
	if u.over {
		fmt.Fprintf(stderr, "sshblog: %s is over the %d-byte limit for a post\n", u.name, posts.MaxFileSize)
		return sftp.ErrSSHFxFailure
	}
	ctx, cancel := commandContext(u.h.sess)
	defer cancel()
	p, err := u.h.s.cfg.Publisher.Publish(ctx, u.name, u.buf)
	if err != nil {
		fmt.Fprintln(stderr, "sshblog: "+u.h.s.refusal(u.h.sess, "sftp publish", err))
		return sftp.ErrSSHFxFailure
	}
	fmt.Fprintf(stderr, "sshblog: %s\n", published(p))
	return nil
}

// Filelist answers List and Stat: the folder holds one SLUG.md a post.
func (h *sftpPosts) Filelist(r *sftp.Request) (sftp.ListerAt, error) {
	p := r.Filepath
	switch {
	case r.Method == "List" && p == sftpFolder:
		var infos listing
		for _, post := range h.s.cfg.Blog.Posts() {
			infos = append(infos, postInfo{name: post.Slug + ".md", mod: post.Updated})
		}
		return infos, nil
	case r.Method == "List" && p == "/":
		return listing{postInfo{name: path.Base(sftpFolder), dir: true, mod: time.Now()}}, nil
	case p == "/" || p == sftpFolder:
		return listing{postInfo{name: path.Base(p), dir: true, mod: time.Now()}}, nil
	}
	for _, post := range h.s.cfg.Blog.Posts() {
		if p == sftpFolder+"/"+post.Slug+".md" {
			return listing{postInfo{name: post.Slug + ".md", mod: post.Updated}}, nil
		}
	}
	return nil, os.ErrNotExist
}

// listing is a fixed list of file infos.
type listing []os.FileInfo

func (l listing) ListAt(out []os.FileInfo, offset int64) (int, error) {
	if offset >= int64(len(l)) {
		return 0, io.EOF
	}
	n := copy(out, l[offset:])
	if int(offset)+n == len(l) {
		return n, io.EOF
	}
	return n, nil
}

// postInfo describes a post (or the folder) as a file.
type postInfo struct {
	name string
	dir  bool
	mod  time.Time
}

func (i postInfo) Name() string { return i.name }
func (i postInfo) Size() int64  { return 0 }
func (i postInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o755
	}
	return 0o644
}
func (i postInfo) ModTime() time.Time { return i.mod }
func (i postInfo) IsDir() bool        { return i.dir }
func (i postInfo) Sys() any           { return nil }
