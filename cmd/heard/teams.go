package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"heard/admin"
)

const teamUsage = "usage: heard team add NAME | list"

// manageTeams runs `heard team ...`: the teams participation workers belong to, while
// Heard runs or not (see operate), like `heard user`.
func manageTeams(cfg config, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(teamUsage)
	}
	req := admin.Request{Command: "team " + args[0]}
	switch args[0] {
	case "add":
		req.Team = strings.Join(args[1:], " ")
		if strings.TrimSpace(req.Team) == "" {
			return errors.New("say the team's name: heard team add NAME")
		}
	case "list":
		if len(args) > 1 {
			return errors.New(teamUsage)
		}
	default:
		return fmt.Errorf("unknown team command %q (%s)", args[0], teamUsage)
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
