package data

import (
	"context"
	"fmt"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// SaveUpload keeps the file that published a post, in place of the post's
// earlier upload and of any other post's upload under the same name.
func (s *Store) SaveUpload(ctx context.Context, u posts.Upload) error {
	_, err := s.eng.atomic(ctx, withArgs(saveUpload, map[string]any{
		"slug": u.Slug, "name": u.Name, "revision": u.Revision, "src": u.Src, "mod": u.ModTime.Unix()}))
	if err != nil {
		return fmt.Errorf("save upload %s: %w", u.Name, err)
	}
	return nil
}

var saveUpload = statements(
	stmt{sql: `DELETE FROM uploads WHERE name = :name AND slug <> :slug`},
	stmt{sql: `INSERT INTO uploads (slug, name, revision, src, mod_time) VALUES (:slug, :name, :revision, :src, :mod)
		ON CONFLICT (slug) DO UPDATE SET name = excluded.name, revision = excluded.revision,
			src = excluded.src, mod_time = excluded.mod_time`},
)

// Uploads lists the uploads kept, without their bytes.
func (s *Store) Uploads(ctx context.Context) ([]posts.Upload, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT slug, name, revision, length(src), mod_time FROM uploads ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list uploads: %w", err)
	}
	defer rows.Close()
	var list []posts.Upload
	for rows.Next() {
		var u posts.Upload
		var mod int64
		if err := rows.Scan(&u.Slug, &u.Name, &u.Revision, &u.Size, &mod); err != nil {
			return nil, fmt.Errorf("list uploads: %w", err)
		}
		u.ModTime = time.Unix(mod, 0).UTC()
		list = append(list, u)
	}
	return list, rows.Err()
}

// SetUploadTime sets the modification time of the upload named name, as an
// SFTP client does after writing a file; found is false when none has it.
func (s *Store) SetUploadTime(ctx context.Context, name string, mod time.Time) (found bool, err error) {
	res, err := s.eng.atomic(ctx, withArgs(statements(
		stmt{sql: `UPDATE uploads SET mod_time = :mod WHERE name = :name`},
		stmt{sql: `SELECT EXISTS (SELECT 1 FROM uploads WHERE name = :name)`, rows: true},
	), map[string]any{"mod": mod.Unix(), "name": name}))
	if err != nil {
		return false, fmt.Errorf("set time of upload %s: %w", name, err)
	}
	err = res[1].row().Scan(&found)
	return found, err
}
