package server

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/ssh"

	"github.com/sshblog/sshblog/posts"
)

// banCommand bans (ssh HOST ban TARGET) or unbans a reader for an admin:
// TARGET is an address range in CIDR (or one address) or a key's SHA256
// fingerprint, as ssh-keygen -lf and the moderation screen show it.
func banCommand(ban bool) func(s *Server, sess ssh.Session, args []string) int {
	return func(s *Server, sess ssh.Session, args []string) int {
		threads := s.threads(sess)
		if threads == nil {
			return exitFailed
		}
		target, v := args[0], s.viewer(sess)
		ctx, cancel := commandContext(sess)
		defer cancel()
		var err error
		if strings.HasPrefix(target, "SHA256:") {
			err = threads.Ban(ctx, v, target, ban)
		} else {
			prefix, perr := posts.ParseRange(target)
			if perr != nil {
				return fail(sess, exitUsage, "%s", posts.Message(perr))
			}
			target = prefix.String()
			err = threads.BanRange(ctx, v, prefix, ban)
		}
		if err != nil {
			s.logUnexpected(sess, "ban", err)
			return fail(sess, exitFailed, "%s", posts.Message(err))
		}
		if ban {
			fmt.Fprintf(sess, "Banned %s: no comments from it; reading goes on.\n", target)
		} else {
			fmt.Fprintf(sess, "Unbanned %s: it can comment again.\n", target)
		}
		return exitOK
	}
}
