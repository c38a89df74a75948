package data

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
)

// The maintenance commands on a cluster: a backup is rqlite's own copy of
// its SQLite database, which `sshblog check` accepts as any other; a load
// moves a single-node blog (an `sshblog backup` file) into a new cluster.

// BackupRqlite writes a consistent copy of the cluster's database, as an
// SQLite file, to dest, never overwriting it: rqlite's /db/backup, vacuumed.
func BackupRqlite(ctx context.Context, cfg RqliteConfig, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("%s already exists; choose a new file for the backup", dest)
	}
	e, err := newRqliteEngine(cfg)
	if err != nil {
		return err
	}
	defer e.close()
	partial := dest + ".partial"
	os.Remove(partial)
	if err := createPrivate(partial); err != nil {
		return fmt.Errorf("back up %s: %w", cfg, err)
	}
	err = e.download(ctx, "/db/backup?vacuum", partial)
	if err == nil {
		err = os.Rename(partial, dest)
	}
	if err != nil {
		os.Remove(partial)
		return fmt.Errorf("back up %s: %w", cfg, err)
	}
	return nil
}

// download saves what GET path gives to the file at path.
func (e *rqliteEngine) download(ctx context.Context, path, file string) error {
	var lastErr error
	for i := range e.base {
		n := (int(e.node.Load()) + i) % len(e.base)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.base[n]+path, nil)
		if err != nil {
			return err
		}
		if e.cfg.User != "" {
			req.SetBasicAuth(e.cfg.User, e.cfg.Password)
		}
		resp, err := e.client.Do(req)
		if err != nil {
			lastErr = err
			continue
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
			return fmt.Errorf("rqlite at %s: %s: %s", e.cfg.Addrs[n], resp.Status, bytes.TrimSpace(msg))
		}
		f, err := os.OpenFile(file, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, resp.Body)
		return errors.Join(err, f.Sync(), f.Close())
	}
	return fmt.Errorf("%w: %w", errUnreachable, lastErr)
}

// CheckRqlite runs SQLite's integrity and foreign key checks on the cluster's
// database, on the node in use, and returns what they found wrong.
func CheckRqlite(ctx context.Context, cfg RqliteConfig) (problems []string, err error) {
	e, err := newRqliteEngine(cfg)
	if err != nil {
		return nil, err
	}
	defer e.close()
	for _, q := range []string{`PRAGMA integrity_check`, `SELECT "table", rowid, parent FROM pragma_foreign_key_check`} {
		r, err := e.query(ctx, q, nil)
		if err != nil {
			return nil, fmt.Errorf("check %s: %w", cfg, err)
		}
		rows, err := r.values()
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			if len(row) == 1 && row[0] == "ok" {
				continue
			}
			problems = append(problems, fmt.Sprint(row...))
		}
	}
	return problems, nil
}

// LoadRqlite replaces the database of a new cluster with the SQLite file at
// path (an `sshblog backup`), then applies the migrations it lacks. A
// cluster that already holds comments or readers is refused: loading would
// throw them away.
func LoadRqlite(ctx context.Context, cfg RqliteConfig, path string) error {
	if problems, err := Check(ctx, path); err != nil || len(problems) > 0 {
		return errOr(err, fmt.Errorf("%s failed its integrity check (%s); it is not loaded", path, problems[0]))
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	e, err := newRqliteEngine(cfg)
	if err != nil {
		return err
	}
	defer e.close()
	r, err := e.query(ctx, `SELECT (SELECT COUNT(*) FROM sqlite_master WHERE name = 'comments')
		AND (EXISTS (SELECT 1 FROM comments) OR EXISTS (SELECT 1 FROM identities))`, nil)
	if err != nil && !isNoSuchTable(err) {
		return fmt.Errorf("load into %s: %w", cfg, err)
	}
	if err == nil {
		if rows, _ := r.values(); len(rows) == 1 && rows[0][0] == int64(1) {
			return fmt.Errorf("%s already holds comments or readers; load a blog only into a new cluster", cfg)
		}
	}
	var resp rqliteResponse
	if err := e.postBinary(ctx, "/db/load", src, &resp); err != nil {
		return fmt.Errorf("load %s into %s: %w", path, cfg, err)
	}
	if resp.Error != "" {
		return fmt.Errorf("load %s into %s: %s", path, cfg, resp.Error)
	}
	s, err := OpenRqlite(ctx, cfg)
	if err != nil {
		return err
	}
	return s.Close()
}

func isNoSuchTable(err error) bool { return strings.Contains(err.Error(), "no such table") }
