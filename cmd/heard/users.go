package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"heard/accounts"
	"heard/store"

	"golang.org/x/term"
)

// manageUsers runs `heard user add|list|disable`: participation workers'
// accounts, made by someone with access to the server. The password is read
// from standard input (without echo when it is a terminal), never a flag,
// so it stays out of shell history and process lists.
func manageUsers(cfg config, args []string, in io.Reader, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: heard user add --email ADDRESS --role worker|admin | list | disable --email ADDRESS")
	}
	flags := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	email := flags.String("email", "", "the worker's email address")
	role := flags.String("role", accounts.RoleWorker, "worker or admin")
	if err := flags.Parse(args[1:]); err != nil {
		return err
	}
	st, err := openStore(cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	switch args[0] {
	case "add":
		password, err := readPassword(in, out)
		if err != nil {
			return err
		}
		address, err := accounts.CheckNew(*email, *role, password)
		if err != nil {
			return err
		}
		if _, found, err := st.GetUser(ctx, address); err != nil {
			return err
		} else if found {
			return fmt.Errorf("%s already has an account", address)
		}
		hash, err := accounts.HashPassword(password)
		if err != nil {
			return err
		}
		if err := st.PutUser(ctx, store.User{Email: address, Role: *role, PasswordHash: hash, Created: time.Now().UTC()}); err != nil {
			return err
		}
		fmt.Fprintf(out, "added %s (%s)\n", address, *role)
	case "list":
		users, err := st.Users(ctx)
		if err != nil {
			return err
		}
		for _, u := range users {
			state := "active"
			if u.Disabled {
				state = "disabled"
			}
			fmt.Fprintf(out, "%s\t%s\t%s\t%s\n", u.Email, u.Role, state, u.Created.Format("2006-01-02"))
		}
	case "disable":
		u, found, err := st.GetUser(ctx, accounts.NormaliseEmail(*email))
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("no account for %s", *email)
		}
		u.Disabled = true
		if err := st.PutUser(ctx, u); err != nil {
			return err
		}
		fmt.Fprintf(out, "disabled %s: they cannot sign in, and their sessions no longer work\n", u.Email)
	default:
		return fmt.Errorf("unknown user command %q (add, list or disable)", args[0])
	}
	return nil
}

func readPassword(in io.Reader, out io.Writer) (string, error) {
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(out, "Password (at least 12 characters): ")
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
