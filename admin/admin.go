// Package admin is what an operator does to Heard's store from the command line: accounts,
// teams, checks and backups. A running Heard takes these requests on a unix socket in its data
// folder that only its own user can reach (socket.go); with Heard stopped, or with Redis,
// the same commands run on the store directly (Run).
package admin

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"heard/store"
)

// Request is one command and what it needs. It travels as JSON over the socket: a password
// goes only there or stays in the process, never in a command line or a log.
type Request struct {
	Command  string `json:"command"` // "user add", "check", ...: a key of commands
	Email    string `json:"email,omitempty"`
	Role     string `json:"role,omitempty"`
	Team     string `json:"team,omitempty"` // a team's name, as the operator typed it
	Password string `json:"password,omitempty"`
}

// command does one Request on a store and returns what to show the operator.
type command func(ctx context.Context, st store.Store, req Request) (string, error)

// commands are every request Run knows, by name. A new command is a function and a line here.
var commands = map[string]command{
	"user add":            addUser,
	"user list":           listUsers,
	"user disable":        disableUser,
	"user enable":         enableUser,
	"user unlock":         unlockUser,
	"user reset-2fa":      resetTwoFactor,
	"user reset-password": resetPassword,
	"user reset-link":     resetLink,
	"user move":           moveUser,
	"user invite":         inviteUser,
	"team add":            addTeam,
	"team list":           listTeams,
	"check":               checkStore,
}

// ErrUnknownCommand is a request for a command Run does not know.
var ErrUnknownCommand = errors.New("admin: unknown command")

// Run does req on st and returns what to show the operator.
func Run(ctx context.Context, st store.Store, req Request) (string, error) {
	do, ok := commands[req.Command]
	if !ok {
		known := make([]string, 0, len(commands))
		for name := range commands {
			known = append(known, name)
		}
		slices.Sort(known)
		return "", fmt.Errorf("%w %q (known: %s)", ErrUnknownCommand, req.Command, strings.Join(known, ", "))
	}
	return do(ctx, st, req)
}

// checker is a store whose file can be checked page by page: the embedded one.
type checker interface {
	Check(ctx context.Context) (string, error)
}

// checkStore checks the running Heard's file.
func checkStore(ctx context.Context, st store.Store, _ Request) (string, error) {
	c, ok := st.(checker)
	if !ok {
		return "", errors.New("heard check reads the embedded store's file; Redis checks its own (redis-check-aof, redis-check-rdb)")
	}
	return verdict(c.Check(ctx))
}

// CheckFile checks a data file that no Heard is running on, as checkStore does.
func CheckFile(path string) (string, error) {
	return verdict(store.CheckFile(path))
}

// verdict words a check's result for the operator: the file is sound, or what is wrong
// with it and what to do.
func verdict(summary string, err error) (string, error) {
	var damaged *store.DamagedError
	if errors.As(err, &damaged) {
		detail := ""
		if damaged.Detail != "" {
			detail = " (" + damaged.Detail + ")"
		}
		return "", fmt.Errorf("%s %s%s. Stop Heard, restore the newest backup with `heard restore FILE` "+
			"(it keeps the damaged file aside), and start Heard again", damaged.Path, damaged.Problem, detail)
	}
	if err != nil {
		return "", err
	}
	return summary, nil
}
