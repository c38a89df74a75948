package posts

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCheckComment(t *testing.T) {
	got, err := CheckComment("  hi \x1b[31mthere\x1b]0;x\x07\r\n\u202eok \n")
	if err != nil || got != "hi there\nok" {
		t.Fatalf("CheckComment = %q, %v", got, err)
	}
	bad := map[string]string{
		"   \n\t ":                                   "empty",
		strings.Repeat("a", MaxCommentRunes+1):       "4000",
		strings.Repeat("a\n", MaxCommentLines) + "a": "100",
		"bad \xff utf8":                              "UTF-8",
		"\x1b[2J":                                    "empty",
	}
	for in, want := range bad {
		_, err := CheckComment(in)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(Message(err), want) {
			t.Errorf("CheckComment(%.20q) = %v, want a message with %q", in, err, want)
		}
	}
	if _, err := CheckComment(strings.Repeat("é", MaxCommentRunes)); err != nil {
		t.Errorf("4000 two-byte characters: %v", err)
	}
}

func TestCheckName(t *testing.T) {
	for _, ok := range []string{"al", "alice", "A.b-c_9", "Alice Liddell", "J. R. R. Tolkien", strings.Repeat("x", MaxNameLen)} {
		if err := CheckName(ok, "My Blog"); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"a", strings.Repeat("x", MaxNameLen+1), "two  spaces", " leading", "trailing ", "tab\there", "émile", "x\x1b[31m", ""} {
		err := CheckName(bad, "My Blog")
		if !errors.Is(err, ErrInvalid) || !strings.HasSuffix(Message(err), "is not a usable name. A name has "+NameRules+".") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	for _, reserved := range []string{"Admin", "root", "ADMINISTRATOR", "sshblog", "Guest", "my blog"} {
		err := CheckName(reserved, "My Blog")
		if !errors.Is(err, ErrInvalid) || !strings.Contains(Message(err), "the reserved names are root, admin, administrator, sshblog, guest,") ||
			!strings.Contains(Message(err), " and My Blog (this blog's name). Choose another name.") {
			t.Errorf("%q: %v", reserved, err)
		}
	}
}

func TestRateErrorSaysHowLongToWait(t *testing.T) {
	err := error(&RateError{Limit: DefaultRateLimit, Wait: 41500 * time.Millisecond})
	if Message(err) != "You can post 5 comments a minute; wait 42 seconds before the next." || !errors.Is(err, ErrLimited) {
		t.Errorf("message %q", Message(err))
	}
}
