package data

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// overWindow is true when the rows recent selects (their times as "at")
// fill the limit whose parameters are :P_n (0: no limit) and :P_since.
func overWindow(recent, p string) string {
	return `(:` + p + `_n > 0 AND (SELECT COUNT(*) FROM (` + recent + ` AND at > :` + p + `_since LIMIT :` + p + `_n)) >= :` + p + `_n)`
}

// oldestInWindow is the time of the oldest of the rows that fill the limit:
// when it leaves the window, one more is allowed.
func oldestInWindow(recent, p string) string {
	return `(SELECT MIN(at) FROM (` + recent + ` AND at > :` + p + `_since ORDER BY at DESC LIMIT :` + p + `_n))`
}

// What the limits count, by named parameter: the key's comments, the
// address's comments, the identities made from the address.
const (
	keyComments     = `SELECT created_at AS at FROM comments WHERE author = :fp`
	addressComments = `SELECT created_at AS at FROM comments WHERE source = :src`
	addressKeys     = `SELECT created_at AS at FROM identities WHERE source = :src`
	unknownAuthor   = `NOT EXISTS (SELECT 1 FROM identities WHERE fingerprint = :fp)`
	// A blog without bans skips the look-ups.
	inBannedRange = `EXISTS (SELECT 1 FROM banned_ranges) AND EXISTS (SELECT 1 FROM banned_ranges WHERE prefix IN (SELECT value FROM json_each(:ranges)))`
	submitted     = `EXISTS (SELECT 1 FROM comments WHERE submission = :sub)`
)

// commentChecks are which of AddComment's checks can refuse a comment: a
// limit turned off, a top-level comment, an unknown address cannot fail
// theirs, which are then left out of its request (SQLite evaluates a
// subquery even where it cannot change the answer).
type commentChecks uint8

const (
	checkRange    commentChecks = 1 << iota // the address is known
	checkNewKeys                            // and it may bring so many new keys
	checkAddrRate                           // and it may post so many comments
	checkKeyRate                            // the key may post so many comments
	checkParent                             // a reply
	allCommentChecks
)

func checksFor(nc posts.NewComment) commentChecks {
	var c commentChecks
	if nc.From.Addr.IsValid() {
		c |= checkRange
		if nc.From.NewIdentities.Count > 0 {
			c |= checkNewKeys
		}
		if nc.From.Comments.Count > 0 {
			c |= checkAddrRate
		}
	}
	if nc.RateLimit.Count > 0 {
		c |= checkKeyRate
	}
	if nc.ParentID != 0 {
		c |= checkParent
	}
	return c
}

// verdict is why a comment may not be posted now, or NULL when it may:
// AddComment's checks in c, in the order a reader is told of them.
func (c commentChecks) verdict() string {
	v := `CASE`
	when := func(check commentChecks, cond, why string) {
		if check == 0 || c&check != 0 {
			v += "\n\tWHEN " + cond + " THEN '" + why + "'"
		}
	}
	when(checkRange, inBannedRange, "range")
	when(0, authorBanned, "banned")
	when(0, unknownAuthor+` AND :name = ''`, "noname")
	when(checkNewKeys, unknownAuthor+` AND `+overWindow(addressKeys, "nid"), "newids")
	when(0, unknownAuthor+` AND EXISTS (SELECT 1 FROM identities WHERE name = :name)`, "name")
	when(0, `NOT EXISTS (SELECT 1 FROM posts p WHERE p.slug = :slug AND `+publishedPostAt+`:now)`, "post")
	when(checkParent, `NOT EXISTS (SELECT 1 FROM comments c JOIN posts p ON p.id = c.post_id
		WHERE c.id = :parent AND p.slug = :slug)`, "parent")
	when(checkParent, `EXISTS (SELECT 1 FROM comments WHERE id = :parent
		AND (deleted_at IS NOT NULL OR hidden_at IS NOT NULL))`, "gone")
	when(checkKeyRate, overWindow(keyComments, "key"), "rate")
	when(checkAddrRate, overWindow(addressComments, "addr"), "addr")
	return v + "\nEND"
}

// oldest is, for a rate verdict, the time of the oldest comment or key in
// its full window.
func (c commentChecks) oldest() string {
	v := `CASE why WHEN 'done' THEN NULL`
	for _, w := range []struct {
		check       commentChecks
		why, recent string
		p           string
	}{{checkKeyRate, "rate", keyComments, "key"}, {checkAddrRate, "addr", addressComments, "addr"}, {checkNewKeys, "newids", addressKeys, "nid"}} {
		if c&w.check != 0 {
			v += ` WHEN '` + w.why + `' THEN ` + oldestInWindow(w.recent, w.p)
		}
	}
	return v + ` END`
}

// addCommentRequests are AddComment's requests, one for each set of checks,
// made when first needed.
var addCommentRequests [allCommentChecks]struct {
	once  sync.Once
	stmts []stmt
}

// addCommentStmts are AddComment's one request. It decides first, once,
// whether the comment may be posted ('done' when this submission already
// was), so nothing is written unless it may, and nothing twice for one
// submission; its last two statements say what happened: the decision, with
// the oldest time in the full window of a rate verdict, and the comment.
func addCommentStmts(c commentChecks) []stmt {
	r := &addCommentRequests[c]
	r.once.Do(func() {
		r.stmts = append(decide(`CASE WHEN `+submitted+` THEN 'done' ELSE `+c.verdict()+` END`), statements(
			stmt{sql: `INSERT INTO identities (fingerprint, name, public_key, created_at, source)
				SELECT :fp, :name, :pk, :now, :src WHERE ` + decided + ` AND ` + unknownAuthor},
			stmt{sql: `INSERT INTO comments (post_id, parent_id, author, body, created_at, source, submission)
				SELECT p.id, (SELECT coalesce(parent_id, id) FROM comments WHERE id = :parent), :fp, :body, :now, :src, :sub
				FROM posts p WHERE p.slug = :slug AND ` + decided},
			logCommentChange,
			stmt{sql: `SELECT why, ` + c.oldest() + ` FROM temp.decision`, rows: true},
			stmt{sql: `SELECT ` + commentColumns + commentJoins + ` WHERE c.submission = :sub`, rows: true},
		)...)
	})
	return r.stmts
}

// logCommentChange records, for the other nodes' feeds, that the comment of
// submission :sub was added.
var logCommentChange = logComments(`c.submission = :sub`)

// AddComment stores a comment in one atomic request whose statements check
// the author may comment: not banned, nor from a banned range, within the
// rate limits of the key and of the address, and known or registered now
// under Author.Name. Replies to a reply join its thread. The request carries
// a new submission key, so sending it again after an unclear failure never
// posts the comment twice.
func (s *Store) AddComment(ctx context.Context, nc posts.NewComment) (posts.Comment, error) {
	return s.addComment(ctx, nc, newSubmission())
}

// addComment is AddComment with the submission key sub.
func (s *Store) addComment(ctx context.Context, nc posts.NewComment, sub string) (posts.Comment, error) {
	now := s.Now()
	args := map[string]any{
		"fp": nc.Author.Fingerprint, "name": nc.Author.Name, "pk": nc.Author.PublicKey,
		"now": now.Unix(), "src": addressValue(nc.From.Addr), "ranges": rangesHolding(nc.From.Addr),
		"slug": nc.PostSlug, "parent": nc.ParentID, "body": nc.Body,
		"sub": sub, "origin": s.origin,
	}
	limitArgs(args, "key", nc.RateLimit, now)
	limitArgs(args, "addr", nc.From.Comments, now)
	limitArgs(args, "nid", nc.From.NewIdentities, now)
	res, err := s.eng.atomic(ctx, withArgs(addCommentStmts(checksFor(nc)), args))
	if err != nil {
		return posts.Comment{}, unavailable(err)
	}
	var why sql.NullString
	var oldest sql.NullInt64
	if err := res[len(res)-2].row().Scan(&why, &oldest); err != nil {
		return posts.Comment{}, err
	}
	if why.Valid && why.String != "done" {
		return posts.Comment{}, commentRefusal(why.String, nc, now, oldest.Int64)
	}
	return scanComment(res[len(res)-1].row())
}

// commentRefusal is the error a reader sees for a verdict.
func commentRefusal(why string, nc posts.NewComment, now time.Time, oldest int64) error {
	switch why {
	case "range", "banned":
		return refusal(why)
	case "noname":
		return &posts.Error{Kind: posts.ErrNoName, Msg: "Choose a display name before your first comment."}
	case "newids":
		return posts.AddressLimited(nc.From.NewIdentities, waitFor(oldest, nc.From.NewIdentities, now), true)
	case "name":
		return nameTakenBy(nc.Author.Name)
	case "post":
		return &posts.Error{Kind: posts.ErrNotFound, Msg: fmt.Sprintf("No post %q is published here, so it takes no comments.", posts.CleanLine(nc.PostSlug))}
	case "parent":
		return &posts.Error{Kind: posts.ErrNotFound, Msg: fmt.Sprintf("There is no comment #%d under this post.", nc.ParentID)}
	case "gone":
		return posts.Invalid("That comment has been removed; you can no longer reply to it.")
	case "rate":
		return &posts.RateError{Limit: nc.RateLimit, Wait: waitFor(oldest, nc.RateLimit, now)}
	case "addr":
		return posts.AddressLimited(nc.From.Comments, waitFor(oldest, nc.From.Comments, now), false)
	}
	return fmt.Errorf("add comment: unknown verdict %q", why)
}

// waitFor is how long until the oldest of a full window leaves it.
func waitFor(oldest int64, limit posts.RateLimit, now time.Time) time.Duration {
	return max(time.Unix(oldest, 0).Add(limit.Per).Sub(now), time.Second)
}

// limitArgs sets :P_n and :P_since for a limit.
func limitArgs(args map[string]any, p string, limit posts.RateLimit, now time.Time) {
	args[p+"_n"] = max(limit.Count, 0)
	args[p+"_since"] = now.Add(-limit.Per).Unix()
}

// rangesHolding is every masked prefix holding addr, as a JSON array: a
// banned range is one of them exactly, which the primary key finds.
func rangesHolding(addr netip.Addr) string {
	var list []string
	if addr.IsValid() {
		for bits := 0; bits <= addr.BitLen(); bits++ {
			p, _ := addr.Prefix(bits)
			list = append(list, p.String())
		}
	}
	b, _ := json.Marshal(list)
	if list == nil {
		return "[]"
	}
	return string(b)
}

// newSubmission is a fresh idempotency key for one write: the time first,
// so that new keys go at the end of their index rather than all over it,
// then 80 random bits.
func newSubmission() string {
	return strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + rand.Text()[:16]
}
