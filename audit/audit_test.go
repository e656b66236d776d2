package audit_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"heard/audit"
	"heard/store"
	"heard/store/storetest"
)

// An entry has a field for who, what, which round, account and team, and
// when, and none for anything else: no place for words anyone wrote. A
// field added to Entry fails here, to be thought about.
func TestEntryHasNoPlaceForWords(t *testing.T) {
	want := map[string]reflect.Type{
		"Who":     reflect.TypeFor[string](),
		"What":    reflect.TypeFor[audit.Action](),
		"Round":   reflect.TypeFor[string](),
		"Account": reflect.TypeFor[string](),
		"Team":    reflect.TypeFor[string](),
		// A local service's name, as a team's worker wrote it: Check
		// holds it to one line of at most 60 characters.
		"LocalHelp": reflect.TypeFor[string](),
		"At":        reflect.TypeFor[time.Time](),
	}
	entry := reflect.TypeFor[audit.Entry]()
	if entry.NumField() != len(want) {
		t.Errorf("Entry has %d fields, want %d", entry.NumField(), len(want))
	}
	for i := range entry.NumField() {
		f := entry.Field(i)
		if want[f.Name] != f.Type {
			t.Errorf("Entry.%s is a %s: not one of who, what, round, account, team, local service and when", f.Name, f.Type)
		}
	}
}

// Each field holds only what it says: words in any of them are refused,
// and so is an entry that names what its action is not about.
func TestEntryCheckRefusesWhatIsNotAnEntry(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	good := []audit.Entry{
		{Who: "amy@example.org", What: audit.SignedIn, Team: "Leeds CSE team", At: at},
		{Who: "amy@example.org", What: audit.SignedIn, At: at},
		{Who: "amy@example.org", What: audit.ExportedCSV, Round: "YOUTH24", Team: "Leeds", At: at},
		{Who: "amy@example.org", What: audit.ViewedComments, Round: "general", At: at},
		{Who: "bo@example.org", What: audit.MovedTeam, Account: "amy@example.org", Team: "Bradford", At: at},
		{Who: audit.Operator, What: audit.CreatedTeam, Team: "Wrexham: Youth Service (North)", At: at},
		{Who: audit.Operator, What: audit.InvitedAccount, Account: "amy@example.org", Team: "Zespół Łódź", At: at},
		{Who: "amy@example.org", What: audit.SignedIn, At: time.Unix(0, 0).UTC()},
		{Who: "amy@example.org", What: audit.AcceptedInvite, Team: "3f9a0c1d2e4b5a6c", At: at},
		{Who: "amy@example.org", What: audit.UsedResetLink, At: at},
		{Who: "amy@example.org", What: audit.AddedLocalHelp, Team: "3f9a0c1d2e4b5a6c", LocalHelp: "Sexual health clinic", At: at},
		{Who: "amy@example.org", What: audit.RemovedLocalHelp, Team: "3f9a0c1d2e4b5a6c", LocalHelp: "نوجوانوں کی خدمت", At: at},
		// Any name a team's list keeps: a no-break space, a joiner.
		{Who: "amy@example.org", What: audit.CheckedLocalHelp, Team: "3f9a0c1d2e4b5a6c", LocalHelp: "Clinic\u00a0North \u200d", At: at},
	}
	for _, e := range good {
		if err := e.Check(); err != nil {
			t.Errorf("%+v: %v", e, err)
		}
	}
	base := good[2]
	for name, change := range map[string]func(*audit.Entry){
		"words as who":                   func(e *audit.Entry) { e.Who = "he said he would hurt me" },
		"a named address as who":         func(e *audit.Entry) { e.Who = "Amy <amy@example.org>" },
		"an address not as kept":         func(e *audit.Entry) { e.Who = "Amy@Example.org" },
		"no one":                         func(e *audit.Entry) { e.Who = "" },
		"words as the round":             func(e *audit.Entry) { e.Round = "they hit me" },
		"a lower-case round":             func(e *audit.Entry) { e.Round = "youth24" },
		"words as the account":           func(e *audit.Entry) { e.Account = "my uncle"; e.What = audit.DisabledAccount; e.Round = "" },
		"a team of two lines":            func(e *audit.Entry) { e.Team = "Leeds\nI am scared" },
		"a team with a NUL":              func(e *audit.Entry) { e.Team = "Leeds\x00" },
		"a team with spaces at its ends": func(e *audit.Entry) { e.Team = " Leeds" },
		"a team too long":                func(e *audit.Entry) { e.Team = strings.Repeat("a", audit.MaxTeamName+1) },
		"a team not UTF-8":               func(e *audit.Entry) { e.Team = "Leeds\xff" },
		"no action":                      func(e *audit.Entry) { e.What = 0 },
		"an action past the list":        func(e *audit.Entry) { e.What = 200 },
		"an export without its round":    func(e *audit.Entry) { e.Round = "" },
		"a sign-in with a round":         func(e *audit.Entry) { e.What = audit.SignedIn },
		"a round with an account":        func(e *audit.Entry) { e.Account = "bo@example.org" },
		"an account change with none":    func(e *audit.Entry) { e.What = audit.ResetPassword; e.Round = "" },
		"a team made without its name":   func(e *audit.Entry) { e.What = audit.CreatedTeam; e.Round = ""; e.Team = "" },
		"an invitation accepted for another account": func(e *audit.Entry) {
			e.What, e.Round, e.Account = audit.AcceptedInvite, "", "bo@example.org"
		},
		"an invitation accepted in a round": func(e *audit.Entry) { e.What = audit.AcceptedInvite },
		"a reset link used on another account": func(e *audit.Entry) {
			e.What, e.Round, e.Account = audit.UsedResetLink, "", "bo@example.org"
		},
		"a local service on an export": func(e *audit.Entry) { e.LocalHelp = "Clinic" },
		"a local service change without its name": func(e *audit.Entry) {
			e.What, e.Round = audit.ChangedLocalHelp, ""
		},
		"a local service change without its team": func(e *audit.Entry) {
			e.What, e.Round, e.Team, e.LocalHelp = audit.CheckedLocalHelp, "", "", "Clinic"
		},
		"a local service on two lines": func(e *audit.Entry) {
			e.What, e.Round, e.LocalHelp = audit.AddedLocalHelp, "", "Clinic\nI am scared"
		},
		"a local service name too long": func(e *audit.Entry) {
			e.What, e.Round, e.LocalHelp = audit.AddedLocalHelp, "", strings.Repeat("a", 61)
		},
		"seconds":     func(e *audit.Entry) { e.At = e.At.Add(time.Second) },
		"not in UTC":  func(e *audit.Entry) { e.At = e.At.In(time.FixedZone("BST", 3600)) },
		"no time":     func(e *audit.Entry) { e.At = time.Time{} },
		"before 1970": func(e *audit.Entry) { e.At = time.Date(1969, 12, 31, 23, 59, 0, 0, time.UTC) },
	} {
		e := base
		change(&e)
		if err := e.Check(); !errors.Is(err, audit.ErrBadEntry) {
			t.Errorf("%s: %+v: %v", name, e, err)
		}
	}
}

// Actions are kept by their names, and no other text reads as one.
func TestActionsAreKeptByName(t *testing.T) {
	names := map[string]bool{}
	for a := audit.SignedIn; a.Valid(); a++ {
		text, err := a.MarshalText()
		if err != nil || string(text) != a.String() || names[a.String()] || a.Words() == "" {
			t.Errorf("action %d: %q %v, words %q (names so far %v)", a, text, err, a.Words(), names)
		}
		names[a.String()] = true
		var back audit.Action
		if err := back.UnmarshalText(text); err != nil || back != a {
			t.Errorf("%s read back as %v, %v", a, back, err)
		}
	}
	if len(names) < 20 {
		t.Errorf("only %d actions", len(names))
	}
	var a audit.Action
	for _, text := range []string{"", "Signed-In", "signed in", "1", "deleted-everything"} {
		if err := a.UnmarshalText([]byte(text)); err == nil {
			t.Errorf("%q read as %v", text, a)
		}
	}
	if _, err := audit.Action(0).MarshalText(); err == nil {
		t.Error("no action was written")
	}
	var e audit.Entry
	if err := json.Unmarshal([]byte(`{"who":"amy@example.org","what":"wrote-a-comment","at":"2026-03-02T09:30:00Z"}`), &e); err == nil {
		t.Errorf("an entry with a made-up action read as %+v", e)
	}
}

// A clock at Heard's local time, with seconds, in the middle of a minute.
var clock = time.Date(2026, 7, 14, 16, 47, 59, 999_000_000, time.FixedZone("BST", 3600))

// Record keeps when, to the minute, in UTC, whatever the clock's zone and
// whatever time the entry came with.
func TestRecordKeepsTheMinuteInUTC(t *testing.T) {
	st := openEmbedded(t)
	trail := audit.NewTrail(st, func() time.Time { return clock })
	e := audit.Entry{Who: "amy@example.org", What: audit.ExportedJSON, Round: "YOUTH24", Team: "Leeds", At: clock.AddDate(-5, 0, 0)}
	if err := trail.Record(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	page, err := trail.List(t.Context(), audit.Query{Round: "YOUTH24"})
	if err != nil || len(page.Entries) != 1 {
		t.Fatalf("%+v, %v", page, err)
	}
	want := time.Date(2026, 7, 14, 15, 47, 0, 0, time.UTC)
	if got := page.Entries[0].At; !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("kept at %v, want %v", got, want)
	}
	if err := trail.Record(t.Context(), audit.Entry{Who: "amy@example.org", What: audit.ExportedJSON, Team: "Leeds"}); !errors.Is(err, audit.ErrBadEntry) {
		t.Errorf("an export of no round: %v", err)
	}
}

// Forget deletes what is older than two years, to the minute, and keeps the
// rest, on both stores: at 15:47 it keeps what was done at 15:47 two years
// before.
func TestForgetDeletesEntriesOlderThanTwoYears(t *testing.T) {
	for name, st := range map[string]audit.Store{"embedded": openEmbedded(t), "redis": storetest.OpenRedis(t)} {
		t.Run(name, func(t *testing.T) {
			now := clock
			trail := audit.NewTrail(st, func() time.Time { return now })
			twoYearsAgo := time.Date(2024, 7, 14, 15, 47, 0, 0, time.UTC)
			for _, at := range []time.Time{twoYearsAgo.Add(-time.Minute), twoYearsAgo, twoYearsAgo.Add(time.Minute)} {
				now = at
				if err := trail.Record(t.Context(), audit.Entry{Who: "amy@example.org", What: audit.SignedIn, Team: "Leeds"}); err != nil {
					t.Fatal(err)
				}
			}
			now = time.Date(2026, 7, 14, 16, 47, 0, 0, time.FixedZone("BST", 3600))
			n, err := trail.Forget(t.Context())
			if err != nil || n != 1 {
				t.Errorf("forgot %d, %v; want the one from two years and a minute ago", n, err)
			}
			page, err := trail.List(t.Context(), audit.Query{Team: "Leeds"})
			if err != nil || len(page.Entries) != 2 || !page.Entries[1].At.Equal(twoYearsAgo) {
				t.Errorf("kept %+v, %v; want the two from two years ago and since", page.Entries, err)
			}
		})
	}
}

func openEmbedded(t *testing.T) *store.Embedded {
	t.Helper()
	st, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
