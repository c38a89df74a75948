// Command sshblog serves a blog that people read in their terminal over SSH.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:]))
}

// run dispatches the subcommand and returns the exit status.
func run(args []string) int {
	cmd := "serve"
	if len(args) > 0 && !isFlag(args[0]) {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return exitStatus(serve(args))
	case "tui":
		return exitStatus(readHere(args))
	case "version":
		fmt.Println("sshblog", version)
		return 0
	case "help":
		printHelp()
		return 0
	default:
		fmt.Fprintf(os.Stderr, "sshblog: unknown command %q (try sshblog --help)\n", cmd)
		return 2
	}
}

func isFlag(arg string) bool { return len(arg) > 0 && arg[0] == '-' }

func printHelp() {
	fmt.Print("sshblog serves a blog that people read with ssh.\n\nCommands:\n  serve     serve the blog (the default)\n  tui       read the blog in this terminal, read-only (takes serve's --data-dir and --blog-name)\n  version   print the version\n  help      this help\n\n")
	printServeHelp(os.Stdout)
}

// exitStatus maps serve's error to an exit status: 2 for mistakes in the
// configuration, 1 for anything else.
func exitStatus(err error) int {
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		printHelp()
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(os.Stderr, "sshblog: %s (try sshblog --help)\n", ue.msg)
		return 2
	default:
		fmt.Fprintf(os.Stderr, "sshblog: %v\n", err)
		return 1
	}
}
