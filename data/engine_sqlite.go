package data

import (
	"context"
	"database/sql"
)

// sqliteEngine runs atomic writes as one immediate transaction on the one
// writer connection. It skips the change log: one process tells its own
// sessions, and nothing reads the log of a single node.
type sqliteEngine struct{ write *sql.DB }

func (e sqliteEngine) atomic(ctx context.Context, stmts []stmt) ([]result, error) {
	results := make([]result, len(stmts))
	err := inTx(ctx, e.write, func(tx *sql.Tx) error {
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
					return err
				}
				continue
			}
			rows, err := tx.QueryContext(ctx, st.sql, args...)
			if err != nil {
				return err
			}
			results[i].rows, err = collect(rows)
			if err != nil {
				return err
			}
		}
		return nil
	})
	return results, err
}

func (e sqliteEngine) close() error { return e.write.Close() }

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
