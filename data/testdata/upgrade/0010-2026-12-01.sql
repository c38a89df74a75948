PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at INTEGER NOT NULL);
INSERT INTO schema_migrations VALUES(1,'0001_init.sql',1796165382);
INSERT INTO schema_migrations VALUES(2,'0002_comments.sql',1796165382);
INSERT INTO schema_migrations VALUES(3,'0003_search.sql',1796165382);
INSERT INTO schema_migrations VALUES(4,'0004_unpublish.sql',1796165382);
INSERT INTO schema_migrations VALUES(5,'0005_visits.sql',1796165382);
INSERT INTO schema_migrations VALUES(6,'0006_comment_edits.sql',1796165382);
INSERT INTO schema_migrations VALUES(7,'0007_comment_replies.sql',1796165382);
INSERT INTO schema_migrations VALUES(8,'0008_first_seen.sql',1796165382);
INSERT INTO schema_migrations VALUES(9,'0009_comment_sources.sql',1796165382);
INSERT INTO schema_migrations VALUES(10,'0010_uploads.sql',1796165382);
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
, unpublished_at INTEGER, first_seen_at INTEGER NOT NULL DEFAULT 0, date_only INTEGER NOT NULL DEFAULT 0, excerpt INTEGER NOT NULL DEFAULT 0);
INSERT INTO posts VALUES(1,'first','First post','Ann',1795165200,1795165200,1,'the first','Hello, **world**.',2,0,NULL,1795424400,0,0);
INSERT INTO posts VALUES(2,'second','Second post','Ann',1795251600,1795251600,1,'','More.',1,0,NULL,1795424400,0,0);
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
, source TEXT);
INSERT INTO identities VALUES('SHA256:alice','alice','ssh-ed25519 AAAAalice',1795424400,NULL,'192.0.2.7');
INSERT INTO identities VALUES('SHA256:bob','bob','ssh-ed25519 AAAAbob',1795424400,NULL,'192.0.2.7');
INSERT INTO identities VALUES('SHA256:mallory','mallory','ssh-ed25519 AAAAmallory',1795424400,1795424400,'198.51.100.9');
INSERT INTO identities VALUES('SHA256:carol','Carol Reader','ssh-ed25519 AAAAcarol',1795424400,NULL,'192.0.2.7');
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
, source TEXT);
INSERT INTO comments VALUES(1,1,NULL,'SHA256:alice','First comment, by alice (edited).',1795424400,1795424400,NULL,NULL,'192.0.2.7');
INSERT INTO comments VALUES(2,1,NULL,'SHA256:bob','bob answers.',1795424400,NULL,NULL,NULL,'192.0.2.7');
INSERT INTO comments VALUES(3,1,2,'SHA256:alice','alice replies to bob.',1795424400,NULL,NULL,NULL,'192.0.2.7');
INSERT INTO comments VALUES(4,2,NULL,'SHA256:mallory','spam',1795424400,NULL,NULL,1795424400,'198.51.100.9');
CREATE TABLE moderation_log (
	id         INTEGER PRIMARY KEY,
	admin      TEXT    NOT NULL, -- fingerprint of the admin's key
	action     TEXT    NOT NULL, -- hide, unhide, delete, ban, unban
	comment_id INTEGER,          -- NULL for bans
	target     TEXT    NOT NULL, -- fingerprint of the reader acted on
	at         INTEGER NOT NULL  -- unix seconds, UTC
);
INSERT INTO moderation_log VALUES(1,'SHA256:admin','hide',4,'SHA256:mallory',1795424400);
INSERT INTO moderation_log VALUES(2,'SHA256:admin','ban',NULL,'SHA256:mallory',1795424400);
INSERT INTO moderation_log VALUES(3,'SHA256:admin','ban-range',NULL,'198.51.100.0/24',1795424400);
PRAGMA writable_schema=ON;
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','posts_fts','posts_fts',0,'CREATE VIRTUAL TABLE posts_fts USING fts4 (title, tags, body, tokenize=unicode61)');
CREATE TABLE IF NOT EXISTS 'posts_fts_content'(docid INTEGER PRIMARY KEY, 'c0title', 'c1tags', 'c2body');
INSERT INTO posts_fts_content VALUES(1,'First post','hello meta','Hello, **world**.');
INSERT INTO posts_fts_content VALUES(2,'Second post','more','More.');
CREATE TABLE IF NOT EXISTS 'posts_fts_segments'(blockid INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE IF NOT EXISTS 'posts_fts_segdir'(level INTEGER,idx INTEGER,start_block INTEGER,leaves_end_block INTEGER,end_block INTEGER,root BLOB,PRIMARY KEY(level, idx));
INSERT INTO posts_fts_segdir VALUES(0,0,0,0,'0 62',X'0005666972737403010200000568656c6c6f08010101020102020000046d6574610501010103000004706f7374030103000005776f726c64050101020300');
INSERT INTO posts_fts_segdir VALUES(0,1,0,0,'0 34',X'00046d6f72650502010202000004706f73740302030000067365636f6e6403020200');
INSERT INTO posts_fts_segdir VALUES(0,2,0,0,'0 37',X'00046d6f72650802010102010202000004706f73740302030000067365636f6e6403020200');
CREATE TABLE IF NOT EXISTS 'posts_fts_docsize'(docid INTEGER PRIMARY KEY, size BLOB);
INSERT INTO posts_fts_docsize VALUES(1,X'020202');
INSERT INTO posts_fts_docsize VALUES(2,X'020101');
CREATE TABLE IF NOT EXISTS 'posts_fts_stat'(id INTEGER PRIMARY KEY, value BLOB);
INSERT INTO posts_fts_stat VALUES(0,X'0204030339');
CREATE TABLE visits (
	fingerprint TEXT    PRIMARY KEY,
	last_seen   INTEGER NOT NULL -- unix seconds
) WITHOUT ROWID;
CREATE TABLE comment_edits (
	author TEXT    NOT NULL,
	at     INTEGER NOT NULL -- unix seconds
);
INSERT INTO comment_edits VALUES('SHA256:alice',1795424400);
CREATE TABLE banned_ranges (
	prefix TEXT    PRIMARY KEY, -- masked CIDR: 203.0.113.0/24, 2001:db8::/48
	admin  TEXT    NOT NULL,    -- fingerprint of the admin's key
	at     INTEGER NOT NULL     -- unix seconds, UTC
) WITHOUT ROWID;
INSERT INTO banned_ranges VALUES('198.51.100.0/24','SHA256:admin',1795424400);
CREATE TABLE uploads (
	slug     TEXT    PRIMARY KEY,
	name     TEXT    NOT NULL UNIQUE, -- the file name it was uploaded as
	revision INTEGER NOT NULL,        -- the post's revision this upload made
	src      BLOB    NOT NULL,        -- the bytes as sent
	mod_time INTEGER NOT NULL         -- unix seconds: the upload's, or the one the client set
) WITHOUT ROWID;
CREATE INDEX posts_published ON posts (published_at DESC);
CREATE INDEX post_tags_tag ON post_tags (tag);
CREATE INDEX comments_post ON comments (post_id, id);
CREATE INDEX comments_thread ON comments (post_id, coalesce(parent_id, id), id);
CREATE INDEX comments_author ON comments (author, created_at);
CREATE INDEX moderation_log_at ON moderation_log (at DESC, id DESC);
CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
	INSERT INTO posts_fts (docid, title, tags, body) VALUES (new.id, new.title, '', new.body);
END;
CREATE TRIGGER posts_fts_update AFTER UPDATE OF title, body ON posts BEGIN
	UPDATE posts_fts SET title = new.title, body = new.body WHERE docid = new.id;
END;
CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
	DELETE FROM posts_fts WHERE docid = old.id;
END;
CREATE TRIGGER post_tags_fts_insert AFTER INSERT ON post_tags BEGIN
	UPDATE posts_fts SET tags = (SELECT group_concat(tag, ' ') FROM post_tags WHERE post_id = new.post_id)
	WHERE docid = new.post_id;
END;
CREATE TRIGGER post_tags_fts_delete AFTER DELETE ON post_tags BEGIN
	UPDATE posts_fts SET tags = (SELECT coalesce(group_concat(tag, ' '), '') FROM post_tags WHERE post_id = old.post_id)
	WHERE docid = old.post_id;
END;
CREATE INDEX comment_edits_author ON comment_edits (author, at);
CREATE INDEX comments_parent ON comments (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX comments_source ON comments (source, created_at) WHERE source IS NOT NULL;
CREATE INDEX comments_sourced ON comments (created_at) WHERE source IS NOT NULL;
CREATE INDEX identities_source ON identities (source, created_at) WHERE source IS NOT NULL;
CREATE INDEX identities_sourced ON identities (created_at) WHERE source IS NOT NULL;
PRAGMA writable_schema=OFF;
COMMIT;
