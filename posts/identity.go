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

// namePattern is one or more words of ASCII letters, digits, . - and _,
// with single spaces between them: "Alice Liddell", "al_42".
var namePattern = regexp.MustCompile(`^[A-Za-z0-9._-]+( [A-Za-z0-9._-]+)*$`)

// reservedNames can never be display names: they would pass for the blog,
// its staff or the keyless guest.
var reservedNames = []string{"root", "admin", "administrator", "sshblog", "guest", "moderator", "mod", "system", "staff", "anonymous", "deleted", "support", "owner"}

// NameRules says what a display name may be, for messages.
const NameRules = "2–32 letters, digits, . - _ or single spaces inside"

// CheckName reports why name cannot be a display name, as an ErrInvalid, or
// nil. blogName is reserved along with the fixed reserved names.
func CheckName(name, blogName string) error {
	switch {
	case len(name) < MinNameLen || len(name) > MaxNameLen || !namePattern.MatchString(name):
		return Invalid(fmt.Sprintf("%q is not a usable name. A name has %s.", CleanLine(name), NameRules))
	case IsReservedName(name, blogName):
		return Invalid(fmt.Sprintf("%q is reserved; the reserved names are %s. Choose another name.", name, reservedNameList(blogName)))
	}
	return nil
}

// reservedNameList lists the names no reader may take, for messages.
func reservedNameList(blogName string) string {
	names := append([]string(nil), reservedNames...)
	if blogName != "" && !IsReservedName(blogName, "") {
		names = append(names, CleanLine(blogName)+" (this blog's name)")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// IsReservedName reports whether name, in any case, is kept for the blog.
func IsReservedName(name, blogName string) bool {
	if blogName != "" && strings.EqualFold(name, blogName) {
		return true
	}
	for _, r := range reservedNames {
		if strings.EqualFold(name, r) {
			return true
		}
	}
	return false
}
