package localhelp_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"heard/localhelp"
	"heard/store"
)

// clock is a test's own time, moved on by hand.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

// newService is the service on a real embedded store of the test's own.
func newService(t *testing.T) (*localhelp.Service, *clock, *store.Embedded) {
	t.Helper()
	st, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c := &clock{now: time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)}
	return &localhelp.Service{Store: st, Now: c.Now}, c, st
}

var clinic = localhelp.Input{Name: "Sexual health clinic", Phone: "(0161) 496 0000", Hours: "Monday to Friday, 9am to 5pm"}

func mustAdd(t *testing.T, s *localhelp.Service, team, by string, in localhelp.Input) localhelp.Entry {
	t.Helper()
	e, problems, err := s.Add(t.Context(), team, by, in)
	if err != nil || problems != nil {
		t.Fatalf("Add(%s, %+v): %v, %v", team, in, problems, err)
	}
	return e
}

func TestATeamSeesAndChangesOnlyItsOwnLocalHelp(t *testing.T) {
	s, _, _ := newService(t)
	ctx := t.Context()
	north := mustAdd(t, s, "north", "amy@example.org", clinic)
	if north.ID == "" || north.Team != "north" || north.Phone != clinic.Phone {
		t.Fatalf("added %+v", north)
	}
	other := clinic
	other.Name = "South youth service"
	mustAdd(t, s, "south", "bo@example.org", other)

	if _, _, err := s.Change(ctx, "south", north.ID, "bo@example.org", other); !errors.Is(err, localhelp.ErrNotFound) {
		t.Errorf("south changed north's entry: %v", err)
	}
	if _, err := s.Recheck(ctx, "south", north.ID, "bo@example.org"); !errors.Is(err, localhelp.ErrNotFound) {
		t.Errorf("south rechecked north's entry: %v", err)
	}
	if err := s.Remove(ctx, "south", north.ID, "bo@example.org"); !errors.Is(err, localhelp.ErrNotFound) {
		t.Errorf("south removed north's entry: %v", err)
	}
	if _, err := s.Get(ctx, "south", north.ID); !errors.Is(err, localhelp.ErrNotFound) {
		t.Errorf("south read north's entry: %v", err)
	}
	for team, want := range map[string]string{"north": "Sexual health clinic", "south": "South youth service"} {
		listed, err := s.ForTeam(ctx, team)
		if err != nil || len(listed) != 1 || listed[0].Name != want {
			t.Errorf("%s lists %+v, %v", team, listed, err)
		}
		cards, err := s.ForYoungPeople(ctx, team)
		if err != nil || len(cards) != 1 || cards[0].Name != want {
			t.Errorf("%s shows %+v, %v", team, cards, err)
		}
	}
	if cards, err := s.ForYoungPeople(ctx, "east"); err != nil || len(cards) != 0 {
		t.Errorf("a team with none shows %+v, %v", cards, err)
	}
	if cards, err := s.ForYoungPeople(ctx, ""); err != nil || len(cards) != 0 {
		t.Errorf("a round of no team shows %+v, %v", cards, err)
	}
	if _, err := s.ForTeam(ctx, ""); err == nil {
		t.Error("listed the entries of no team")
	}
	if err := s.Remove(ctx, "north", north.ID, "amy@example.org"); err != nil {
		t.Fatal(err)
	}
	if listed, _ := s.ForTeam(ctx, "north"); len(listed) != 0 {
		t.Errorf("after removing: %+v", listed)
	}
	if _, _, err := s.Add(ctx, "", "amy@example.org", clinic); err == nil {
		t.Error("added an entry for no team")
	}
}

func TestLocalHelpIsHiddenAfterSixMonthsUntilSomeoneChecksIt(t *testing.T) {
	s, c, _ := newService(t)
	ctx := t.Context()
	e := mustAdd(t, s, "north", "amy@example.org", clinic) // checked 14 March 2026
	at := func(when time.Time) (localhelp.Freshness, int) {
		c.now = when
		listed, err := s.ForTeam(ctx, "north")
		if err != nil || len(listed) != 1 {
			t.Fatalf("listed %+v, %v", listed, err)
		}
		cards, err := s.ForYoungPeople(ctx, "north")
		if err != nil {
			t.Fatal(err)
		}
		return listed[0].Freshness, len(cards)
	}
	if f, n := at(time.Date(2026, 8, 13, 12, 0, 0, 0, time.UTC)); f != localhelp.Fresh || n != 1 {
		t.Errorf("after five months less a day: freshness %d, %d cards", f, n)
	}
	if f, n := at(time.Date(2026, 8, 14, 12, 0, 0, 0, time.UTC)); f != localhelp.Due || n != 1 {
		t.Errorf("after five months: freshness %d, %d cards; want due for a check, still shown", f, n)
	}
	if f, n := at(time.Date(2026, 9, 14, 12, 0, 0, 0, time.UTC)); f != localhelp.Hidden || n != 0 {
		t.Errorf("after six months: freshness %d, %d cards; want hidden", f, n)
	}
	rechecked, err := s.Recheck(ctx, "north", e.ID, "zed@example.org")
	if err != nil || rechecked.CheckedBy != "zed@example.org" || rechecked.Phone != e.Phone {
		t.Fatalf("recheck: %+v, %v", rechecked, err)
	}
	if f, n := at(c.now); f != localhelp.Fresh || n != 1 {
		t.Errorf("after a recheck: freshness %d, %d cards", f, n)
	}
	listed, _ := s.ForTeam(ctx, "north")
	if want := time.Date(2027, 3, 14, 0, 0, 0, 0, time.UTC); !listed[0].HiddenFrom.Equal(want) {
		t.Errorf("hidden from %v, want %v", listed[0].HiddenFrom, want)
	}
}

func TestChangingAnEntryCountsAsACheckAndKeepsItsID(t *testing.T) {
	s, c, _ := newService(t)
	ctx := t.Context()
	e := mustAdd(t, s, "north", "amy@example.org", clinic)
	c.now = c.now.AddDate(0, 7, 0)
	in := clinic
	in.Phone, in.Web = "", "https://www.example.org/clinic"
	changed, problems, err := s.Change(ctx, "north", e.ID, "zed@example.org", in)
	if err != nil || problems != nil {
		t.Fatalf("change: %v, %v", problems, err)
	}
	if changed.ID != e.ID || changed.Phone != "" || changed.Web != in.Web || changed.CheckedBy != "zed@example.org" || !changed.ShownAt(c.now) {
		t.Errorf("changed %+v", changed)
	}
	got, err := s.Get(ctx, "north", e.ID)
	if err != nil || got != changed {
		t.Errorf("kept %+v, %v", got, err)
	}
}

func TestAFormWithProblemsKeepsNothing(t *testing.T) {
	s, _, _ := newService(t)
	ctx := t.Context()
	e := mustAdd(t, s, "north", "amy@example.org", clinic)
	bad := clinic
	bad.Phone = "0909 879 0000"
	if _, problems, err := s.Add(ctx, "north", "amy@example.org", bad); err != nil || !strings.Contains(problems["phone"], "premium rate") {
		t.Errorf("add: %v, %v", problems, err)
	}
	if _, problems, err := s.Change(ctx, "north", e.ID, "amy@example.org", bad); err != nil || problems["phone"] == "" {
		t.Errorf("change: %v, %v", problems, err)
	}
	listed, _ := s.ForTeam(ctx, "north")
	if len(listed) != 1 || listed[0].Entry != e {
		t.Errorf("after refused forms: %+v", listed)
	}
}

func TestATeamListsEachServiceOnceAndAtMostTen(t *testing.T) {
	s, _, _ := newService(t)
	ctx := t.Context()
	first := mustAdd(t, s, "north", "amy@example.org", clinic)
	same := clinic
	same.Name = "  SEXUAL health clinic "
	if _, problems, err := s.Add(ctx, "north", "amy@example.org", same); err != nil || !strings.Contains(problems["name"], "already lists") {
		t.Errorf("a second entry of the same name: %v, %v", problems, err)
	}
	if _, problems, err := s.Change(ctx, "north", first.ID, "amy@example.org", same); err != nil || problems != nil {
		t.Errorf("renaming an entry to its own name: %v, %v", problems, err)
	}
	mustAdd(t, s, "south", "bo@example.org", clinic) // another team may list the same
	for i := 2; i <= localhelp.MaxEntries; i++ {
		in := clinic
		in.Name = fmt.Sprint("Service ", i)
		mustAdd(t, s, "north", "amy@example.org", in)
	}
	in := clinic
	in.Name = "One too many"
	if _, problems, err := s.Add(ctx, "north", "amy@example.org", in); err != nil || !strings.Contains(problems["entries"], "Take one off first") {
		t.Errorf("an eleventh entry: %v, %v", problems, err)
	}
	if listed, _ := s.ForTeam(ctx, "north"); len(listed) != localhelp.MaxEntries {
		t.Errorf("%d listed", len(listed))
	}
}

// A store that fails is an error to the page, which then shows the national
// helplines alone: never a panic.
func TestAStoreThatFailsIsAnError(t *testing.T) {
	s, _, st := newService(t)
	mustAdd(t, s, "north", "amy@example.org", clinic)
	st.Close()
	if cards, err := s.ForYoungPeople(t.Context(), "north"); err == nil || cards != nil {
		t.Errorf("a closed store: %+v, %v", cards, err)
	}
}

// TestEachChangeIsToldBeforeItIsKept: Before hears of each change once it
// is checked, with who made it and the entry's name, and when it refuses,
// nothing is kept.
func TestEachChangeIsToldBeforeItIsKept(t *testing.T) {
	s, _, _ := newService(t)
	ctx := t.Context()
	var told []localhelp.Change
	refuse := false
	s.Before = func(_ context.Context, c localhelp.Change) error {
		if refuse {
			return errors.New("the trail is full")
		}
		told = append(told, c)
		return nil
	}
	e := mustAdd(t, s, "north", "amy@example.org", clinic)
	renamed := clinic
	renamed.Name = "Clinic on the hill"
	if _, problems, err := s.Change(ctx, "north", e.ID, "bo@example.org", renamed); err != nil || problems != nil {
		t.Fatalf("change: %v, %v", problems, err)
	}
	if _, err := s.Recheck(ctx, "north", e.ID, "zed@example.org"); err != nil {
		t.Fatal(err)
	}
	if _, problems, _ := s.Add(ctx, "north", "amy@example.org", localhelp.Input{Phone: clinic.Phone}); problems == nil {
		t.Fatal("added an entry with no name")
	}

	refuse = true
	other := clinic
	other.Name = "Youth service"
	if _, _, err := s.Add(ctx, "north", "amy@example.org", other); err == nil {
		t.Error("added, refused")
	}
	if _, _, err := s.Change(ctx, "north", e.ID, "amy@example.org", clinic); err == nil {
		t.Error("changed, refused")
	}
	if _, err := s.Recheck(ctx, "north", e.ID, "amy@example.org"); err == nil {
		t.Error("checked, refused")
	}
	if err := s.Remove(ctx, "north", e.ID, "amy@example.org"); err == nil {
		t.Error("removed, refused")
	}
	if listed, _ := s.ForTeam(ctx, "north"); len(listed) != 1 || listed[0].Name != "Clinic on the hill" || listed[0].CheckedBy != "zed@example.org" {
		t.Errorf("after refusals the list is %+v", listed)
	}

	refuse = false
	if err := s.Remove(ctx, "north", e.ID, "amy@example.org"); err != nil {
		t.Fatal(err)
	}
	want := []localhelp.Change{
		{What: localhelp.Added, Team: "north", By: "amy@example.org", Name: "Sexual health clinic"},
		{What: localhelp.Changed, Team: "north", By: "bo@example.org", Name: "Clinic on the hill"},
		{What: localhelp.Checked, Team: "north", By: "zed@example.org", Name: "Clinic on the hill"},
		{What: localhelp.Removed, Team: "north", By: "amy@example.org", Name: "Clinic on the hill"},
	}
	if fmt.Sprint(told) != fmt.Sprint(want) {
		t.Errorf("told %+v, want %+v", told, want)
	}
}
