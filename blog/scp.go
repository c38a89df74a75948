package blog

import "strings"

// ScpCommand is the scp line that uploads file to the blog at address, what
// readers type after ssh ("blog.example.com", "-p 2222 me@blog.example.com"):
// scp spells ssh's -p as -P, and an IPv6 host goes in brackets before the
// colon. With no address yet it names HOST.
func ScpCommand(address, file string) string {
	words := strings.Fields(address)
	if len(words) == 0 {
		words = []string{"HOST"}
	}
	line := []string{"scp"}
	for _, w := range words[:len(words)-1] {
		if p, ok := strings.CutPrefix(w, "-p"); ok {
			w = "-P" + p
		}
		line = append(line, w)
	}
	target := words[len(words)-1]
	at := strings.LastIndex(target, "@") + 1
	if host := target[at:]; strings.Contains(host, ":") && !strings.HasPrefix(host, "[") {
		target = target[:at] + "[" + host + "]"
	}
	return strings.Join(append(line, file, target+":"), " ")
}
