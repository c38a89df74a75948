-- Where each identity is in each post: a fraction of the post's source,
-- so that it survives another window size. Written in batches, like visits.
CREATE TABLE reading_positions (
	identity TEXT    NOT NULL,
	slug     TEXT    NOT NULL,
	fraction REAL    NOT NULL, -- 0 at the top, 1 at the end
	at       INTEGER NOT NULL, -- unix seconds
	PRIMARY KEY (identity, slug)
) WITHOUT ROWID;
