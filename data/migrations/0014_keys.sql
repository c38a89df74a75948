-- Several keys, one identity. An identity keeps the fingerprint of its first
-- key as its id (comments, bans, names and limits stay keyed by it); keys
-- maps every key that logs in as it. A key with no row here is its own
-- identity, as before. A key unlinked from the identity its fingerprint
-- names keeps a row pointing at a fresh id, so it comes back as a new reader.
CREATE TABLE keys (
	fingerprint TEXT    PRIMARY KEY,     -- SHA256 of the key
	identity    TEXT    NOT NULL,        -- identities.fingerprint (once that identity has a row)
	public_key  TEXT    NOT NULL,        -- authorized_keys form
	added_at    INTEGER NOT NULL,        -- unix seconds
	last_used   INTEGER NOT NULL,        -- unix seconds, to the hour
	announced   INTEGER NOT NULL DEFAULT 1 -- 0 until the identity's other keys were told it was linked
) WITHOUT ROWID;
CREATE INDEX keys_identity ON keys (identity, added_at);

INSERT INTO keys (fingerprint, identity, public_key, added_at, last_used)
SELECT fingerprint, fingerprint, public_key, created_at, created_at FROM identities;

-- A new identity's own key, unless a row already says where that identity's
-- keys are (a detached key that comments again).
CREATE TRIGGER identities_first_key AFTER INSERT ON identities
WHEN NOT EXISTS (SELECT 1 FROM keys WHERE identity = new.fingerprint) BEGIN
	INSERT INTO keys (fingerprint, identity, public_key, added_at, last_used)
	VALUES (new.fingerprint, new.fingerprint, new.public_key, new.created_at, new.created_at)
	ON CONFLICT (fingerprint) DO NOTHING;
END;

-- One-time codes that link a key to an identity: only a hash is kept.
CREATE TABLE link_codes (
	code_hash  TEXT    PRIMARY KEY,  -- hex SHA-256 of the code
	identity   TEXT    NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at    INTEGER
) WITHOUT ROWID;
CREATE INDEX link_codes_identity ON link_codes (identity);

-- Failed link attempts, for the caps per key, per address and overall
-- (scope 'key:…', 'addr:…' or 'all'); rows past the window are pruned.
CREATE TABLE link_attempts (
	scope TEXT    NOT NULL,
	at    INTEGER NOT NULL
);
CREATE INDEX link_attempts_scope ON link_attempts (scope, at);
