package server

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/sshblog/sshblog/posts"
)

// errNoInbox is what the inbox commands say on a server without inboxes.
var errNoInbox = refuse("this blog keeps no inboxes")

// printInbox answers `ssh HOST inbox [--all]` and `ssh HOST inbox feed-url
// [--new]`. Printing the unread items does not mark them read: that is the
// inbox screen's, where a person sees them.
func (c *commands) printInbox(x *call) error {
	if c.inbox == nil {
		return errNoInbox
	}
	if err := c.account(x, "have an inbox"); err != nil {
		return err
	}
	args := strings.Join(x.args, " ")
	switch args {
	case "", "--all":
	case "feed-url", "feed-url --new":
		return c.feedURL(x, args == "feed-url --new")
	default:
		return usageError("usage: ssh %s inbox [--all] | inbox feed-url [--new]", c.address())
	}
	ctx, cancel := x.storage()
	defer cancel()
	items, err := c.inbox.Items(ctx, x.viewer, args == "--all")
	if err != nil {
		return serviceError(err)
	}
	if len(items) == 0 {
		fmt.Fprintln(x.out, "Nothing waits for you: replies to your comments come here.")
		return nil
	}
	var b strings.Builder
	for _, it := range items {
		name := it.AuthorName
		if name == "" {
			name = "someone"
		}
		state := ""
		if it.Unread {
			state = "new · "
		}
		first, _, _ := strings.Cut(it.Body, "\n")
		fmt.Fprintf(&b, "%s%s · %s · under “%s” (#%d, ssh -t %s read %s)\n  %s\n\n",
			state, name, it.Created.UTC().Format("2006-01-02 15:04"), it.PostTitle, it.ID, c.address(), it.PostSlug, first)
	}
	_, err = fmt.Fprint(x.out, b.String())
	return err
}

// feedURL prints the private inbox feed's address, making its secret the
// first time; renew makes a new one, and the old stops working.
func (c *commands) feedURL(x *call, renew bool) error {
	if c.feedAt == nil {
		return refuse("this blog has no web mirror (--base-url), so your inbox has no feed")
	}
	ctx, cancel := x.storage()
	defer cancel()
	secret, err := c.inbox.FeedSecret(ctx, x.viewer, renew)
	if err != nil {
		return serviceError(err)
	}
	fmt.Fprintln(x.out, c.feedAt(secret))
	if renew {
		fmt.Fprintln(x.errOut, "The old address no longer works.")
	}
	fmt.Fprintln(x.errOut, "Anyone with this address can read your inbox; ssh "+c.address()+" inbox feed-url --new makes a new one.")
	return nil
}

// muteCommand mutes (ssh HOST mute #ID|SHA256:KEY) the thread of a comment
// or someone's comments in your inbox, or unmutes them.
func muteCommand(mute bool) func(c *commands, x *call) error {
	return func(c *commands, x *call) error {
		if c.inbox == nil {
			return errNoInbox
		}
		if err := c.account(x, "mute"); err != nil {
			return err
		}
		ctx, cancel := x.storage()
		defer cancel()
		m, what, err := c.muteTarget(ctx, x.args[0])
		if err != nil {
			return err
		}
		if err := c.inbox.Mute(ctx, x.viewer, m, mute); err != nil {
			return serviceError(err)
		}
		if mute {
			fmt.Fprintf(x.out, "Muted %s: nothing from it comes to your inbox.\n", what)
		} else {
			fmt.Fprintf(x.out, "Unmuted %s.\n", what)
		}
		return nil
	}
}

// muteTarget reads #ID (that comment's thread) or a key's fingerprint (its
// owner).
func (c *commands) muteTarget(ctx context.Context, arg string) (posts.InboxMute, string, error) {
	if strings.HasPrefix(arg, "SHA256:") {
		if c.accounts == nil {
			return posts.InboxMute{Author: arg}, arg, nil
		}
		id, err := c.accounts.IdentityOf(ctx, arg)
		return posts.InboxMute{Author: id}, arg, err
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64)
	if err != nil || n <= 0 {
		return posts.InboxMute{}, "", usageError("%q is neither a comment id (#12) nor a key (SHA256:…)", arg)
	}
	thread, err := c.inbox.Thread(ctx, n)
	if err != nil {
		return posts.InboxMute{}, "", serviceError(err)
	}
	return posts.InboxMute{Thread: thread}, fmt.Sprintf("the thread of #%d", n), nil
}
