-- post_tags again, with its primary key as its leading columns. SQLite
-- before 3.42 (Debian 12's sqlite3 is 3.40.1) misreads a WITHOUT ROWID table
-- whose key is not its first columns, and its PRAGMA integrity_check reports
-- "NULL value in post_tags.position" on a healthy database; an operator
-- checking a backup with the system's sqlite3 should see "ok".
CREATE TABLE post_tags_reordered (
	post_id  INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
	tag      TEXT    NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (post_id, tag)
) WITHOUT ROWID;
INSERT INTO post_tags_reordered (post_id, tag, position) SELECT post_id, tag, position FROM post_tags;
-- Dropping the table drops its index and its two search triggers, made again below.
DROP TABLE post_tags;
ALTER TABLE post_tags_reordered RENAME TO post_tags;
CREATE INDEX post_tags_tag ON post_tags (tag);

CREATE TRIGGER post_tags_fts_insert AFTER INSERT ON post_tags BEGIN
	UPDATE posts_fts SET tags = (SELECT group_concat(tag, ' ') FROM post_tags WHERE post_id = new.post_id)
	WHERE docid = new.post_id;
END;

CREATE TRIGGER post_tags_fts_delete AFTER DELETE ON post_tags BEGIN
	UPDATE posts_fts SET tags = (SELECT coalesce(group_concat(tag, ' '), '') FROM post_tags WHERE post_id = old.post_id)
	WHERE docid = old.post_id;
END;
