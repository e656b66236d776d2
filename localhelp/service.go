package localhelp

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Store keeps each team's entries. Every call names the team, and no call
// reaches another team's entries: an id of theirs is not found. Both of
// Heard's stores implement it, and pass the contract in store/storetest.
type Store interface {
	// LocalHelp returns every entry of the team, in no particular order.
	LocalHelp(ctx context.Context, team string) ([]Entry, error)
	// GetLocalHelp returns the team's entry with this id.
	GetLocalHelp(ctx context.Context, team, id string) (e Entry, found bool, err error)
	// PutLocalHelp keeps an entry under its team and id, replacing one there.
	PutLocalHelp(ctx context.Context, e Entry) error
	// DeleteLocalHelp deletes the team's entry with this id; deleting a
	// missing one is not an error.
	DeleteLocalHelp(ctx context.Context, team, id string) error
}

// ErrNotFound means the team has no entry with that id (another team's
// entry is not found either: the page answers 404, as for one that never was).
var ErrNotFound = errors.New("localhelp: no such entry")

// Service is what the team's pages and the pages young people see do with
// local help. Now is the clock, so freshness is tested without waiting;
// when it is nil, the service uses the system's. Before, when set, is told
// of each change once it has been checked and before it is kept: when it
// returns an error, nothing is kept and the change returns that error (the
// workers' pages write the audit trail with it).
type Service struct {
	Store  Store
	Now    func() time.Time
	Before func(ctx context.Context, c Change) error
}

// Change is a change to a team's list, as Before is told of it.
type Change struct {
	What ChangeKind
	Team string
	By   string // the worker who made it
	Name string // the entry's name; for Changed, its new one
}

// ChangeKind is what was done to an entry.
type ChangeKind uint8

const (
	Added ChangeKind = iota + 1
	Changed
	Checked
	Removed
)

// before tells Before of a change about to be kept.
func (s *Service) before(ctx context.Context, what ChangeKind, e Entry, by string) error {
	if s.Before == nil {
		return nil
	}
	return s.Before(ctx, Change{What: what, Team: e.Team, By: by, Name: e.Name})
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Listed is an entry as its team sees it, with where it stands.
type Listed struct {
	Entry
	Freshness  Freshness
	HiddenFrom time.Time // the first UK day it is not shown, unless checked before
}

// Add checks a new entry for the team and keeps it, checked by the worker
// by today. With problems, nothing is kept.
func (s *Service) Add(ctx context.Context, team, by string, in Input) (Entry, Problems, error) {
	entries, err := s.list(ctx, team)
	if err != nil {
		return Entry{}, nil, err
	}
	e, problems := New(in, team, rand.Text(), by, s.now())
	if len(entries) >= MaxEntries {
		problems = with(problems, "entries", fmt.Sprintf("Your team lists %d local services, as many as a page can show well. Take one off first.", len(entries)))
	}
	if problems = named(problems, entries, in.Name, ""); len(problems) > 0 {
		return Entry{}, problems, nil
	}
	if err := s.before(ctx, Added, e, by); err != nil {
		return Entry{}, nil, err
	}
	return e, nil, s.Store.PutLocalHelp(ctx, e)
}

// Change replaces an entry's details. The worker has just written them, so
// it counts as a check.
func (s *Service) Change(ctx context.Context, team, id, by string, in Input) (Entry, Problems, error) {
	entries, err := s.list(ctx, team)
	if err != nil {
		return Entry{}, nil, err
	}
	if !slices.ContainsFunc(entries, func(e Entry) bool { return e.ID == id }) {
		return Entry{}, nil, ErrNotFound
	}
	e, problems := New(in, team, id, by, s.now())
	if problems = named(problems, entries, in.Name, id); len(problems) > 0 {
		return Entry{}, problems, nil
	}
	if err := s.before(ctx, Changed, e, by); err != nil {
		return Entry{}, nil, err
	}
	return e, nil, s.Store.PutLocalHelp(ctx, e)
}

// Recheck records that the worker by has checked the entry, unchanged,
// against the service today.
func (s *Service) Recheck(ctx context.Context, team, id, by string) (Entry, error) {
	e, err := s.get(ctx, team, id)
	if err != nil {
		return Entry{}, err
	}
	e.Recheck(by, s.now())
	if err := s.before(ctx, Checked, e, by); err != nil {
		return Entry{}, err
	}
	return e, s.Store.PutLocalHelp(ctx, e)
}

// Remove takes an entry off the team's list: the worker by takes it off.
func (s *Service) Remove(ctx context.Context, team, id, by string) error {
	e, err := s.get(ctx, team, id)
	if err != nil {
		return err
	}
	if err := s.before(ctx, Removed, e, by); err != nil {
		return err
	}
	return s.Store.DeleteLocalHelp(ctx, team, id)
}

// Get returns one of the team's entries, to fill the change form.
func (s *Service) Get(ctx context.Context, team, id string) (Entry, error) {
	return s.get(ctx, team, id)
}

// ForTeam is the team's list as the team sees it: every entry, in order of
// name, each with where it stands, so the page can say "due for a check".
func (s *Service) ForTeam(ctx context.Context, team string) ([]Listed, error) {
	entries, err := s.list(ctx, team)
	if err != nil {
		return nil, err
	}
	now := s.now()
	listed := make([]Listed, 0, len(entries))
	for _, e := range sorted(entries) {
		listed = append(listed, Listed{Entry: e, Freshness: e.FreshnessAt(now), HiddenFrom: e.HiddenFrom()})
	}
	return listed, nil
}

// ForYoungPeople is the team's local help as young people see it now (see
// Cards). A round of no team (the admins' standing round) has none. On an
// error, the page shows the national helplines without it: a help page
// never fails for want of its local part.
func (s *Service) ForYoungPeople(ctx context.Context, team string) ([]Card, error) {
	if team == "" {
		return nil, nil
	}
	entries, err := s.list(ctx, team)
	if err != nil {
		return nil, err
	}
	return Cards(entries, s.now()), nil
}

func (s *Service) list(ctx context.Context, team string) ([]Entry, error) {
	if team == "" {
		return nil, errNoTeam
	}
	return s.Store.LocalHelp(ctx, team)
}

func (s *Service) get(ctx context.Context, team, id string) (Entry, error) {
	if team == "" {
		return Entry{}, errNoTeam
	}
	e, found, err := s.Store.GetLocalHelp(ctx, team, id)
	switch {
	case err != nil:
		return Entry{}, err
	case !found:
		return Entry{}, ErrNotFound
	}
	return e, nil
}

// errNoTeam stops a call without a team before it reaches the store: every
// entry belongs to a team.
var errNoTeam = errors.New("localhelp: no team")

// named adds a problem when another of the team's entries (not the one
// with id self) has the name already.
func named(problems Problems, entries []Entry, name, self string) Problems {
	name = strings.TrimSpace(name)
	for _, e := range entries {
		if e.ID != self && name != "" && strings.EqualFold(e.Name, name) {
			return with(problems, "name", "Your team already lists a service with this name. Change that one, or give this one another name.")
		}
	}
	return problems
}

// with is problems with one more, made when there were none.
func with(problems Problems, field, problem string) Problems {
	if problems == nil {
		problems = Problems{}
	}
	if _, ok := problems[field]; !ok {
		problems[field] = problem
	}
	return problems
}
