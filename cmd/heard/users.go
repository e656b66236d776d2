package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"heard/accounts"
	"heard/admin"

	"golang.org/x/term"
)

const userUsage = "usage: heard user add --email ADDRESS --role worker|admin --team NAME | invite --email ADDRESS --team NAME [--role worker|admin] | move --email ADDRESS --team NAME | list | disable|enable|unlock|reset-password|reset-link|reset-2fa --email ADDRESS"

// manageUsers runs `heard user ...`: participation workers' accounts, looked after by
// someone with access to the server, while Heard runs or not (see operate). A password is
// read from standard input (without echo at a terminal), never a flag, so it stays out of
// shell history and process lists. `invite` and `reset-link` print a one-time link's path
// instead, for the worker to choose their own.
func manageUsers(cfg config, args []string, in io.Reader, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(userUsage)
	}
	flags := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	email := flags.String("email", "", "the worker's email address")
	role := flags.String("role", accounts.RoleWorker, "worker or admin")
	team := flags.String("team", "", "the team's name (heard team list shows them)")
	if err := flags.Parse(args[1:]); err != nil {
		return err
	}
	req := admin.Request{Command: "user " + args[0], Email: *email, Role: *role, Team: *team}
	switch args[0] {
	case "add", "reset-password":
		password, err := readPassword(in, out)
		if err != nil {
			return err
		}
		req.Password = password
	case "move":
		if *team == "" {
			return errors.New("say which team: heard user move --email ADDRESS --team NAME")
		}
	case "invite", "disable", "enable", "unlock", "reset-link", "reset-2fa":
	case "list":
		req.Role = ""
	default:
		return fmt.Errorf("unknown user command %q (%s)", args[0], userUsage)
	}
	if args[0] != "list" && *email == "" {
		return fmt.Errorf("say whose account: heard user %s --email ADDRESS", args[0])
	}
	reply, err := operate(cfg, req)
	if err != nil {
		return err
	}
	if reply != "" {
		fmt.Fprintln(out, reply)
	}
	return nil
}

func readPassword(in io.Reader, out io.Writer) (string, error) {
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(out, "Password (at least %d characters): ", accounts.MinPasswordLength)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(out)
		return string(b), err
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
