package posts

import "time"

// ExportVersion is the version of the export format; README's "Your data"
// documents it. A change that removes or renames a field raises it.
const ExportVersion = 1

// Export is everything the blog keeps about one identity, as
// `ssh HOST export` prints it (JSON).
type Export struct {
	Format     string           `json:"format"` // always "sshblog-export"
	Version    int              `json:"version"`
	Blog       string           `json:"blog"`
	ExportedAt time.Time        `json:"exported_at"`
	Identity   ExportIdentity   `json:"identity"`
	Keys       []ExportKey      `json:"keys"`
	Comments   []ExportComment  `json:"comments"`
	Inbox      []ExportComment  `json:"inbox"`
	Positions  []ExportPosition `json:"reading_positions"`
	Moderation []ExportModAct   `json:"moderation"`
	Mutes      []InboxMute      `json:"mutes"`
	Settings   Settings         `json:"settings"`
}

// ExportIdentity is the identity itself. Address is where it was made
// from, while kept (30 days).
type ExportIdentity struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Created time.Time `json:"created_at"`
	Banned  bool      `json:"banned"`
	Address string    `json:"address,omitempty"`
}

// ExportKey is one of the identity's keys.
type ExportKey struct {
	Fingerprint string    `json:"fingerprint"`
	Type        string    `json:"type"`
	Added       time.Time `json:"added_at"`
	LastUsed    time.Time `json:"last_used"`
	Admin       bool      `json:"admin"`
}

// ExportComment is a comment: the identity's own, or one in its inbox.
type ExportComment struct {
	ID      int64      `json:"id"`
	Post    string     `json:"post"` // the post's slug
	Parent  int64      `json:"parent_id,omitempty"`
	Author  string     `json:"author,omitempty"` // in the inbox: who wrote it
	Body    string     `json:"body"`
	Created time.Time  `json:"created_at"`
	Edited  *time.Time `json:"edited_at,omitempty"`
	Deleted bool       `json:"deleted,omitempty"`
	Hidden  bool       `json:"hidden,omitempty"`
	Unread  bool       `json:"unread,omitempty"`
	Address string     `json:"address,omitempty"` // where it was posted from, while kept
}

// ExportPosition is how far the identity read a post.
type ExportPosition struct {
	Post     string    `json:"post"`
	Fraction float64   `json:"fraction"`
	At       time.Time `json:"at"`
}

// ExportModAct is a moderation action on the identity or its comments.
type ExportModAct struct {
	Action  string    `json:"action"`
	Comment int64     `json:"comment_id,omitempty"`
	Post    string    `json:"post,omitempty"`
	At      time.Time `json:"at"`
}
