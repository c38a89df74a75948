package posts

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// Key is one SSH key of an identity, as its profile lists it.
type Key struct {
	Fingerprint string
	Type        string // "ssh-ed25519", "ecdsa-sha2-nistp256", …
	Added       time.Time
	LastUsed    time.Time // to the hour: it is written at most hourly
}

// KeyType is the type of a key in authorized_keys form: its first word.
func KeyType(authorized string) string {
	kind, _, _ := strings.Cut(authorized, " ")
	return kind
}

// LinkCodeTTL is how long a link code works.
const LinkCodeTTL = 10 * time.Minute

// LinkLimits cap failed link attempts. A code is a credential for a whole
// account, and fresh keys and addresses cost an attacker nothing, so the
// cap per key is backed by one per address and one for everyone.
type LinkLimits struct {
	PerKey, PerAddress, Overall RateLimit
}

// DefaultLinkLimits allow a person a few typos and an attacker about 200
// guesses an hour at a 50-bit code: none gets in within a lifetime.
var DefaultLinkLimits = LinkLimits{
	PerKey:     RateLimit{Count: 5, Per: 10 * time.Minute},
	PerAddress: RateLimit{Count: 10, Per: time.Hour},
	Overall:    RateLimit{Count: 200, Per: time.Hour},
}

// LinkRequest asks to join the session's key to the identity whose code it
// brings: only the code's hash reaches the store.
type LinkRequest struct {
	Key       string // fingerprint of the key that authenticated
	PublicKey string // authorized_keys form
	Identity  string // the identity that key is now: its own fingerprint unless linked
	CodeHash  string
	Addr      netip.Addr
	Limits    LinkLimits
}

// LinkRefused is the error for a key that cannot be linked, saying why.
func LinkRefused(why string) error { return &Error{Kind: ErrInvalid, Msg: why} }

// BadLinkCode is the error for a code that links nothing: wrong, expired
// or used.
func BadLinkCode(why string) error { return &Error{Kind: ErrNotFound, Msg: why} }

// LinkLimited is the error for one too many failed attempts.
func LinkLimited(wait time.Duration) error {
	mins := max(int((wait+time.Minute-1)/time.Minute), 1)
	return &Error{Kind: ErrLimited, Msg: fmt.Sprintf("Too many wrong link codes; wait %s before trying again.", Count(mins, "minute"))}
}

// InboxItem is a comment by someone else in a thread the reader started or
// answered in.
type InboxItem struct {
	Comment
	PostTitle string
	Unread    bool
}

// InboxMute silences one thread (a top-level comment's id) or one author in
// a reader's inbox.
type InboxMute struct {
	Thread int64  `json:"thread,omitempty"`
	Author string `json:"author,omitempty"` // an identity's id
}

// Position is how far a reader got in a post: a fraction of its text, so
// that it holds at any window size.
type Position struct {
	Identity string
	Slug     string
	Fraction float64 // 0 the top, 1 the end
	At       time.Time
}

// Settings are a reader's preferences, applied on every connection.
type Settings struct {
	Theme string `json:"theme"` // auto (the terminal's answer), dark, light or high-contrast
	Width string `json:"width"` // wide (~100 columns) or narrow (~72)
	Plain bool   `json:"plain"` // the plain, line-by-line mode
	Bell  bool   `json:"bell"`  // ring on a new reply
}

// DefaultSettings are a new reader's.
var DefaultSettings = Settings{Theme: "auto", Width: "wide"}

// The values each setting takes.
var (
	Themes = []string{"auto", "dark", "light", "high-contrast"}
	Widths = []string{"wide", "narrow"}
)

// Set changes one setting by name from its text ("theme", "dark"), or
// says what it takes.
func (s *Settings) Set(name, value string) error {
	oneOf := func(field *string, values []string) error {
		for _, v := range values {
			if strings.EqualFold(value, v) {
				*field = v
				return nil
			}
		}
		return Invalid(fmt.Sprintf("%s is one of %s.", name, strings.Join(values, ", ")))
	}
	onOff := func(field *bool) error {
		switch strings.ToLower(value) {
		case "on", "yes", "true":
			*field = true
		case "off", "no", "false":
			*field = false
		default:
			return Invalid(fmt.Sprintf("%s is on or off.", name))
		}
		return nil
	}
	switch name {
	case "theme":
		return oneOf(&s.Theme, Themes)
	case "width":
		return oneOf(&s.Width, Widths)
	case "plain":
		return onOff(&s.Plain)
	case "bell":
		return onOff(&s.Bell)
	}
	return Invalid(fmt.Sprintf("There is no setting %q: the settings are theme, width, plain and bell.", CleanLine(name)))
}
