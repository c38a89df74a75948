-- Full-text search over posts: FTS4, which go-sqlite3 builds in by default.
-- Its docid is the post's id; triggers keep it in step with posts and tags.
CREATE VIRTUAL TABLE posts_fts USING fts4 (title, tags, body, tokenize=unicode61);

INSERT INTO posts_fts (docid, title, tags, body)
SELECT id, title, (SELECT coalesce(group_concat(tag, ' '), '') FROM post_tags WHERE post_id = posts.id), body
FROM posts;

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
