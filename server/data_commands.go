package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/sshblog/sshblog/posts"
)

// exportData answers `ssh HOST export`: the account as JSON on stdout, in
// the format README's "Your data" describes.
func (c *commands) exportData(x *call) error {
	if err := c.account(x, "export anything"); err != nil {
		return err
	}
	ctx, cancel := x.storage()
	defer cancel()
	data, err := c.accounts.Export(ctx, x.viewer)
	if err != nil {
		return serviceError(err)
	}
	enc := json.NewEncoder(x.out)
	enc.SetIndent("", "  ")
	return enc.Encode(data)
}

// maxConfirmation bounds the line erase reads.
const maxConfirmation = 256

// eraseAccount answers `ssh HOST erase`, which asks for the blog's name on
// stdin (or takes --yes, for scripts) before removing the account.
func (c *commands) eraseAccount(x *call) error {
	if err := c.account(x, "erase anything"); err != nil {
		return err
	}
	switch {
	case len(x.args) == 1 && x.args[0] != "--yes":
		return usageError("usage: ssh %s erase [--yes]", c.address())
	case len(x.args) == 0:
		fmt.Fprintf(x.errOut, "This erases your account on %s: your name, your keys' link, your comments (\"[deleted]\" where "+
			"they have replies), your inbox and your places in posts. It cannot be undone. Type the blog's name, %s, to go on: ",
			c.blog.Name, c.blog.Name)
		x.errOut.Flush()
		line, err := bufio.NewReader(io.LimitReader(x.in, maxConfirmation)).ReadString('\n')
		if err != nil && err != io.EOF {
			return refuse("reading the answer: %v", err)
		}
		if !strings.EqualFold(strings.TrimSpace(line), c.blog.Name) {
			return refuse("that is not %s, so nothing was erased (ssh %s erase --yes skips the question)", c.blog.Name, c.address())
		}
	}
	ctx, cancel := x.storage()
	defer cancel()
	if err := c.accounts.Erase(ctx, x.viewer); err != nil {
		return serviceError(err)
	}
	fmt.Fprintln(x.out, "Erased. Connecting again with any of those keys makes a new reader. Backups made before now keep the old data until they are rotated out.")
	return nil
}

// settings answers `ssh HOST settings [NAME=VALUE…]`: it changes the
// settings given, then prints them all.
func (c *commands) settings(x *call) error {
	if err := c.account(x, "keep settings"); err != nil {
		return err
	}
	ctx, cancel := x.storage()
	defer cancel()
	st, err := c.accounts.Settings(ctx, x.viewer)
	if err != nil {
		return serviceError(err)
	}
	for _, arg := range x.args {
		name, value, ok := strings.Cut(arg, "=")
		if !ok {
			return usageError("usage: ssh %s settings [theme=auto|dark|light|high-contrast] [width=wide|narrow] [plain=on|off] [bell=on|off]", c.address())
		}
		if err := st.Set(name, value); err != nil {
			return usageError("%s", posts.Message(err))
		}
	}
	if len(x.args) > 0 {
		if err := c.accounts.SaveSettings(ctx, x.viewer, st); err != nil {
			return serviceError(err)
		}
	}
	fmt.Fprintf(x.out, "theme=%s\nwidth=%s\nplain=%s\nbell=%s\n", st.Theme, st.Width, onOff(st.Plain), onOff(st.Bell))
	return nil
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
