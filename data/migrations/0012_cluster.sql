-- compatible: nodes without this migration run beside it (they leave submission and changes empty)
-- For a cluster on rqlite. A comment's submission is the idempotency key its
-- sshblog made for it, so a request sent again after an unclear failure
-- (the leader killed mid-request) finds the comment instead of posting it
-- twice. NULL for comments from before, and from older nodes.
ALTER TABLE comments ADD COLUMN submission TEXT;
CREATE UNIQUE INDEX comments_submission ON comments (submission) WHERE submission IS NOT NULL;

-- The change log each sshblog node polls, on its own rqlite node, for what
-- other nodes changed: written in the same request as the change. post_slug
-- is '' for a change to the posts themselves (publish, unpublish, sync).
-- Kept a day; the daily sweep prunes it.
CREATE TABLE changes (
	id         INTEGER PRIMARY KEY,
	submission TEXT    NOT NULL UNIQUE, -- the write's key: a write sent twice is logged once
	origin     TEXT    NOT NULL,        -- the sshblog process that wrote it, which needs no telling
	post_slug  TEXT    NOT NULL,
	comment_id INTEGER,
	at         INTEGER NOT NULL         -- unix seconds, UTC
);
CREATE INDEX changes_at ON changes (at);

-- Which migrations older binaries may run beside (see migrate.go).
ALTER TABLE schema_migrations ADD COLUMN compatible INTEGER NOT NULL DEFAULT 0;
