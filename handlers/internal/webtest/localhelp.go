package webtest

import (
	"context"
	_ "embed"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"heard/accounts"
	"heard/feedback"
	"heard/localhelp"
	"heard/store"
)

// Clinic and YouthService are local services as a team would list them:
// numbers in Ofcom's ranges for drama, never a real line. They are kept in
// testdata/, as every fixture number is, so that no Go file outside tests
// holds a number that is not a verified helpline.
var Clinic, YouthService = localServices()

//go:embed testdata/localhelp.json
var localServicesJSON []byte

func localServices() (clinic, youth localhelp.Input) {
	var services struct{ Clinic, YouthService localhelp.Input }
	if err := json.Unmarshal(localServicesJSON, &services); err != nil {
		panic("webtest: testdata/localhelp.json: " + err.Error())
	}
	return services.Clinic, services.YouthService
}

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
