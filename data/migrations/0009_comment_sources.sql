-- Where comments and identities came from, for the limits per address and
-- the range bans: an IPv4 address or the first address of an IPv6 /64. It is
-- forgotten (set to NULL) after posts.AddressRetention; see the README.
ALTER TABLE comments ADD COLUMN source TEXT;
ALTER TABLE identities ADD COLUMN source TEXT;
-- The limits count an address's recent rows; forgetting finds the old ones.
CREATE INDEX comments_source ON comments (source, created_at) WHERE source IS NOT NULL;
CREATE INDEX comments_sourced ON comments (created_at) WHERE source IS NOT NULL;
CREATE INDEX identities_source ON identities (source, created_at) WHERE source IS NOT NULL;
CREATE INDEX identities_sourced ON identities (created_at) WHERE source IS NOT NULL;

-- Address ranges banned from commenting. moderation_log records each ban and
-- unban as ban-range or unban-range, with the range as its target.
CREATE TABLE banned_ranges (
	prefix TEXT    PRIMARY KEY, -- masked CIDR: 203.0.113.0/24, 2001:db8::/48
	admin  TEXT    NOT NULL,    -- fingerprint of the admin's key
	at     INTEGER NOT NULL     -- unix seconds, UTC
) WITHOUT ROWID;
