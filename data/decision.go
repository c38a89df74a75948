package data

import (
	"context"
	"database/sql"
)

// A write with several statements that must all go or all stay decides
// once, first, in a temporary table: a later statement would see what an
// earlier one wrote (an edit counted against the edit limit it was checked
// under). The statements then each carry `AND `+decided, and the request's
// last statements read why nothing was written, if nothing was.

// decide opens a request: verdict is an SQL expression that is NULL when
// the write may go, else a word saying why not.
func decide(verdict string) []stmt {
	return statements(
		stmt{sql: `CREATE TEMP TABLE IF NOT EXISTS decision (one INTEGER PRIMARY KEY CHECK (one = 1), why TEXT)`},
		stmt{sql: `REPLACE INTO temp.decision (one, why) SELECT 1, ` + verdict},
	)
}

// decided holds when the request's verdict let the write go.
const decided = `(SELECT why FROM temp.decision) IS NULL`

// verdict is the statement that reads the decision; its result's first
// column is the why, NULL when the write went.
var verdict = stmt{sql: `SELECT why FROM temp.decision`, rows: true}

// decideOnce opens a request that may be sent again after an unclear
// failure and that leaves nothing to show it was made (a row deleted, an
// attempt counted): its verdict is 'again' when the request of submission
// :sub was made already, which lets no write go. It ends with answered.
func decideOnce(verdict string) []stmt {
	return decide(`CASE WHEN EXISTS (SELECT 1 FROM answers WHERE submission = :sub) THEN 'again' ELSE ` + verdict + ` END`)
}

// keepAnswer keeps the verdict of a request decideOnce opened under :sub,
// the first time it runs.
var keepAnswer = stmt{sql: `INSERT INTO answers (submission, why, at)
	SELECT :sub, why, :now FROM temp.decision WHERE why IS NOT 'again'`}

// answered ends a request decideOnce opened: it keeps the verdict and reads
// it back, so that the request answers the same however often it is sent.
// Its last result's first column is the why.
var answered = statements(keepAnswer, stmt{sql: `SELECT why FROM answers WHERE submission = :sub`, rows: true})

// verdictOf runs stmts with args in one request and is the why its last
// statement read (verdict or answered): NULL when the write went.
func (s *Store) verdictOf(ctx context.Context, stmts []stmt, args map[string]any) (sql.NullString, error) {
	var why sql.NullString
	res, err := s.eng.atomic(ctx, withArgs(stmts, args))
	if err != nil {
		return why, err
	}
	return why, res[len(res)-1].row().Scan(&why)
}
