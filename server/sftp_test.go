package server

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/pkg/sftp"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// pkg/sftp calls handlers on its own goroutines, where a panic would end the
// process: each handler recovers. Here a handler without a session panics
// as it tells the client why it refuses.
func TestSFTPHandlerPanicIsAFailedRequest(t *testing.T) {
	var log bytes.Buffer
	h := &sftpPosts{s: serverLoggingTo(&log), open: map[string]*upload{}}
	_, err := h.Filewrite(sftp.NewRequest("Put", "/elsewhere/post.md"))
	if !errors.Is(err, sftp.ErrSSHFxFailure) {
		t.Errorf("the request ended with %v", err)
	}
	if !strings.Contains(log.String(), "sftp handler panicked") || testutil.ToFloat64(h.s.metrics.panics) != 1 {
		t.Errorf("the panic was not logged and counted: %s", log.String())
	}
}
