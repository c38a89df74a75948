-- Comment threads in order, the rate limit's look-up, and the moderation log.
CREATE INDEX comments_thread ON comments (post_id, coalesce(parent_id, id), id);
CREATE INDEX comments_author ON comments (author, created_at);

CREATE TABLE moderation_log (
	id         INTEGER PRIMARY KEY,
	admin      TEXT    NOT NULL, -- fingerprint of the admin's key
	action     TEXT    NOT NULL, -- hide, unhide, delete, ban, unban
	comment_id INTEGER,          -- NULL for bans
	target     TEXT    NOT NULL, -- fingerprint of the reader acted on
	at         INTEGER NOT NULL  -- unix seconds, UTC
);
CREATE INDEX moderation_log_at ON moderation_log (at DESC, id DESC);
