-- compatible: nodes without this migration run beside it (they keep no answers)
-- For a cluster on rqlite. The answers of writes that leave nothing to show
-- they were made (an unlink, an unmute, a failed link attempt, an edit, a
-- ban), by the idempotency key their sshblog made for each, so that a
-- request sent again after an unclear failure (the leader killed before it
-- answered) answers as the first did and changes and counts nothing twice.
-- Kept a day, as the change log; the daily sweep prunes both.
CREATE TABLE answers (
	submission TEXT    PRIMARY KEY,
	why        TEXT,            -- the request's verdict: NULL when it was made
	at         INTEGER NOT NULL -- unix seconds
) WITHOUT ROWID;
CREATE INDEX answers_at ON answers (at);
