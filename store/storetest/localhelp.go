package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"testing"
	"time"

	"heard/localhelp"
)

// LocalHelp is the contract of localhelp.Store: entries come back exactly
// as kept, and each team's are its own.
func LocalHelp(t *testing.T, open func(t *testing.T) localhelp.Store) {
	checked := time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)
	entry := func(team, id, name string) localhelp.Entry {
		return localhelp.Entry{ID: id, Team: team, Name: name, Phone: "(0161) 496-0000", Web: "https://www.example.org/clinic",
			Hours: "Monday to Friday, 9am to 5pm", CheckedBy: "amy@example.org", CheckedOn: checked}
	}

	t.Run("LocalHelpComesBackExactlyAsKept", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		clinic := entry("north", "a1", "Sexual health clinic")
		// Written as workers write them: no-break spaces, brackets, Urdu, an emoji.
		urdu := localhelp.Entry{ID: "b2", Team: "north", Name: "نوجوانوں کی خدمت 🌱", Phone: "+44\u00a0161\u00a0496\u00a00001",
			Hours: "پیر سے جمعہ، صبح 9 بجے سے شام 5 بجے تک", CheckedBy: "zed@example.org", CheckedOn: checked.AddDate(0, 1, 0)}
		must(t, s.PutLocalHelp(ctx, clinic))
		must(t, s.PutLocalHelp(ctx, urdu))
		for _, want := range []localhelp.Entry{clinic, urdu} {
			got, found, err := s.GetLocalHelp(ctx, "north", want.ID)
			must(t, err)
			if !found || !sameEntry(got, want) {
				t.Errorf("GetLocalHelp(north, %s) = %+v, %v; want %+v", want.ID, got, found, want)
			}
		}
		all, err := s.LocalHelp(ctx, "north")
		must(t, err)
		if !sameEntries(all, []localhelp.Entry{clinic, urdu}) {
			t.Errorf("LocalHelp(north) = %+v", all)
		}
	})

	t.Run("LocalHelpPutReplacesAndDeleteRemoves", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		first, other := entry("north", "a1", "Clinic"), entry("north", "a2", "Youth service")
		must(t, s.PutLocalHelp(ctx, first))
		must(t, s.PutLocalHelp(ctx, other))
		changed := first
		changed.Name, changed.Phone, changed.CheckedBy, changed.CheckedOn = "Clinic (new site)", "", "zed@example.org", checked.AddDate(0, 6, 0)
		must(t, s.PutLocalHelp(ctx, changed))
		if got, _, err := s.GetLocalHelp(ctx, "north", "a1"); err != nil || !sameEntry(got, changed) {
			t.Errorf("after replacing: %+v, %v", got, err)
		}
		must(t, s.DeleteLocalHelp(ctx, "north", "a1"))
		if _, found, err := s.GetLocalHelp(ctx, "north", "a1"); err != nil || found {
			t.Errorf("a deleted entry was found (%v)", err)
		}
		all, err := s.LocalHelp(ctx, "north")
		must(t, err)
		if !sameEntries(all, []localhelp.Entry{other}) {
			t.Errorf("after deleting one: %+v", all)
		}
		must(t, s.DeleteLocalHelp(ctx, "north", "a1")) // again: not an error
		must(t, s.DeleteLocalHelp(ctx, "north", "a2"))
		must(t, s.DeleteLocalHelp(ctx, "nobody", "a2"))
		if all, err := s.LocalHelp(ctx, "north"); err != nil || len(all) != 0 {
			t.Errorf("after deleting every entry: %+v, %v", all, err)
		}
	})

	// Teams may be named anything a person types: none reaches another's entries,
	// even with the same ids, or names that look like part of a key.
	t.Run("LocalHelpOfEachTeamIsItsOwn", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		teams := []string{"north", "North", "north:a1", "north/a1", "{north}", "north}", "Gwasanaeth Ieuenctid Môn", "a b", "localhelp:north"}
		for _, team := range teams {
			must(t, s.PutLocalHelp(ctx, entry(team, "a1", "Clinic of "+team)))
		}
		for _, team := range teams {
			all, err := s.LocalHelp(ctx, team)
			must(t, err)
			if !sameEntries(all, []localhelp.Entry{entry(team, "a1", "Clinic of "+team)}) {
				t.Errorf("LocalHelp(%q) = %+v", team, all)
			}
		}
		must(t, s.DeleteLocalHelp(ctx, "North", "a1"))
		if _, found, _ := s.GetLocalHelp(ctx, "north", "a1"); !found {
			t.Error("deleting North's entry deleted north's")
		}
		if _, found, _ := s.GetLocalHelp(ctx, "south", "a1"); found {
			t.Error("a team with no entries found another team's by its id")
		}
		if all, err := s.LocalHelp(ctx, "south"); err != nil || len(all) != 0 {
			t.Errorf("a team with no entries: %+v, %v", all, err)
		}
	})

	t.Run("LocalHelpWithoutATeamOrIDIsRefused", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		for _, e := range []localhelp.Entry{entry("", "a1", "Clinic"), entry("north", "", "Clinic")} {
			if err := s.PutLocalHelp(ctx, e); err == nil {
				t.Errorf("kept an entry with team %q and id %q", e.Team, e.ID)
			}
		}
		if all, err := s.LocalHelp(ctx, ""); err != nil || len(all) != 0 {
			t.Errorf("LocalHelp of no team: %+v, %v", all, err)
		}
		if _, found, err := s.GetLocalHelp(ctx, "", "a1"); err != nil || found {
			t.Errorf("GetLocalHelp of no team: %v, %v", found, err)
		}
		must(t, s.DeleteLocalHelp(ctx, "", "a1"))
	})

	t.Run("LocalHelpAddedAtOnceIsAllKept", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		const n = 20
		var want []localhelp.Entry
		for i := range n {
			want = append(want, entry("north", fmt.Sprint("id", i), fmt.Sprint("Service ", i)))
		}
		next := make(chan localhelp.Entry, n)
		for _, e := range want {
			next <- e
		}
		close(next)
		parallel(t, 5, func() error {
			for e := range next {
				if err := s.PutLocalHelp(ctx, e); err != nil {
					return err
				}
			}
			return nil
		})
		all, err := s.LocalHelp(ctx, "north")
		must(t, err)
		if !sameEntries(all, want) {
			t.Errorf("kept %d of %d entries added at once", len(all), n)
		}
	})
}

// sameEntry compares entries field by field, the date as an instant.
func sameEntry(a, b localhelp.Entry) bool {
	ac, bc := a, b
	ac.CheckedOn, bc.CheckedOn = time.Time{}, time.Time{}
	return ac == bc && a.CheckedOn.Equal(b.CheckedOn)
}

// sameEntries compares lists in any order.
func sameEntries(got, want []localhelp.Entry) bool {
	byID := func(a, b localhelp.Entry) int { return cmp.Compare(a.ID+"\x00"+a.Team, b.ID+"\x00"+b.Team) }
	got, want = slices.SortedFunc(slices.Values(got), byID), slices.SortedFunc(slices.Values(want), byID)
	return slices.EqualFunc(got, want, sameEntry)
}
