package data

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"strings"

	"github.com/sshblog/sshblog/posts"
)

// sqliteHeader starts every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// restoreHint is what to do with a database that cannot be used.
const restoreHint = "nothing was changed; put a backup in its place with sshblog restore FILE, or move it away to start an empty blog"

// Inspect makes sure the database at path, if there is one, can be used
// before the server opens it: readable by this user, an SQLite database,
// and whole (SQLite's quick check, which reads every page). It writes
// nothing, so a damaged file stays as it was for its owner to look at.
func Inspect(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // a new blog
	}
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("%s cannot be read by uid %d: give it to the user sshblog runs as (chown %d %s)", path, os.Getuid(), os.Getuid(), path)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, posts.UnwrapPath(err))
	}
	header := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(f, header)
	f.Close()
	switch {
	case n == 0:
		return nil // made but never written: Open makes it a database
	case err != nil || !bytes.Equal(header, sqliteHeader):
		return fmt.Errorf("%s is not an SQLite database; %s", path, restoreHint)
	}
	params := url.Values{"mode": {"ro"}, "_busy_timeout": {fmt.Sprint(busyTimeoutMS)}}
	if _, err := os.Stat(path + "-wal"); errors.Is(err, fs.ErrNotExist) {
		// Nothing waits in a WAL: read the file as it is, making no WAL or SHM beside it.
		params.Set("immutable", "1")
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?"+params.Encode())
	if err != nil {
		return err
	}
	defer db.Close()
	var verdict string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check(1)`).Scan(&verdict); err != nil {
		return fmt.Errorf("%s is damaged (%v); %s", path, err, restoreHint)
	}
	if verdict != "ok" {
		verdict = strings.ReplaceAll(strings.TrimSpace(strings.TrimPrefix(verdict, "*** in database main ***")), "\n", "; ")
		return fmt.Errorf("%s is damaged (%s; sshblog check lists every problem); %s", path, verdict, restoreHint)
	}
	return nil
}
