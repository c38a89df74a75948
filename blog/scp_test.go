package blog

import "testing"

func TestScpCommand(t *testing.T) {
	for address, want := range map[string]string{
		"":                 "scp post.md HOST:",
		"blog.example.com": "scp post.md blog.example.com:",
		"-o Port=2222 -p 2222 me@blog.example.com": "scp -o Port=2222 -P 2222 post.md me@blog.example.com:",
		"-p 2222 ::1":            "scp -P 2222 post.md [::1]:",
		"-p 2222 me@2001:db8::1": "scp -P 2222 post.md me@[2001:db8::1]:",
		"[::1]":                  "scp post.md [::1]:",
	} {
		if got := ScpCommand(address, "post.md"); got != want {
			t.Errorf("ScpCommand(%q) = %q, want %q", address, got, want)
		}
	}
}
