-- When each post first appeared on this blog, which is what makes it new to a
-- returning reader (its front-matter date may be years before, or today's
-- midnight). Rows have no creation time of their own; the database's does
-- (the first migration's), and no row is older: existing posts get the later
-- of it and their date, so none turns new, and the seeded sample shows as
-- having appeared when the blog began. Also kept from the front matter:
-- whether the date was a day without a time, and whether the text is only an
-- excerpt of a post published elsewhere.
ALTER TABLE posts ADD COLUMN first_seen_at INTEGER NOT NULL DEFAULT 0; -- unix seconds
ALTER TABLE posts ADD COLUMN date_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN excerpt INTEGER NOT NULL DEFAULT 0;
UPDATE posts SET
	first_seen_at = max(published_at, coalesce((SELECT applied_at FROM schema_migrations WHERE version = 1), 0)),
	date_only = (published_at % 86400 = 0);
