package powercut

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
)

// namespaceEnv marks a process Reexec started in its own mount namespace.
const namespaceEnv = "SSHBLOG_POWERCUT_NAMESPACE"

// Reexec runs this program again, with the same arguments, in a private
// mount namespace (mounts made there are seen by it and its children only,
// and vanish with them, so a crash leaves no dead mount behind) and returns
// its exit status; inside, it returns at once with inside true.
func Reexec() (inside bool, status int, err error) {
	if os.Getenv(namespaceEnv) != "" {
		return true, 0, nil
	}
	cmd := exec.Command("/proc/self/exe", os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), namespaceEnv+"=1")
	// Go makes / private (MS_REC|MS_PRIVATE) in the new namespace.
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
	err = cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return false, exit.ExitCode(), nil
	}
	if err != nil {
		return false, 0, err
	}
	return false, 0, nil
}
