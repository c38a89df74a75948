-- Recent edits by each author, so that edits are rate-limited like new
-- comments; rows older than the limit's window are pruned as edits come.
CREATE TABLE comment_edits (
	author TEXT    NOT NULL,
	at     INTEGER NOT NULL -- unix seconds
);
CREATE INDEX comment_edits_author ON comment_edits (author, at);
