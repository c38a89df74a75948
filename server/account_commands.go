package server

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// errNoAccounts is what the account commands say on a server without them.
var errNoAccounts = refuse("this blog keeps no accounts")

// account checks that the call can have an account: accounts are on and the
// session has a key. what names the command for the keyless ("link keys").
func (c *commands) account(x *call, what string) error {
	switch {
	case c.accounts == nil:
		return errNoAccounts
	case x.viewer.User == GuestUser:
		return refuse("guest has no account, so it cannot %s: connect with your SSH key as any other user (ssh %s %s)",
			what, c.address(), x.name)
	case !x.viewer.Keyed():
		return refuse("you connected without an SSH key, and an account is a key: make one with ssh-keygen -t ed25519, then ssh %s %s",
			c.address(), x.name)
	}
	return nil
}

// linkKey answers `ssh HOST link`, which prints a one-time code, and
// `ssh HOST link CODE` from another key, which joins that key to the code's
// account.
func (c *commands) linkKey(x *call) error {
	if err := c.account(x, "link keys"); err != nil {
		return err
	}
	ctx, cancel := x.storage()
	defer cancel()
	if len(x.args) == 0 {
		code, expires, err := c.accounts.NewLinkCode(ctx, x.viewer)
		if err != nil {
			return serviceError(err)
		}
		fmt.Fprintf(x.out, "From the key you want to add, run within %s (the code works once):\n\n  ssh %s link %s\n\n",
			posts.Count(int(expires.Sub(c.blog.Now()).Round(time.Minute)/time.Minute), "minute"), c.address(), code)
		fmt.Fprintln(x.out, "Anyone with this code can join your account; do not share it.")
		return nil
	}
	v, err := c.accounts.Link(ctx, x.viewer, x.args[0])
	if errors.Is(err, posts.ErrNotFound) {
		return missing("%s To get a code, run ssh %s link from a key that is already yours.", posts.Message(err), c.address())
	}
	if err != nil {
		return serviceError(err)
	}
	me, _, err := c.threads.Me(ctx, v)
	if err != nil {
		return serviceError(err)
	}
	fmt.Fprintf(x.out, "Linked: this key (%s) is now %s here, with the same name, comments and settings.\n", v.Key, posts.CleanLine(me.Name))
	return nil
}

// listKeys answers `ssh HOST keys`: the account's keys, tab separated.
func (c *commands) listKeys(x *call) error {
	if err := c.account(x, "list keys"); err != nil {
		return err
	}
	ctx, cancel := x.storage()
	defer cancel()
	keys, err := c.accounts.Keys(ctx, x.viewer)
	if err != nil {
		return serviceError(err)
	}
	tw := tabwriter.NewWriter(x.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "fingerprint\ttype\tadded\tlast used\tnotes")
	for _, k := range keys {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", k.Fingerprint, k.Type, day(k.Added), day(k.LastUsed), keyNotes(k))
	}
	return tw.Flush()
}

// day is a date as the key list shows it; "-" when unknown.
func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02")
}

// keyNotes says which key is this session's and which are admins'.
func keyNotes(k blog.AccountKey) string {
	var notes []string
	if k.Login {
		notes = append(notes, "this key")
	}
	if k.Admin {
		notes = append(notes, "admin")
	}
	return strings.Join(notes, ", ")
}

// unlinkKey answers `ssh HOST unlink FINGERPRINT`.
func (c *commands) unlinkKey(x *call) error {
	if err := c.account(x, "unlink keys"); err != nil {
		return err
	}
	ctx, cancel := x.storage()
	defer cancel()
	if err := c.accounts.Unlink(ctx, x.viewer, x.args[0]); err != nil {
		return serviceError(err)
	}
	fmt.Fprintf(x.out, "Unlinked %s: it is no longer yours here, and comes back as a new reader.\n", x.args[0])
	return nil
}
