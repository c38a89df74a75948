// Package powercut is a FUSE filesystem for tests that loses, when the power
// is cut, every write that was not fsynced, in the spirit of Jepsen's lazyfs.
//
// Writes go through to a live folder at once, so reads, SQLite's
// memory-mapped SHM and its locks behave as on a disk. Each fsync copies the
// byte ranges written (and the truncations made) since the file's last
// fsync into a second folder, the synced state. Cut unmounts and replaces the
// live folder with the synced one: what was fsynced survives, nothing else.
// Creating, renaming and removing files count as durable at once (as a
// journaling filesystem makes them within seconds); only file contents wait
// for fsync, which is what a database's promise rests on.
//
// The kernel keeps file locks itself (the filesystem does not take them), so
// they hold between the processes of one machine, as on a local disk.
package powercut

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// FS is one mount of the layer.
type FS struct {
	// Dir is where the filesystem is mounted: run the program under test there.
	Dir string

	live, synced string
	fsyncDelay   time.Duration
	server       *fuse.Server

	mu      sync.Mutex
	pending map[*gofs.Inode][]change // written since the file's last fsync
}

// change is one write (n bytes at off) or truncation (to off) not yet synced.
type change struct {
	off, n   int64
	truncate bool
}

// Mount mounts the layer over work/live (made if missing) on work/mnt. The
// synced state starts as the live folder is now. Each fsync takes at least
// fsyncDelay, as a real disk's does (0 for as fast as the machine's). It
// must run as root, in a private mount namespace (see Reexec).
func Mount(work string, fsyncDelay time.Duration) (*FS, error) {
	f := &FS{Dir: filepath.Join(work, "mnt"), live: filepath.Join(work, "live"), synced: filepath.Join(work, "synced"),
		fsyncDelay: fsyncDelay, pending: map[*gofs.Inode][]change{}}
	for _, dir := range []string{f.Dir, f.live} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	if err := os.RemoveAll(f.synced); err != nil {
		return nil, err
	}
	if err := copyTree(f.live, f.synced); err != nil {
		return nil, err
	}
	var st syscall.Stat_t
	if err := syscall.Stat(f.live, &st); err != nil {
		return nil, err
	}
	root := &gofs.LoopbackRoot{Path: f.live, Dev: uint64(st.Dev)}
	root.NewNode = func(r *gofs.LoopbackRoot, _ *gofs.Inode, _ string, _ *syscall.Stat_t) gofs.InodeEmbedder {
		return &node{LoopbackNode: gofs.LoopbackNode{RootData: r}, fs: f}
	}
	root.RootNode = root.NewNode(root, nil, "", &st)
	server, err := gofs.Mount(f.Dir, root.RootNode, &gofs.Options{MountOptions: fuse.MountOptions{
		DirectMountStrict: true, FsName: "powercut", Name: "powercut", AllowOther: true,
	}})
	if err != nil {
		return nil, fmt.Errorf("mount the power-cut layer on %s: %w", f.Dir, err)
	}
	f.server = server
	return f, nil
}

// Live is the folder holding the files as written; after Cut, as synced.
func (f *FS) Live() string { return f.live }

// Cut loses every write not fsynced: it unmounts (lazily, should a process
// still hold a file) and puts the synced state in place of the live one.
// Stop the processes using the layer first, as a power cut would.
func (f *FS) Cut() error {
	f.unmount()
	if err := os.RemoveAll(f.live); err != nil {
		return err
	}
	return os.Rename(f.synced, f.live)
}

// Unmount unmounts and keeps the live folder as written.
func (f *FS) Unmount() { f.unmount() }

func (f *FS) unmount() {
	if err := f.server.Unmount(); err != nil {
		syscall.Unmount(f.Dir, syscall.MNT_DETACH)
	}
	f.server.Wait()
}

func (f *FS) record(ino *gofs.Inode, c change) {
	f.mu.Lock()
	f.pending[ino] = append(f.pending[ino], c)
	f.mu.Unlock()
}

// sync copies what was written to the file at rel since its last fsync
// into the synced state.
func (f *FS) sync(ino *gofs.Inode, rel string) error {
	f.mu.Lock()
	changes := f.pending[ino]
	delete(f.pending, ino)
	f.mu.Unlock()
	src, err := os.Open(filepath.Join(f.live, rel))
	if err != nil {
		return err
	}
	defer src.Close()
	info, err := src.Stat()
	if err != nil {
		return err
	}
	dst, err := os.OpenFile(filepath.Join(f.synced, rel), os.O_RDWR|os.O_CREATE, info.Mode().Perm())
	if err != nil {
		return err
	}
	defer dst.Close()
	for _, c := range changes {
		if c.truncate {
			if err := dst.Truncate(c.off); err != nil {
				return err
			}
			continue
		}
		// The bytes as they are now: any later write was before this fsync too.
		buf := make([]byte, c.n)
		got, err := src.ReadAt(buf, c.off)
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if _, err := dst.WriteAt(buf[:got], c.off); err != nil {
			return err
		}
	}
	return nil
}

// node is a loopback node whose writes wait for fsync to be durable.
type node struct {
	gofs.LoopbackNode
	fs *FS
}

var (
	_ gofs.NodeWritever  = (*node)(nil)
	_ gofs.NodeFsyncer   = (*node)(nil)
	_ gofs.NodeSetattrer = (*node)(nil)
	_ gofs.NodeUnlinker  = (*node)(nil)
	_ gofs.NodeRenamer   = (*node)(nil)
	_ gofs.NodeOpener    = (*node)(nil)
	_ gofs.NodeCreater   = (*node)(nil)
)

func (n *node) rel(name string) string {
	return filepath.Join(n.EmbeddedInode().Path(nil), name)
}

// file is a loopback file that the kernel may not bypass: with FUSE
// passthrough, writes would go to the live file unseen.
type file struct{ *gofs.LoopbackFile }

func (file) PassthroughFd() (int, bool) { return 0, false }

func (n *node) Open(ctx context.Context, flags uint32) (gofs.FileHandle, uint32, syscall.Errno) {
	fh, fuseFlags, errno := n.LoopbackNode.Open(ctx, flags)
	if errno != 0 {
		return nil, 0, errno
	}
	if flags&syscall.O_TRUNC != 0 {
		n.fs.record(n.EmbeddedInode(), change{truncate: true})
	}
	return file{fh.(*gofs.LoopbackFile)}, fuseFlags, 0
}

func (n *node) Create(ctx context.Context, name string, flags, mode uint32, out *fuse.EntryOut) (*gofs.Inode, gofs.FileHandle, uint32, syscall.Errno) {
	ino, fh, fuseFlags, errno := n.LoopbackNode.Create(ctx, name, flags, mode, out)
	if errno != 0 {
		return nil, nil, 0, errno
	}
	return ino, file{fh.(*gofs.LoopbackFile)}, fuseFlags, 0
}

func (n *node) Writev(ctx context.Context, fh gofs.FileHandle, data [][]byte, off int64) (uint32, syscall.Errno) {
	buf := data[0]
	if len(data) > 1 {
		buf = nil
		for _, d := range data {
			buf = append(buf, d...)
		}
	}
	w, errno := fh.(gofs.FileWriter).Write(ctx, buf, off)
	if w > 0 {
		n.fs.record(n.EmbeddedInode(), change{off: off, n: int64(w)})
	}
	return w, errno
}

func (n *node) Fsync(ctx context.Context, fh gofs.FileHandle, flags uint32) syscall.Errno {
	if n.EmbeddedInode().IsDir() {
		return 0 // entries are durable at once in this model
	}
	time.Sleep(n.fs.fsyncDelay) // the disk's latency, simulated
	if err := n.fs.sync(n.EmbeddedInode(), n.rel("")); err != nil {
		return gofs.ToErrno(err)
	}
	return 0
}

func (n *node) Setattr(ctx context.Context, fh gofs.FileHandle, in *fuse.SetAttrIn, out *fuse.AttrOut) syscall.Errno {
	if errno := n.LoopbackNode.Setattr(ctx, fh, in, out); errno != 0 {
		return errno
	}
	if size, ok := in.GetSize(); ok {
		n.fs.record(n.EmbeddedInode(), change{off: int64(size), truncate: true})
	}
	return 0
}

func (n *node) Unlink(ctx context.Context, name string) syscall.Errno {
	if errno := n.LoopbackNode.Unlink(ctx, name); errno != 0 {
		return errno
	}
	if child := n.EmbeddedInode().GetChild(name); child != nil {
		n.fs.mu.Lock()
		delete(n.fs.pending, child)
		n.fs.mu.Unlock()
	}
	if err := os.Remove(filepath.Join(n.fs.synced, n.rel(name))); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return gofs.ToErrno(err)
	}
	return 0
}

func (n *node) Rename(ctx context.Context, name string, newParent gofs.InodeEmbedder, newName string, flags uint32) syscall.Errno {
	if errno := n.LoopbackNode.Rename(ctx, name, newParent, newName, flags); errno != 0 {
		return errno
	}
	from := filepath.Join(n.fs.synced, n.rel(name))
	to := filepath.Join(n.fs.synced, newParent.EmbeddedInode().Path(nil), newName)
	if err := os.Rename(from, to); errors.Is(err, fs.ErrNotExist) {
		os.Remove(to) // the new name holds what was never synced
	} else if err != nil {
		return gofs.ToErrno(err)
	}
	return 0
}

func (n *node) Mkdir(ctx context.Context, name string, mode uint32, out *fuse.EntryOut) (*gofs.Inode, syscall.Errno) {
	ino, errno := n.LoopbackNode.Mkdir(ctx, name, mode, out)
	if errno == 0 {
		if err := os.Mkdir(filepath.Join(n.fs.synced, n.rel(name)), os.FileMode(mode&0o7777)); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, gofs.ToErrno(err)
		}
	}
	return ino, errno
}

// copyTree copies the folder src to a new folder dst, files and folders.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(target, info.Mode().Perm())
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, info.Mode().Perm())
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}
