package posts

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseRange(t *testing.T) {
	tests := []struct{ in, want, wantErr string }{
		{"203.0.113.7", "203.0.113.7/32", ""},
		{"203.0.113.77/24", "203.0.113.0/24", ""},
		{"10.0.0.0/8", "10.0.0.0/8", ""},
		{"2001:db8::1", "2001:db8::/64", ""},
		{"2001:db8:1:2:3::/48", "2001:db8:1::/48", ""},
		{"::ffff:203.0.113.7", "203.0.113.7/32", ""},
		{"::ffff:203.0.113.0/120", "203.0.113.0/24", ""},
		{"::ffff:0:0/90", "", "narrower than one host's /64"},
		{"0.0.0.0/0", "", "too wide"},
		{"10.0.0.0/7", "", "too wide"},
		{"2000::/8", "", "too wide"},
		{"2001:db8::1/128", "", "narrower than one host's /64; ban 2001:db8::/64"},
		{"fe80::1%eth0", "", "zone"},
		{"banana\x1b[31m", "", `"banana" is not an address`},
	}
	for _, tt := range tests {
		got, err := ParseRange(tt.in)
		if tt.wantErr == "" {
			if err != nil || got.String() != tt.want {
				t.Errorf("ParseRange(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
			}
			continue
		}
		if !errors.Is(err, ErrInvalid) || !strings.Contains(Message(err), tt.wantErr) {
			t.Errorf("ParseRange(%q) = %v, %v; want an error saying %q", tt.in, got, err, tt.wantErr)
		}
	}
}

func TestAddressLimitedSaysHowLong(t *testing.T) {
	err := AddressLimited(RateLimit{Count: 3, Per: time.Hour}, 41*time.Minute+3*time.Second, true)
	if !errors.Is(err, ErrLimited) || Message(err) != "Your address may bring 3 new keys an hour; wait 42 minutes for the next." {
		t.Errorf("new identities: %q", Message(err))
	}
	err = AddressLimited(RateLimit{Count: 10, Per: time.Minute}, 1500*time.Millisecond, false)
	if Message(err) != "Your address can post 10 a minute, all keys together; wait 2 seconds." {
		t.Errorf("comments: %q", Message(err))
	}
}
