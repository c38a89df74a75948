package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"runtime/debug"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/pkg/sftp"

	"github.com/sshblog/sshblog/posts"
)

// Uploads keeps post files as admins uploaded them (see posts.Upload).
type Uploads interface {
	SaveUpload(ctx context.Context, u posts.Upload) error
	// Uploads lists them without their bytes.
	Uploads(ctx context.Context) ([]posts.Upload, error)
	SetUploadTime(ctx context.Context, name string, mod time.Time) (found bool, err error)
}

// OpenSSH 9 and later run `scp` over SFTP. This subsystem serves admins one
// folder that holds nothing but the posts: they can list it and write post
// files into it; nothing else of any filesystem is reachable. SFTP status
// replies carry no text the scp client shows, so why a post was refused goes
// to the session's stderr, which scp prints.
func (s *Server) sftpSubsystem(sess ssh.Session) {
	x := s.newCall(sess)
	x.name = "sftp publish"
	if err := s.cmds.mayAdmin(x.viewer, "publish"); err != nil {
		status := x.reply(err)
		x.flush()
		sess.Exit(status)
		return
	}
	h := &sftpPosts{s: s, sess: sess, x: x, open: map[string]*upload{}}
	srv := sftp.NewRequestServer(sess, sftp.Handlers{FileGet: sftpRefuse{}, FilePut: h, FileCmd: h, FileList: h},
		sftp.WithStartDirectory(sftpFolder))
	// No srv.Close: it would close the channel before the exit status,
	// which scp needs to see 0.
	err := srv.Serve()
	if err != nil && !errors.Is(err, io.EOF) {
		s.cfg.Log.Warn("sftp session ended with an error", "session", sessionID(sess), "err", err)
	}
	x.flush()
	sess.Exit(exitOK)
}

// sftpFolder is the one folder: relative paths start there, so "../x.md"
// and "/tmp/x.md" name files outside it, which are refused.
const sftpFolder = "/posts"

// sftpRefuse refuses reading files.
type sftpRefuse struct{}

func (sftpRefuse) Fileread(*sftp.Request) (io.ReaderAt, error) {
	return nil, sftp.ErrSSHFxPermissionDenied
}

// sftpPosts lists the posts as files and takes uploads; it refuses every
// command but setting times and modes, which clients ask for after an
// upload.
type sftpPosts struct {
	s    *Server
	sess ssh.Session
	x    *call // for its stderr, the one gate for text, and what it tells

	mu   sync.Mutex
	open map[string]*upload // by file name, until closed
}

// survive turns a panic in a handler into a failed request: pkg/sftp calls
// handlers on its own goroutines, outside the session's recover, where a
// panic would end the whole process.
func (h *sftpPosts) survive(what string, err *error) {
	if r := recover(); r != nil {
		h.s.metrics.panics.Add(1)
		h.s.cfg.Log.Error("sftp handler panicked", "session", sessionID(h.sess), "in", what,
			"panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		*err = sftp.ErrSSHFxFailure
	}
}

// Filecmd keeps the modification time a client sets on an upload, and
// accepts (and ignores) modes. A folder (scp -r makes one first) is refused
// with a line on stderr, where scp shows it.
func (h *sftpPosts) Filecmd(r *sftp.Request) (err error) {
	defer h.survive("cmd", &err)
	switch r.Method {
	case "Setstat":
	case "Mkdir":
		fmt.Fprintln(h.x.errOut, "sshblog: "+h.s.cmds.folderRefusal())
		return sftp.ErrSSHFxPermissionDenied
	default:
		return sftp.ErrSSHFxPermissionDenied
	}
	dir, name := path.Split(r.Filepath)
	if !r.AttrFlags().Acmodtime || dir != sftpFolder+"/" {
		return nil
	}
	mod := time.Unix(int64(r.Attributes().Mtime), 0).UTC()
	h.mu.Lock()
	u := h.open[name]
	h.mu.Unlock()
	if u != nil {
		u.setModTime(mod)
		return nil
	}
	if h.s.cfg.Uploads == nil {
		return nil
	}
	ctx, cancel := h.x.storage()
	defer cancel()
	if _, err := h.s.cfg.Uploads.SetUploadTime(ctx, name, mod); err != nil {
		h.s.cfg.Log.Error("sftp setstat", "session", sessionID(h.sess), "err", err)
		return sftp.ErrSSHFxFailure
	}
	return nil
}

// Filewrite starts an upload of a post file into the one folder.
func (h *sftpPosts) Filewrite(r *sftp.Request) (_ io.WriterAt, err error) {
	defer h.survive("write", &err)
	dir, name := path.Split(r.Filepath)
	if dir != sftpFolder+"/" {
		fmt.Fprintf(h.x.errOut, "sshblog: %q: posts go in the top folder, by file name alone\n", r.Filepath)
		return nil, sftp.ErrSSHFxPermissionDenied
	}
	if err := posts.CheckFileName(name); err != nil {
		fmt.Fprintf(h.x.errOut, "sshblog: %s\n", posts.Message(err))
		return nil, sftp.ErrSSHFxPermissionDenied
	}
	u := &upload{h: h, name: name}
	h.mu.Lock()
	h.open[name] = u
	h.mu.Unlock()
	return u, nil
}

// upload gathers one file in memory, up to the size limit, and publishes it
// when the client closes it.
type upload struct {
	h    *sftpPosts
	name string
	mu   sync.Mutex
	buf  []byte
	over bool
	cut  bool      // the session ended before the client closed the file
	mod  time.Time // set by the client, if it does before closing
}

// TransferError is pkg/sftp telling that the session ended with the file
// open: what came is not the whole file, and must not be published.
func (u *upload) TransferError(error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.cut = true
}

// WriteAt refuses offsets outside the limit for a post; the check is written
// so that no offset a client sends can overflow it.
func (u *upload) WriteAt(p []byte, off int64) (n int, err error) {
	defer u.h.survive("write at", &err)
	u.mu.Lock()
	defer u.mu.Unlock()
	if off < 0 || off > posts.MaxFileSize || int64(len(p)) > posts.MaxFileSize-off {
		u.over = true
		return 0, fmt.Errorf("%s: a write at byte %d is outside the %d-byte limit for a post", u.name, off, posts.MaxFileSize)
	}
	if end := int(off) + len(p); end > len(u.buf) {
		u.buf = append(u.buf, make([]byte, end-len(u.buf))...)
	}
	return copy(u.buf[off:], p), nil
}

func (u *upload) setModTime(mod time.Time) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.mod = mod
}

func (u *upload) size() int64 {
	u.mu.Lock()
	defer u.mu.Unlock()
	return int64(len(u.buf))
}

func (u *upload) Close() (err error) {
	defer u.h.survive("close", &err)
	h := u.h
	h.mu.Lock()
	if h.open[u.name] == u {
		delete(h.open, u.name)
	}
	h.mu.Unlock()
	stderr := h.x.errOut
	if u.cut {
		return sftp.ErrSSHFxConnectionLost
	}
	if u.over {
		fmt.Fprintf(stderr, "sshblog: %s is over the %d-byte limit for a post\n", u.name, posts.MaxFileSize)
		return sftp.ErrSSHFxFailure
	}
	ctx, cancel := h.x.storage()
	defer cancel()
	p, err := h.s.cfg.Publisher.Publish(ctx, u.name, u.buf)
	if err != nil {
		fmt.Fprintln(stderr, "sshblog: "+h.x.message(publishError(err)))
		return sftp.ErrSSHFxFailure
	}
	if h.s.cfg.Uploads != nil {
		mod := u.mod
		if mod.IsZero() {
			mod = h.s.cfg.Blog.Now()
		}
		up := posts.Upload{Slug: p.Slug, Name: u.name, Revision: p.Revision, Src: u.buf, ModTime: mod}
		if err := h.s.cfg.Uploads.SaveUpload(ctx, up); err != nil {
			// Published all the same; only the listing will not match.
			h.s.cfg.Log.Error("sftp upload not kept", "session", sessionID(h.sess), "err", err)
		}
	}
	fmt.Fprintf(stderr, "sshblog: %s\n", published(p, h.s.cfg.Blog.Now()))
	return nil
}

// Filelist answers List and Stat: the folder holds one file a post.
func (h *sftpPosts) Filelist(r *sftp.Request) (_ sftp.ListerAt, err error) {
	defer h.survive("list", &err)
	p := r.Filepath
	switch {
	case r.Method == "List" && p == "/":
		return listing{postInfo{name: path.Base(sftpFolder), dir: true, mod: h.s.cfg.Blog.Now()}}, nil
	case r.Method != "List" && (p == "/" || p == sftpFolder):
		return listing{postInfo{name: path.Base(p), dir: true, mod: h.s.cfg.Blog.Now()}}, nil
	}
	listAll := r.Method == "List" && p == sftpFolder
	dir, name := path.Split(p)
	if !listAll && dir != sftpFolder+"/" {
		return nil, os.ErrNotExist
	}
	if listAll {
		name = ""
	}
	ctx, cancel := h.x.storage()
	defer cancel()
	files, err := h.files(ctx, name)
	if err != nil {
		h.s.cfg.Log.Error("sftp list", "session", sessionID(h.sess), "err", err)
		return nil, sftp.ErrSSHFxFailure
	}
	if listAll || len(files) > 0 {
		return files, nil
	}
	h.mu.Lock()
	u := h.open[name]
	h.mu.Unlock()
	if u != nil { // being written: what has come so far
		return listing{postInfo{name: name, size: u.size(), mod: h.s.cfg.Blog.Now()}}, nil
	}
	return nil, os.ErrNotExist
}

// files are the posts as files. A post an admin uploaded here, and that has
// not changed since, shows under the name, size and time it came with, as a
// client that compares them expects; any other is SLUG.md, the size of its
// source, dated when it last changed. With a name, only the file of that
// name: a client stats every file it mirrors, and a stat reads one post, not
// all of them.
func (h *sftpPosts) files(ctx context.Context, name string) (listing, error) {
	var uploads []posts.Upload
	if h.s.cfg.Uploads != nil {
		var err error
		if uploads, err = h.s.cfg.Uploads.Uploads(ctx); err != nil {
			return nil, err
		}
	}
	bySlug := map[string]posts.Upload{}
	for _, u := range uploads {
		bySlug[u.Slug] = u
	}
	var files listing
	listed := map[string]bool{}
	for _, post := range h.s.cfg.Blog.Posts() {
		listed[post.Slug] = true
		if u, ok := bySlug[post.Slug]; ok && u.Revision == post.Revision {
			if name == "" || u.Name == name {
				files = append(files, postInfo{name: u.Name, size: u.Size, mod: u.ModTime})
			}
			continue
		}
		if name != "" && post.Slug+".md" != name {
			continue
		}
		full, err := h.s.cfg.Catalog.Post(ctx, post.Slug)
		if err != nil {
			return nil, err
		}
		files = append(files, postInfo{name: post.Slug + ".md", size: int64(len(posts.Source(full))), mod: post.Updated})
	}
	// Drafts and posts dated later that were uploaded here, which the list
	// of published posts leaves out.
	for _, u := range uploads {
		if listed[u.Slug] || name != "" && u.Name != name {
			continue
		}
		post, err := h.s.cfg.Catalog.Post(ctx, u.Slug)
		if errors.Is(err, posts.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if post.Revision == u.Revision && !post.Unpublished {
			files = append(files, postInfo{name: u.Name, size: u.Size, mod: u.ModTime})
		}
	}
	return files, nil
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
	size int64
	mod  time.Time
}

func (i postInfo) Name() string { return i.name }
func (i postInfo) Size() int64  { return i.size }
func (i postInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o755
	}
	return 0o644
}
func (i postInfo) ModTime() time.Time { return i.mod }
func (i postInfo) IsDir() bool        { return i.dir }
func (i postInfo) Sys() any           { return nil }
