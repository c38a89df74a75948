package posts

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Identity is a reader who has commented: the SHA256 fingerprint of their SSH
// key and the display name they go by.
type Identity struct {
	Fingerprint string
	Name        string
	PublicKey   string // authorized_keys form
	Created     time.Time
	Banned      bool
}

// Name length limits, in characters.
const (
	MinNameLen = 2
	MaxNameLen = 32
)

var namePattern = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// reservedNames can never be display names: they would pass for the blog or
// its staff.
var reservedNames = []string{"admin", "administrator", "root", "moderator", "mod", "sshblog", "system", "staff", "anonymous", "deleted", "support", "owner"}

// NameRules says what a display name may be, for messages.
const NameRules = "2–32 letters, digits, - _ or ."

// CheckName reports why name cannot be a display name, as an ErrInvalid, or
// nil. blogName is reserved along with the fixed reserved names.
func CheckName(name, blogName string) error {
	switch {
	case len(name) < MinNameLen || len(name) > MaxNameLen || !namePattern.MatchString(name):
		return Invalid(fmt.Sprintf("%q is not a usable name: use %s.", CleanLine(name), NameRules))
	case IsReservedName(name, blogName):
		return Invalid(fmt.Sprintf("%q is reserved; choose another name.", name))
	}
	return nil
}

// IsReservedName reports whether name, in any case, is kept for the blog.
func IsReservedName(name, blogName string) bool {
	if strings.EqualFold(name, blogName) {
		return true
	}
	for _, r := range reservedNames {
		if strings.EqualFold(name, r) {
			return true
		}
	}
	return false
}
