-- A post whose file left the posts folder (or that an admin unpublished) is
-- kept with its comments, hidden until it comes back.
ALTER TABLE posts ADD COLUMN unpublished_at INTEGER;
