-- Settings made once per install and shared by every node: the install id
-- names this blog in feeds, where ids must be unique to it.
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
