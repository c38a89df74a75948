-- The inbox is not stored: it is the comments in threads a reader started
-- or answered in, by others, as the comments table has them (so a hidden,
-- deleted or erased comment leaves it by itself). What is stored is how far
-- each identity has read it, what they muted, and the secret of their feed.
CREATE TABLE inbox_seen (
	identity TEXT    PRIMARY KEY,
	seen_id  INTEGER NOT NULL -- the newest comment id shown on their inbox screen
) WITHOUT ROWID;

CREATE TABLE inbox_mutes (
	identity TEXT    NOT NULL,
	thread   INTEGER NOT NULL DEFAULT 0,  -- a top-level comment's id, or 0
	author   TEXT    NOT NULL DEFAULT '', -- an identity's id, or ''
	at       INTEGER NOT NULL,
	PRIMARY KEY (identity, thread, author)
) WITHOUT ROWID;

-- The private inbox feed's URL secret, one per identity. It is kept as it
-- is (not hashed) so that `inbox feed-url` can show it again; it only reads
-- the inbox, and `feed-url --new` replaces it.
CREATE TABLE inbox_feeds (
	identity   TEXT    PRIMARY KEY,
	token      TEXT    NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Preferences that follow the identity to every key and connection.
CREATE TABLE identity_settings (
	identity TEXT    PRIMARY KEY,
	theme    TEXT    NOT NULL DEFAULT 'auto', -- auto, dark, light, high-contrast
	width    TEXT    NOT NULL DEFAULT 'wide', -- narrow (~72) or wide (~100)
	plain    INTEGER NOT NULL DEFAULT 0,      -- the plain, line-by-line mode
	bell     INTEGER NOT NULL DEFAULT 0       -- ring the terminal's bell on a new reply
) WITHOUT ROWID;
