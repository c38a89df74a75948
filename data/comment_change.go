package data

import (
	"context"
	"database/sql"
	"fmt"
	"net/netip"
	"slices"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// Conditions shared by the writes, by named parameter.
const (
	nameTaken      = `EXISTS (SELECT 1 FROM identities WHERE name = :name AND fingerprint != :fp)`
	authorBanned   = `EXISTS (SELECT 1 FROM identities WHERE fingerprint = :fp AND banned_at IS NOT NULL)`
	commentMissing = `NOT EXISTS (SELECT 1 FROM comments WHERE id = :id)`
	commentDeleted = `EXISTS (SELECT 1 FROM comments WHERE id = :id AND deleted_at IS NOT NULL)`
	notTheAuthor   = `NOT EXISTS (SELECT 1 FROM comments WHERE id = :id AND author = :fp)`
	commentEdits   = `SELECT at FROM comment_edits WHERE author = :fp`
)

// ownCommentVerdict refuses a change to a comment that is gone or not the
// author's.
const ownCommentVerdict = `WHEN ` + commentMissing + ` THEN 'missing'
	WHEN ` + commentDeleted + ` THEN 'deleted'
	WHEN ` + notTheAuthor + ` THEN 'notyours'`

// changeTail ends every change to comment :id: its line in the change log,
// for the other nodes' feeds, then the verdict (answered) and the comment
// as it is now.
var changeTail = slices.Concat(statements(logComments(`c.id = :id AND `+decided)), answered,
	statements(stmt{sql: `SELECT ` + commentColumns + commentJoins + ` WHERE c.id = :id`, rows: true}))

// nameTakenBy is the refusal of a name someone else has.
func nameTakenBy(name string) error {
	return posts.Conflict(fmt.Sprintf("Someone already goes by %q; choose another name.", name))
}

// refusal maps a verdict's word to what the reader is told; "" is none.
func refusal(why string) error {
	switch why {
	case "":
		return nil
	case "missing":
		return &posts.Error{Kind: posts.ErrNotFound, Msg: "That comment is no longer there."}
	case "deleted":
		return &posts.Error{Kind: posts.ErrNotFound, Msg: "That comment has been deleted."}
	case "notyours":
		return posts.Forbidden("You can only change your own comments.")
	case "range":
		return posts.Forbidden("Your address range is banned from commenting. You can still read.")
	case "banned":
		return posts.Forbidden("You are banned from commenting on this blog. You can still read everything.")
	}
	return fmt.Errorf("unknown verdict %q", why)
}

// changeRequest is a change to comment :id, built once: the verdict
// (decideOnce), the writes it guards, then changeTail.
func changeRequest(verdictSQL string, writes []stmt) []stmt {
	return slices.Concat(decideOnce(verdictSQL), writes, changeTail)
}

// changeComment runs a request changeRequest built and returns the comment
// as it is then: sent again after an unclear failure, it answers as it first
// did. more maps other verdicts to errors.
func (s *Store) changeComment(ctx context.Context, stmts []stmt, args map[string]any, more func(why string, c posts.Comment) error) (posts.Comment, error) {
	now := s.Now()
	args["now"], args["sub"], args["origin"] = now.Unix(), newSubmission(), s.origin
	res, err := s.eng.atomic(ctx, withArgs(stmts, args))
	if err != nil {
		return posts.Comment{}, unavailable(err)
	}
	var why sql.NullString
	if err := res[len(stmts)-2].row().Scan(&why); err != nil {
		return posts.Comment{}, err
	}
	c, cerr := scanComment(res[len(stmts)-1].row())
	if why.Valid {
		if more != nil {
			if err := more(why.String, c); err != nil {
				return posts.Comment{}, err
			}
		}
		return posts.Comment{}, refusal(why.String)
	}
	return c, cerr
}

var editRequest = changeRequest(`CASE `+ownCommentVerdict+`
		WHEN `+inBannedRange+` THEN 'range'
		WHEN `+authorBanned+` THEN 'banned'
		WHEN NOT EXISTS (SELECT 1 FROM comments c JOIN posts p ON p.id = c.post_id
			WHERE c.id = :id AND `+publishedPostAt+`:now) THEN 'post'
		WHEN `+overWindow(commentEdits, "edit")+` THEN 'rate' END`,
	statements(
		stmt{sql: `DELETE FROM comment_edits WHERE author = :fp AND at <= :edit_since AND ` + decided},
		stmt{sql: `INSERT INTO comment_edits (author, at) SELECT :fp, :now WHERE ` + decided},
		stmt{sql: `UPDATE comments SET body = :body, edited_at = :now WHERE id = :id AND ` + decided},
	))

// EditComment replaces the text of the author's own comment and marks it
// edited. A banned author cannot edit, nor can one from a banned range, nor
// can anyone under a post that is not published; edits have their own rate
// limit, like new comments.
func (s *Store) EditComment(ctx context.Context, id int64, author, body string, limit posts.RateLimit, from posts.Origin) (posts.Comment, error) {
	now := s.Now()
	args := map[string]any{"id": id, "fp": author, "body": body, "ranges": rangesHolding(from.Addr)}
	limitArgs(args, "edit", limit, now)
	return s.changeComment(ctx, editRequest, args,
		func(why string, c posts.Comment) error {
			switch why {
			case "post":
				return &posts.Error{Kind: posts.ErrNotFound, Msg: fmt.Sprintf("No post %q is published here, so it takes no comments.", posts.CleanLine(c.PostSlug))}
			case "rate":
				return s.editWait(ctx, author, limit, now)
			}
			return nil
		})
}

// editWait is the error for an author past the edit limit, saying how long
// to wait. It reads on the read pool, not through the writer: the edits it
// counts were committed before the refused request was sent, which the
// read pool sees on SQLite and, reads going to the leader just after a
// write, on rqlite too.
func (s *Store) editWait(ctx context.Context, author string, limit posts.RateLimit, now time.Time) error {
	var oldest sql.NullInt64
	args := map[string]any{"fp": author}
	limitArgs(args, "edit", limit, now)
	err := s.queryRow(ctx, oldestEdit, args).Scan(&oldest)
	return errOr(err, &posts.RateError{Limit: limit, Wait: waitFor(oldest.Int64, limit, now), Edits: true})
}

var oldestEdit = statements(stmt{sql: `SELECT ` + oldestInWindow(commentEdits, "edit")})[0]

// DeleteComment deletes the author's own comment: its text is gone; the
// row stays so that its replies keep their place.
func (s *Store) DeleteComment(ctx context.Context, id int64, author string) (posts.Comment, error) {
	return s.changeComment(ctx, deleteRequest, map[string]any{"id": id, "fp": author}, nil)
}

var deleteWrite = stmt{sql: `UPDATE comments SET body = '', deleted_at = :now WHERE id = :id AND ` + decided}

var deleteRequest = changeRequest(`CASE `+ownCommentVerdict+` END`, statements(deleteWrite))

// moderationRequests are, by action, what an admin's action does to comment
// :id, each write followed by its line in the moderation log.
var moderationRequests = map[string][]stmt{
	posts.ModHide:   moderationRequest(stmt{sql: `UPDATE comments SET hidden_at = :now WHERE id = :id AND ` + decided}),
	posts.ModUnhide: moderationRequest(stmt{sql: `UPDATE comments SET hidden_at = NULL WHERE id = :id AND ` + decided}),
	posts.ModDelete: moderationRequest(deleteWrite),
}

func moderationRequest(write stmt) []stmt {
	return changeRequest(`CASE WHEN `+commentMissing+` THEN 'missing' END`, statements(write, logModeration))
}

var logModeration = stmt{sql: `INSERT INTO moderation_log (admin, action, comment_id, target, at)
	SELECT :admin, :action, id, author, :now FROM comments WHERE id = :id AND ` + decided}

// Moderate hides, unhides or deletes any comment for an admin and records it
// in the moderation log.
func (s *Store) Moderate(ctx context.Context, admin string, id int64, action string) (posts.Comment, error) {
	stmts, ok := moderationRequests[action]
	if !ok {
		return posts.Comment{}, fmt.Errorf("moderate: unknown action %q", action)
	}
	return s.changeComment(ctx, stmts, map[string]any{"id": id, "admin": admin, "action": action}, nil)
}

// SetName gives the reader with this key a display name, creating their
// identity if they have none (within from's limit on new identities). A name
// someone else has is a posts.ErrConflict. The name must have passed
// posts.CheckName.
func (s *Store) SetName(ctx context.Context, id posts.Identity, from posts.Origin) error {
	now := s.Now()
	args := map[string]any{"fp": id.Fingerprint, "name": id.Name, "pk": id.PublicKey, "now": now.Unix(),
		"src": addressValue(from.Addr), "sub": newSubmission(), "origin": s.origin}
	limitArgs(args, "nid", from.NewIdentities, now)
	stmts := append(decide(`CASE
		WHEN `+unknownAuthor+` AND :src IS NOT NULL AND `+overWindow(addressKeys, "nid")+` THEN 'newids'
		WHEN `+nameTaken+` THEN 'name' END`), setNameWrites...)
	res, err := s.eng.atomic(ctx, withArgs(stmts, args))
	if err != nil {
		return err
	}
	var why sql.NullString
	var oldest sql.NullInt64
	if err := res[len(stmts)-1].row().Scan(&why, &oldest); err != nil || !why.Valid {
		return err
	}
	if why.String == "name" {
		return nameTakenBy(id.Name)
	}
	return posts.AddressLimited(from.NewIdentities, waitFor(oldest.Int64, from.NewIdentities, now), true)
}

var setNameWrites = statements(
	stmt{sql: `INSERT INTO identities (fingerprint, name, public_key, created_at, source)
		SELECT :fp, :name, :pk, :now, :src WHERE ` + decided + `
		ON CONFLICT (fingerprint) DO UPDATE SET name = excluded.name`},
	logAuthorComments,
	stmt{sql: `SELECT why, ` + oldestInWindow(addressKeys, "nid") + ` FROM temp.decision`, rows: true},
)

// SetBanned bans or unbans the reader with fingerprint target for an admin and
// records it. A banned reader can still read but not comment.
func (s *Store) SetBanned(ctx context.Context, admin, target string, banned bool) error {
	action, at := posts.ModUnban, any(nil)
	if banned {
		action, at = posts.ModBan, s.Now().Unix()
	}
	stmts := append(decideOnce(`CASE WHEN `+unknownAuthor+` THEN 'missing' END`), banWrites...)
	why, err := s.verdictOf(ctx, stmts, map[string]any{
		"fp": target, "admin": admin, "action": action, "at": at, "now": s.Now().Unix(), "sub": newSubmission()})
	if err != nil || !why.Valid {
		return err
	}
	return &posts.Error{Kind: posts.ErrNotFound, Msg: "That reader has no identity here."}
}

var banWrites = slices.Concat(statements(
	stmt{sql: `UPDATE identities SET banned_at = :at WHERE fingerprint = :fp AND ` + decided},
	stmt{sql: `INSERT INTO moderation_log (admin, action, target, at) SELECT :admin, :action, :fp, :now WHERE ` + decided},
), answered)

// SetRangeBanned bans or unbans an address range for an admin and records it
// in the moderation log. Banning a range already banned changes nothing;
// unbanning one that is not is a posts.ErrNotFound.
func (s *Store) SetRangeBanned(ctx context.Context, admin string, prefix netip.Prefix, banned bool) error {
	action := posts.ModUnbanRange
	if banned {
		action = posts.ModBanRange
	}
	stmts := append(decideOnce(`CASE
		WHEN :ban AND EXISTS (SELECT 1 FROM banned_ranges WHERE prefix = :prefix) THEN 'already'
		WHEN NOT :ban AND NOT EXISTS (SELECT 1 FROM banned_ranges WHERE prefix = :prefix) THEN 'missing' END`), rangeBanWrites...)
	why, err := s.verdictOf(ctx, stmts, map[string]any{
		"prefix": prefix.String(), "admin": admin, "action": action, "ban": banned, "now": s.Now().Unix(), "sub": newSubmission()})
	if err != nil || why.String != "missing" {
		return err
	}
	return &posts.Error{Kind: posts.ErrNotFound, Msg: fmt.Sprintf("%s is not banned.", prefix)}
}

var rangeBanWrites = slices.Concat(statements(
	stmt{sql: `INSERT INTO banned_ranges (prefix, admin, at) SELECT :prefix, :admin, :now WHERE :ban AND ` + decided},
	stmt{sql: `DELETE FROM banned_ranges WHERE prefix = :prefix AND NOT :ban AND ` + decided},
	stmt{sql: `INSERT INTO moderation_log (admin, action, target, at) SELECT :admin, :action, :prefix, :now WHERE ` + decided},
), answered)
