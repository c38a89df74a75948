package data

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
)

// engine is where the store's SQL runs: SQLite in this process (the default)
// or an rqlite cluster over HTTP. Reads go through the Store's read pool,
// which either engine provides as a *sql.DB; writes go through atomic, so
// that each write is one request whose conditions live in its statements.
type engine interface {
	// atomic runs stmts in one transaction: all take effect or none. Each
	// statement that selects rows (a SELECT) has them in its result; later
	// statements see what earlier ones wrote.
	atomic(ctx context.Context, stmts []stmt) ([]result, error)
	close() error
}

// stmt is one SQL statement with named parameters (:name in the text).
type stmt struct {
	sql    string
	rows   bool           // it selects rows, which its result carries
	feed   bool           // it writes the change log, which only a cluster's feeds read
	params []string       // the names of its parameters, found by statements
	args   map[string]any // their values, among other statements', set by withArgs
}

var paramName = regexp.MustCompile(`:([a-z][a-z0-9_]*)`)

// statements readies stmts to be run with withArgs: each learns its
// parameters' names once, as the drivers want exactly those.
func statements(stmts ...stmt) []stmt {
	for i := range stmts {
		seen := map[string]bool{}
		for _, m := range paramName.FindAllStringSubmatch(stmts[i].sql, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				stmts[i].params = append(stmts[i].params, m[1])
			}
		}
	}
	return stmts
}

// withArgs is stmts each with args, which must hold a value for each of
// their parameters (the engines pass on only those).
func withArgs(stmts []stmt, args map[string]any) []stmt {
	out := make([]stmt, len(stmts))
	for i, st := range stmts {
		for _, p := range st.params {
			if _, ok := args[p]; !ok {
				panic(fmt.Sprintf("statement %d has no value for :%s", i, p))
			}
		}
		st.args = args
		out[i] = st
	}
	return out
}

// queryRow runs st, a read, on the read pool with args. Its named
// parameters go by position, which both engines take: SQLite numbers them
// in the order they first appear, st.params's order.
func (s *Store) queryRow(ctx context.Context, st stmt, args map[string]any) *sql.Row {
	values := make([]any, len(st.params))
	for i, p := range st.params {
		values[i] = args[p]
	}
	return s.read.QueryRowContext(ctx, st.sql, values...)
}

// result is what one statement gave: its rows, as SQLite typed each value
// (int64, float64, string, []byte or nil).
type result struct{ rows [][]any }

// row is the first row of r, as a scanner; sql.ErrNoRows when there is none.
func (r result) row() valuesRow {
	if len(r.rows) == 0 {
		return valuesRow{err: sql.ErrNoRows}
	}
	return valuesRow{values: r.rows[0]}
}

// valuesRow scans one row of a result, as *sql.Row does for a query.
type valuesRow struct {
	values []any
	err    error
}

func (r valuesRow) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	if len(dest) != len(r.values) {
		return fmt.Errorf("scan: %d values into %d destinations", len(r.values), len(dest))
	}
	for i, d := range dest {
		if err := assign(d, r.values[i]); err != nil {
			return fmt.Errorf("scan column %d: %w", i, err)
		}
	}
	return nil
}

// assign stores v in dest for the destination types the store scans into.
func assign(dest, v any) error {
	switch d := dest.(type) {
	case *int64:
		n, ok := v.(int64)
		if !ok {
			return fmt.Errorf("%T is not an integer", v)
		}
		*d = n
	case *int:
		n, ok := v.(int64)
		if !ok {
			return fmt.Errorf("%T is not an integer", v)
		}
		*d = int(n)
	case *bool:
		n, ok := v.(int64)
		if !ok {
			return fmt.Errorf("%T is not a boolean", v)
		}
		*d = n != 0
	case *string:
		switch s := v.(type) {
		case string:
			*d = s
		case []byte:
			*d = string(s)
		default:
			return fmt.Errorf("%T is not text", v)
		}
	case *sql.NullString:
		d.Valid = v != nil
		if d.Valid {
			return assign(&d.String, v)
		}
		d.String = ""
	case *sql.NullInt64:
		d.Valid = v != nil
		if d.Valid {
			return assign(&d.Int64, v)
		}
		d.Int64 = 0
	default:
		return fmt.Errorf("cannot scan into %T", dest)
	}
	return nil
}
