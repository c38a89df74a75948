package data

import (
	"context"
	"database/sql"
	"sync"
)

// sqliteEngine runs atomic writes on the one writer connection, committing
// those that arrive together in one transaction, so that they share one
// fsync (group commit, groupcommit.go). It skips the change log: one
// process tells its own sessions, and nothing reads the log of a single
// node.
type sqliteEngine struct {
	write *sql.DB
	disk  *diskState // told of every write's outcome

	mu      sync.Mutex
	pending []*request // writes waiting for the next commit
	leading bool       // a caller is committing a batch
}

func (e *sqliteEngine) close() error { return e.write.Close() }

// run runs one request's statements in tx. They run on no caller's
// context: a request that has started is finished, whoever disconnects.
func run(tx *sql.Tx, stmts []stmt) ([]result, error) {
	ctx := context.Background()
	results := make([]result, len(stmts))
	for i, st := range stmts {
		if st.feed {
			continue
		}
		args := make([]any, len(st.params))
		for j, p := range st.params {
			args[j] = sql.Named(p, st.args[p])
		}
		if !st.rows {
			if _, err := tx.ExecContext(ctx, st.sql, args...); err != nil {
				return nil, err
			}
			continue
		}
		rows, err := tx.QueryContext(ctx, st.sql, args...)
		if err != nil {
			return nil, err
		}
		results[i].rows, err = collect(rows)
		if err != nil {
			return nil, err
		}
	}
	return results, nil
}

// collect reads every row of rows as SQLite typed its values.
func collect(rows *sql.Rows) ([][]any, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var all [][]any
	for rows.Next() {
		values := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		all = append(all, values)
	}
	return all, rows.Err()
}
