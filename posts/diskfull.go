package posts

import (
	"errors"
	"syscall"
)

// ErrDiskFull is the kind of a write refused because the blog's disk (or
// its quota) is full. Nothing of that write was kept; reading goes on.
var ErrDiskFull = errors.New("disk full")

// DiskFull is an ErrDiskFull that tells the reader what was not saved
// ("your comment") and that trying again later will do.
func DiskFull(what string) error {
	return &Error{Kind: ErrDiskFull, Msg: "The blog's disk is full: " + what + " was not saved. Try again later."}
}

// IsDiskFull says err comes from a full disk: the store's ErrDiskFull, or a
// file write's ENOSPC or EDQUOT.
func IsDiskFull(err error) bool {
	return errors.Is(err, ErrDiskFull) || errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
