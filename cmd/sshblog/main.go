// Command sshblog serves a blog that people read in their terminal over SSH
// (serve, the default), and reads, backs up, restores, checks and
// health-checks the blog on this machine (tui, backup, restore, check,
// healthcheck).
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
	switch {
	case len(args) > 0 && (args[0] == "--version" || args[0] == "-version"):
		cmd = "version"
	case len(args) > 0 && !isFlag(args[0]):
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return exitStatus(serve(args))
	case "tui":
		return exitStatus(readHere(args))
	case "backup":
		return exitStatus(backup(args))
	case "check":
		return exitStatus(check(args))
	case "restore":
		return exitStatus(restore(args))
	case "load":
		return exitStatus(load(args))
	case "healthcheck":
		// Docker reads 0 as healthy and 1 as unhealthy; it reserves 2.
		if err := healthcheck(args); err != nil {
			fmt.Fprintf(os.Stderr, "sshblog: %v\n", err)
			return 1
		}
		return 0
	case webProcessCommand: // started by serve, not by people: not in the help
		return runWebProcess(args)
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
	fmt.Print(`sshblog serves a blog that people read with ssh.

Commands:
  serve         serve the blog (the default)
  tui           read the blog in this terminal, read-only
  backup FILE   copy the database to FILE, consistent, while it serves
  check         check the database's integrity
  restore FILE  put the backup FILE in place of the database (stop serve first)
  load FILE     move a blog into a new rqlite cluster: FILE (a backup)
                becomes its database (needs --store rqlite://…)
  healthcheck   complete an SSH handshake with the server; exit 0 or 1
  version       print the version (also --version)
  help          this help

tui, backup, check, restore, load and healthcheck take the same flags and
variables as serve (--data-dir, --store, --blog-name, --listen, --host-key).

`)
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
