-- Every comment read counts its replies (WHERE parent_id = ?): without an
-- index that scanned the whole comments table once per comment returned,
-- and adding a comment got slower with every comment ever posted.
CREATE INDEX comments_parent ON comments (parent_id) WHERE parent_id IS NOT NULL;
