-- When each key last came to read, so the list can mark what is new since.
CREATE TABLE visits (
	fingerprint TEXT    PRIMARY KEY,
	last_seen   INTEGER NOT NULL -- unix seconds
) WITHOUT ROWID;
