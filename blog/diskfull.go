package blog

import "github.com/sshblog/sshblog/posts"

// diskFull words a write that a full disk refused for the person who made
// it, saying what was not saved; other errors pass as they are.
func diskFull(err error, what string) error {
	if err != nil && posts.IsDiskFull(err) {
		return posts.DiskFull(what)
	}
	return err
}
