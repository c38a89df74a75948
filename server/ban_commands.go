package server

import (
	"fmt"
	"strings"

	"github.com/sshblog/sshblog/posts"
)

// banCommand bans (ssh HOST ban TARGET) or unbans a reader for an admin:
// TARGET is an address range in CIDR (or one address) or a key's SHA256
// fingerprint, as ssh-keygen -lf and the moderation screen show it.
func banCommand(ban bool) func(c *commands, x *call) error {
	return func(c *commands, x *call) error {
		if c.threads == nil {
			return errNoComments
		}
		target := x.args[0]
		ctx, cancel := x.storage()
		defer cancel()
		var err error
		if strings.HasPrefix(target, "SHA256:") {
			identity := target
			if c.accounts != nil {
				if identity, err = c.accounts.IdentityOf(ctx, target); err != nil {
					return err
				}
			}
			err = c.threads.Ban(ctx, x.viewer, identity, ban)
		} else {
			prefix, perr := posts.ParseRange(target)
			if perr != nil {
				return usageError("%s", posts.Message(perr))
			}
			target = prefix.String()
			err = c.threads.BanRange(ctx, x.viewer, prefix, ban)
		}
		if err != nil {
			return serviceError(err)
		}
		if ban {
			fmt.Fprintf(x.out, "Banned %s: no comments from it; reading goes on.\n", target)
		} else {
			fmt.Fprintf(x.out, "Unbanned %s: it can comment again.\n", target)
		}
		return nil
	}
}
