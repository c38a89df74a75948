package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
)

// backup copies the database, consistent and online, to the file named by
// its one argument.
func backup(args []string) error {
	cfg, rest, err := parseConfigArgs(args, os.Getenv)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"backup takes one argument, the file to write: sshblog backup FILE"}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if cfg.store != nil {
		err = data.BackupRqlite(ctx, *cfg.store, rest[0])
	} else {
		err = data.Backup(ctx, databasePath(cfg), rest[0])
	}
	if err != nil {
		return err
	}
	info, err := os.Stat(rest[0])
	if err != nil {
		return err
	}
	fmt.Printf("backed up %s to %s (%s)\n", storeName(cfg), rest[0], posts.Bytes(info.Size()))
	return nil
}

// check runs the database's integrity check; any problem is an error.
func check(args []string) error {
	cfg, err := parseConfig(args, os.Getenv)
	if err != nil {
		return err
	}
	path := storeName(cfg)
	var problems []string
	if cfg.store != nil {
		problems, err = data.CheckRqlite(context.Background(), *cfg.store)
	} else {
		problems, err = data.Check(context.Background(), path)
	}
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Println(p)
		}
		return fmt.Errorf("%s failed its integrity check: %d problems; restore a backup", path, len(problems))
	}
	fmt.Printf("%s: ok\n", path)
	return nil
}
