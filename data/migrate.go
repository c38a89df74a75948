package data

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// compatibleMark opens the first line of a migration that nodes without it
// may run beside: it only adds (a column with a default, a table, an index)
// what older code neither reads nor is hindered by. A cluster takes such a
// migration in a rolling upgrade, one node at a time. Any other migration
// means "stop all nodes, upgrade all, start them": an older node refuses a
// database that has a migration it does not know unless it is marked so.
const compatibleMark = "-- compatible:"

type migration struct {
	version    int
	name       string
	sql        string
	compatible bool
}

// migrations are the embedded migrations in order. Files are named
// NNNN_what.sql; NNNN is the version.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var list []migration
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", base)
		}
		src, err := migrationFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		list = append(list, migration{version, base, string(src), strings.HasPrefix(string(src), compatibleMark)})
	}
	return list, nil
}

// migrate applies, in order and each in its own atomic request, the embedded
// migrations not yet recorded in schema_migrations, after refusing a
// database that a newer sshblog changed in a way this one cannot run on.
//
// Several nodes may start at once on one cluster: each migration's request
// records its version first, so of two nodes applying the same migration
// one fails on the version's key, which rolls its request back whole, and
// it finds the migration applied when it looks again.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.eng.atomic(ctx, statements(stmt{sql: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at INTEGER NOT NULL)`})); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	list, err := migrations()
	if err != nil {
		return err
	}
	for _, m := range list {
		for attempt := 0; ; attempt++ {
			applied, err := s.applied(ctx, list)
			if err != nil {
				return err
			}
			if applied[m.version] {
				break
			}
			err = s.apply(ctx, m)
			if err == nil {
				break
			}
			if attempt > 0 || !strings.Contains(err.Error(), "schema_migrations.version") {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			// Another node applied it just now: look again.
		}
	}
	return nil
}

// applied is the set of versions the database has, after checking that any
// this binary does not know are marked compatible.
func (s *Store) applied(ctx context.Context, known []migration) (map[int]bool, error) {
	res, err := s.eng.atomic(ctx, statements(stmt{sql: `SELECT version, name FROM schema_migrations`, rows: true}))
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	have := map[int]bool{}
	for _, row := range res[0].rows {
		v, _ := row[0].(int64)
		have[int(v)] = true
	}
	last := known[len(known)-1].version
	for v := range have {
		if v > last {
			if err := s.refuseNewer(ctx, last); err != nil {
				return nil, err
			}
			break
		}
	}
	return have, nil
}

// refuseNewer is nil when every migration past last is marked compatible,
// else the one line that says why this binary will not open the database.
// The compatible column came with 0012, which every newer binary has.
func (s *Store) refuseNewer(ctx context.Context, last int) error {
	res, err := s.eng.atomic(ctx, withArgs(statements(stmt{sql: `SELECT name FROM schema_migrations
		WHERE version > :last AND compatible = 0 ORDER BY version LIMIT 1`, rows: true}), map[string]any{"last": last}))
	if err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	if len(res[0].rows) == 0 {
		return nil
	}
	var name string
	if err := res[0].row().Scan(&name); err != nil {
		return err
	}
	return fmt.Errorf("the database was upgraded by a newer sshblog (migration %s), which this one cannot run on; upgrade this sshblog (stop all nodes, upgrade all); the database is left as it is", name)
}

// apply runs m in one request that records its version first.
func (s *Store) apply(ctx context.Context, m migration) error {
	stmts := statements(
		stmt{sql: `INSERT INTO schema_migrations (version, name, applied_at) VALUES (:version, :name, :at)`},
		stmt{sql: `UPDATE schema_migrations SET compatible = 1 WHERE version = :version`})
	stmts = withArgs(stmts, map[string]any{"version": m.version, "name": m.name, "at": s.Now().Unix()})
	// The migration's own text has no parameters (its comments may hold
	// colons).
	body := []stmt{stmts[0], {sql: m.sql}}
	if m.compatible {
		body = append(body, stmts[1])
	}
	_, err := s.eng.atomic(ctx, body)
	return err
}
