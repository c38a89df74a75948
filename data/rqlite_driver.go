package data

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
)

// The store's reads are written for database/sql; on rqlite they run through
// this small driver, one /db/query request per query, so that the same read
// code serves both engines. It only reads: writes go through atomic.

var errReadOnlyDriver = errors.New("the rqlite read pool takes only queries; writes go through one atomic request")

type rqliteConnector struct{ e *rqliteEngine }

func (c rqliteConnector) Connect(context.Context) (driver.Conn, error) { return rqliteConn(c), nil }
func (c rqliteConnector) Driver() driver.Driver                        { return rqliteDriver{} }

type rqliteDriver struct{}

func (rqliteDriver) Open(string) (driver.Conn, error) { return nil, errReadOnlyDriver }

type rqliteConn struct{ e *rqliteEngine }

func (c rqliteConn) Prepare(q string) (driver.Stmt, error) { return rqliteStmt{c.e, q}, nil }
func (rqliteConn) Close() error                            { return nil }
func (rqliteConn) Begin() (driver.Tx, error)               { return nil, errReadOnlyDriver }

func (c rqliteConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	values := make([]any, len(args))
	for i, a := range args {
		values[i] = a.Value
	}
	r, err := c.e.query(ctx, q, values)
	if err != nil {
		return nil, err
	}
	rows, err := r.values()
	if err != nil {
		return nil, err
	}
	return &rqliteRows{columns: r.Columns, rows: rows}, nil
}

type rqliteStmt struct {
	e *rqliteEngine
	q string
}

func (rqliteStmt) Close() error  { return nil }
func (rqliteStmt) NumInput() int { return -1 }
func (rqliteStmt) Exec([]driver.Value) (driver.Result, error) {
	return nil, errReadOnlyDriver
}
func (s rqliteStmt) Query(args []driver.Value) (driver.Rows, error) {
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return rqliteConn{s.e}.QueryContext(context.Background(), s.q, named)
}

type rqliteRows struct {
	columns []string
	rows    [][]any
}

func (r *rqliteRows) Columns() []string { return r.columns }
func (r *rqliteRows) Close() error      { return nil }
func (r *rqliteRows) Next(dest []driver.Value) error {
	if len(r.rows) == 0 {
		return io.EOF
	}
	for i, v := range r.rows[0] {
		dest[i] = v
	}
	r.rows = r.rows[1:]
	return nil
}
