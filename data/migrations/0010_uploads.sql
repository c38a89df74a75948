-- Post files as an admin uploaded them over SFTP: clients compare the size
-- and time of what they sent with what a listing says (paramiko's put()
-- stats the file after writing it, lftp's mirror skips files that match),
-- and a file regenerated from the post has neither.
CREATE TABLE uploads (
	slug     TEXT    PRIMARY KEY,
	name     TEXT    NOT NULL UNIQUE, -- the file name it was uploaded as
	revision INTEGER NOT NULL,        -- the post's revision this upload made
	src      BLOB    NOT NULL,        -- the bytes as sent
	mod_time INTEGER NOT NULL         -- unix seconds: the upload's, or the one the client set
) WITHOUT ROWID;
