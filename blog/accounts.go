package blog

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// AccountStore is what several keys to one identity need from storage.
type AccountStore interface {
	KeyIdentity(ctx context.Context, key string) (string, error)
	LoginKey(ctx context.Context, key string) (string, error)
	// Arrive is LoginKey, Settings and VisitStore.Visit in one read, for a
	// session's start; identity is "" when it cannot be told.
	Arrive(ctx context.Context, key string, now time.Time) (identity string, st posts.Settings, last time.Time, err error)
	Keys(ctx context.Context, identity string) ([]posts.Key, error)
	NewLinkCode(ctx context.Context, identity, codeHash string, expires time.Time) error
	Link(ctx context.Context, r posts.LinkRequest) (string, error)
	Unlink(ctx context.Context, identity, key, fresh string) error
	LinkNotices(ctx context.Context, identity, key string) ([]posts.Key, error)
	Export(ctx context.Context, identity string) (posts.Export, error)
	Erase(ctx context.Context, identity, fresh string) error
	Settings(ctx context.Context, identity string) (posts.Settings, error)
	SaveSettings(ctx context.Context, identity string, st posts.Settings) error
}

// Accounts joins keys into identities: a reader's laptop and desktop keys
// are one person, with one name, one set of comments, one ban.
type Accounts struct {
	store  AccountStore
	blog   *Blog
	limits posts.LinkLimits
	admins map[string]bool // fingerprints of the admin keys: the keys file is the truth
}

// NewAccounts serves the accounts of blog from store; admins are the admin
// keys' fingerprints, which the profile marks.
func NewAccounts(store AccountStore, blog *Blog, admins map[string]bool) *Accounts {
	return &Accounts{store: store, blog: blog, limits: posts.DefaultLinkLimits, admins: admins}
}

// Resolve is the viewer as their identity: Fingerprint becomes the id of the
// identity the login key belongs to; Key stays the login key. Admin rights
// were decided by the key and stay so.
func (a *Accounts) Resolve(ctx context.Context, v Viewer) (Viewer, error) {
	if !v.Keyed() {
		return v, nil
	}
	id, err := a.store.LoginKey(ctx, v.LoginKey())
	if err != nil {
		return v, err
	}
	v.Key, v.Fingerprint = v.LoginKey(), id
	return v, nil
}

// Arrival is what an interactive session starts from.
type Arrival struct {
	Viewer    Viewer // as their identity, as Resolve gives it
	Settings  posts.Settings
	LastVisit time.Time // zero on a first visit, and for a reader without a key
}

// Arrive is Resolve, Settings and Visits.Came for a session's start, asked
// of the store at once. It is nil when the viewer's identity cannot be
// found, with err saying why; an Arrival may come with an error too, that
// of an earlier visit's write, which Came would also have told.
func (a *Accounts) Arrive(ctx context.Context, v Viewer) (*Arrival, error) {
	if !v.Keyed() {
		return &Arrival{Viewer: v, Settings: posts.DefaultSettings}, nil
	}
	id, st, last, err := a.store.Arrive(ctx, v.LoginKey(), a.blog.Now())
	if id == "" {
		return nil, err
	}
	v.Key, v.Fingerprint = v.LoginKey(), id
	return &Arrival{Viewer: v, Settings: st, LastVisit: last}, err
}

// IdentityOf is the identity the key with fingerprint logs in as, for an
// admin who bans by key: whichever key they name, the person is banned.
func (a *Accounts) IdentityOf(ctx context.Context, key string) (string, error) {
	return a.store.KeyIdentity(ctx, key)
}

// linkCodeAlphabet is Crockford's base32: no I, L, O or U to misread.
const linkCodeAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// linkCodeLen characters of 5 bits: a 50-bit code.
const linkCodeLen = 10

// NewLinkCode makes a one-time code for the viewer's identity, valid for
// posts.LinkCodeTTL, and returns it as the reader types it ("abcde-fghjk").
func (a *Accounts) NewLinkCode(ctx context.Context, v Viewer) (string, time.Time, error) {
	if !v.Keyed() {
		return "", time.Time{}, errNoKey
	}
	raw := make([]byte, linkCodeLen)
	rand.Read(raw)
	for i, b := range raw {
		raw[i] = linkCodeAlphabet[b&31]
	}
	code := string(raw[:5]) + "-" + string(raw[5:])
	expires := a.blog.Now().Add(posts.LinkCodeTTL)
	return code, expires, a.store.NewLinkCode(ctx, v.Fingerprint, hashLinkCode(code), expires)
}

// hashLinkCode is what the store keeps of a code: its hash, so a copy of
// the database links nothing. Case, dashes, spaces and the letters people
// read as digits do not matter.
func hashLinkCode(code string) string {
	norm := strings.Map(func(r rune) rune {
		switch r {
		case '-', ' ':
			return -1
		case 'i', 'l':
			return '1'
		case 'o':
			return '0'
		}
		return r
	}, strings.ToLower(code))
	sum := sha256.Sum256([]byte(norm))
	return hex.EncodeToString(sum[:])
}

// Link joins the viewer's login key to the identity whose code it brings.
// The viewer as that identity comes back.
func (a *Accounts) Link(ctx context.Context, v Viewer, code string) (Viewer, error) {
	if !v.Keyed() {
		return v, errNoKey
	}
	id, err := a.store.Link(ctx, posts.LinkRequest{Key: v.LoginKey(), PublicKey: v.PublicKey, Identity: v.Fingerprint,
		CodeHash: hashLinkCode(code), Addr: v.Addr, Limits: a.limits})
	if err != nil {
		return v, err
	}
	v.Fingerprint = id
	return v, nil
}

// AccountKey is one key as the profile and `keys` show it.
type AccountKey struct {
	posts.Key
	Admin bool // in the admin keys file
	Login bool // the key of this session
}

// Keys lists the viewer's keys. A reader who never commented or took a name
// has one: the key they came with.
func (a *Accounts) Keys(ctx context.Context, v Viewer) ([]AccountKey, error) {
	if !v.Keyed() {
		return nil, errNoKey
	}
	list, err := a.store.Keys(ctx, v.Fingerprint)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		list = []posts.Key{{Fingerprint: v.LoginKey(), Type: posts.KeyType(v.PublicKey)}}
	}
	keys := make([]AccountKey, len(list))
	for i, k := range list {
		keys[i] = AccountKey{Key: k, Admin: a.admins[k.Fingerprint], Login: k.Fingerprint == v.LoginKey()}
	}
	return keys, nil
}

// Unlink removes one of the viewer's keys; never the last (that is erase).
func (a *Accounts) Unlink(ctx context.Context, v Viewer, key string) error {
	if !v.Keyed() {
		return errNoKey
	}
	return a.store.Unlink(ctx, v.Fingerprint, key, freshID("unlinked"))
}

// freshID is a new identity id for a key that leaves the identity its
// fingerprint named: unlinked or erased, it comes back as a new reader.
func freshID(why string) string {
	raw := make([]byte, 16)
	rand.Read(raw)
	return why + ":" + hex.EncodeToString(raw)
}

// Export is everything kept about the viewer's identity.
func (a *Accounts) Export(ctx context.Context, v Viewer) (posts.Export, error) {
	if !v.Keyed() {
		return posts.Export{}, errNoKey
	}
	x, err := a.store.Export(ctx, v.Fingerprint)
	if err != nil {
		return x, err
	}
	x.Blog, x.ExportedAt = a.blog.Name, a.blog.Now().UTC()
	for i := range x.Keys {
		x.Keys[i].Admin = a.admins[x.Keys[i].Fingerprint]
	}
	return x, nil
}

// Erase removes the viewer's identity (see the store's Erase), then has
// open readers reload the counts.
func (a *Accounts) Erase(ctx context.Context, v Viewer) error {
	if !v.Keyed() {
		return errNoKey
	}
	if err := a.store.Erase(ctx, v.Fingerprint, freshID("erased")); err != nil {
		return err
	}
	return a.blog.PostsChanged(ctx)
}

// LinkNotices are the keys linked to the viewer's identity since its other
// keys last looked: told once, on the identity's next screen.
func (a *Accounts) LinkNotices(ctx context.Context, v Viewer) ([]posts.Key, error) {
	if !v.Keyed() {
		return nil, nil
	}
	return a.store.LinkNotices(ctx, v.Fingerprint, v.LoginKey())
}

// Settings are the viewer's preferences: their identity's, or the
// defaults for a reader without a key (whose changes last one session).
func (a *Accounts) Settings(ctx context.Context, v Viewer) (posts.Settings, error) {
	if !v.Keyed() {
		return posts.DefaultSettings, nil
	}
	return a.store.Settings(ctx, v.Fingerprint)
}

// SaveSettings keeps the viewer's preferences for every connection to come.
func (a *Accounts) SaveSettings(ctx context.Context, v Viewer, st posts.Settings) error {
	if !v.Keyed() {
		return errNoKey
	}
	return a.store.SaveSettings(ctx, v.Fingerprint, st)
}
