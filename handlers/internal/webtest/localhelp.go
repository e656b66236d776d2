package webtest

import (
	"context"
	"strings"
	"testing"
	"time"

	"heard/accounts"
	"heard/feedback"
	"heard/localhelp"
	"heard/store"
)

// Clinic and YouthService are local services as a team would list them:
// numbers in Ofcom's ranges for drama, never a real line.
var (
	Clinic = localhelp.Input{Name: "Sexual health clinic", Phone: "(0161) 496 0000", Web: "https://clinic.example.org/young-people",
		Hours: "Monday to Friday, 9am to 5pm"}
	YouthService = localhelp.Input{Name: "نوجوانوں کی خدمت", Phone: "+44 7700 900123", Hours: "پیر سے جمعہ، صبح 9 بجے سے شام 5 بجے تک"}
)

// LocalTeam makes a team of this name (made unique for a shared Redis),
// lists these local services for it, checked at checked, and gives it an
// open round, set straight in the store as new rounds will be given their
// team. It returns the team and the round's code.
func LocalTeam(t testing.TB, st store.Store, name string, checked time.Time, entries ...localhelp.Input) (accounts.Team, string) {
	t.Helper()
	ctx := context.Background()
	// Letters, not digits, make the name unique: the pages' number checks
	// would read six digits as a phone number.
	unique := strings.Map(func(r rune) rune { return 'a' + r - '0' }, UniqueCode(""))
	team := accounts.Team{ID: accounts.NewTeamID(), Name: name + " " + unique, Created: checked}
	if err := st.CreateTeam(ctx, team); err != nil {
		t.Fatal(err)
	}
	service := &localhelp.Service{Store: st, Now: func() time.Time { return checked }}
	for _, in := range entries {
		if _, problems, err := service.Add(ctx, team.ID, "amy@example.org", in); err != nil || problems != nil {
			t.Fatalf("adding %q: %v %v", in.Name, problems, err)
		}
	}
	code := UniqueCode("LOC")
	round := feedback.Round{Code: code, Title: "Local round", Questions: []string{"listened", "safe"}, Channels: []string{"web", "sms"},
		Opens: checked.AddDate(0, 0, -1), Created: checked, CreatedBy: "amy@example.org", Team: team.ID}
	if err := st.CreateRound(ctx, round); err != nil {
		t.Fatal(err)
	}
	return team, code
}
