-- Posts, their tags, and the comment and identity tables the reader counts.
CREATE TABLE posts (
	id           INTEGER PRIMARY KEY,
	slug         TEXT    NOT NULL UNIQUE,
	title        TEXT    NOT NULL,
	author       TEXT    NOT NULL DEFAULT '',
	published_at INTEGER NOT NULL, -- unix seconds, UTC
	updated_at   INTEGER NOT NULL, -- unix seconds, UTC
	revision     INTEGER NOT NULL DEFAULT 1, -- bumped whenever the content changes
	summary      TEXT    NOT NULL DEFAULT '',
	body         TEXT    NOT NULL DEFAULT '',
	words        INTEGER NOT NULL DEFAULT 0, -- for reading time without the body
	draft        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX posts_published ON posts (published_at DESC);

CREATE TABLE post_tags (
	post_id  INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	tag      TEXT    NOT NULL,
	PRIMARY KEY (post_id, tag)
) WITHOUT ROWID;
CREATE INDEX post_tags_tag ON post_tags (tag);

-- A reader is the SHA256 fingerprint of the SSH key that authenticated them.
CREATE TABLE identities (
	fingerprint TEXT    PRIMARY KEY,
	name        TEXT    UNIQUE COLLATE NOCASE,
	public_key  TEXT    NOT NULL,
	created_at  INTEGER NOT NULL,
	banned_at   INTEGER
);

CREATE TABLE comments (
	id         INTEGER PRIMARY KEY,
	post_id    INTEGER NOT NULL REFERENCES posts (id),
	parent_id  INTEGER REFERENCES comments (id),
	author     TEXT    NOT NULL REFERENCES identities (fingerprint),
	body       TEXT    NOT NULL,
	created_at INTEGER NOT NULL,
	edited_at  INTEGER,
	deleted_at INTEGER,
	hidden_at  INTEGER
);
CREATE INDEX comments_post ON comments (post_id, id);
