PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at INTEGER NOT NULL);
INSERT INTO schema_migrations VALUES(1,'0001_init.sql',1796165380);
INSERT INTO schema_migrations VALUES(2,'0002_comments.sql',1796165380);
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
INSERT INTO posts VALUES(1,'first','First post','Ann',1795165200,1796165380,1,'the first','Hello, **world**.',2,0);
INSERT INTO posts VALUES(2,'second','Second post','Ann',1795251600,1796165380,1,'','More.',1,0);
CREATE TABLE post_tags (
	post_id  INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	tag      TEXT    NOT NULL,
	PRIMARY KEY (post_id, tag)
) WITHOUT ROWID;
INSERT INTO post_tags VALUES(1,0,'hello');
INSERT INTO post_tags VALUES(1,1,'meta');
INSERT INTO post_tags VALUES(2,0,'more');
CREATE TABLE identities (
	fingerprint TEXT    PRIMARY KEY,
	name        TEXT    UNIQUE COLLATE NOCASE,
	public_key  TEXT    NOT NULL,
	created_at  INTEGER NOT NULL,
	banned_at   INTEGER
);
INSERT INTO identities VALUES('SHA256:alice','alice','ssh-ed25519 AAAAalice',1796165380,NULL);
INSERT INTO identities VALUES('SHA256:bob','bob','ssh-ed25519 AAAAbob',1796165380,NULL);
INSERT INTO identities VALUES('SHA256:mallory','mallory','ssh-ed25519 AAAAmallory',1796165380,1796165380);
INSERT INTO identities VALUES('SHA256:carol','Carol Reader','ssh-ed25519 AAAAcarol',1796165380,NULL);
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
INSERT INTO comments VALUES(1,1,NULL,'SHA256:alice','First comment, by alice (edited).',1796165380,1796165380,NULL,NULL);
INSERT INTO comments VALUES(2,1,NULL,'SHA256:bob','bob answers.',1796165380,NULL,NULL,NULL);
INSERT INTO comments VALUES(3,1,2,'SHA256:alice','alice replies to bob.',1796165380,NULL,NULL,NULL);
INSERT INTO comments VALUES(4,2,NULL,'SHA256:mallory','spam',1796165380,NULL,NULL,1796165380);
CREATE TABLE moderation_log (
	id         INTEGER PRIMARY KEY,
	admin      TEXT    NOT NULL, -- fingerprint of the admin's key
	action     TEXT    NOT NULL, -- hide, unhide, delete, ban, unban
	comment_id INTEGER,          -- NULL for bans
	target     TEXT    NOT NULL, -- fingerprint of the reader acted on
	at         INTEGER NOT NULL  -- unix seconds, UTC
);
INSERT INTO moderation_log VALUES(1,'SHA256:admin','hide',4,'SHA256:mallory',1796165380);
INSERT INTO moderation_log VALUES(2,'SHA256:admin','ban',NULL,'SHA256:mallory',1796165380);
CREATE INDEX posts_published ON posts (published_at DESC);
CREATE INDEX post_tags_tag ON post_tags (tag);
CREATE INDEX comments_post ON comments (post_id, id);
CREATE INDEX comments_thread ON comments (post_id, coalesce(parent_id, id), id);
CREATE INDEX comments_author ON comments (author, created_at);
CREATE INDEX moderation_log_at ON moderation_log (at DESC, id DESC);
COMMIT;
