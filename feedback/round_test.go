package feedback

import (
	"strings"
	"testing"
	"time"
)

func noneTaken(string) bool { return false }

func goodRound() RoundInput {
	return RoundInput{Code: " youth24 ", Title: "Youth club, spring", Questions: []string{"listened", "safe"},
		Own: "Was the room comfortable?", OwnPrinciple: "7", Opens: "2026-11-23", Closes: "2026-11-30", Channels: []string{"web", "sms"}}
}

func TestARoundKeepsItsQuestionsInBankOrderThenItsOwn(t *testing.T) {
	in := goodRound()
	in.Questions = []string{"safe", "listened"}
	r, problems := NewRound(bank(t), in, noneTaken, "w@example.org", now)
	if problems != nil {
		t.Fatal(problems)
	}
	if r.Code != "YOUTH24" || r.CreatedBy != "w@example.org" {
		t.Errorf("code %q by %q", r.Code, r.CreatedBy)
	}
	form := r.Form(bank(t))
	var ids []string
	for _, q := range form {
		ids = append(ids, q.ID)
	}
	if strings.Join(ids, ",") != "listened,safe,own" || form[2].Principle != 7 {
		t.Errorf("form %v, own principle %d", ids, form[2].Principle)
	}
	if text, fallback := form[2].TextIn("ur"); text != "Was the room comfortable?" || !fallback {
		t.Errorf("own question in Urdu: %q fallback %v; want the English, marked", text, fallback)
	}
	if _, fallback := form[0].TextIn("ur"); fallback {
		t.Error("a bank question fell back to English in Urdu")
	}
}

func TestARoundOpensAndClosesOnUKDays(t *testing.T) {
	r, _ := NewRound(bank(t), goodRound(), noneTaken, "w", now)
	// 23 November is GMT; a June round would open at 23:00 UTC the day before.
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 11, 22, 23, 59, 0, 0, time.UTC), NotOpenYet},
		{time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), Open},
		{time.Date(2026, 11, 30, 23, 59, 0, 0, time.UTC), Open},
		{time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Closed},
	} {
		if got := r.State(tc.at); got != tc.want {
			t.Errorf("at %v: %s, want %s", tc.at, got, tc.want)
		}
	}
	summer := goodRound()
	summer.Opens, summer.Closes = "2026-06-01", ""
	s, _ := NewRound(bank(t), summer, noneTaken, "w", now)
	if want := time.Date(2026, 5, 31, 23, 0, 0, 0, time.UTC); !s.Opens.Equal(want) {
		t.Errorf("a June round opens at %v, want midnight BST (%v)", s.Opens.UTC(), want)
	}
	if s.State(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)) != Open {
		t.Error("a round with no last day closed by itself")
	}
}

func TestOpeningAndClosingARoundByHand(t *testing.T) {
	r, _ := NewRound(bank(t), goodRound(), noneTaken, "w", now)
	early := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	r.OpenNow(early)
	if r.State(early) != Open || !r.Takes("sms", early) {
		t.Fatal("opening a round early did not open it")
	}
	later := early.Add(time.Hour)
	r.CloseNow(later)
	if r.State(later) != Closed || r.Takes("web", later) {
		t.Fatal("closing a round did not close it")
	}
	r.OpenNow(later.Add(time.Hour))
	if r.State(later.Add(time.Hour)) != Open || !r.Closes.IsZero() {
		t.Error("a closed round did not open again")
	}
	webOnly := goodRound()
	webOnly.Channels = []string{"web"}
	w, _ := NewRound(bank(t), webOnly, noneTaken, "w", now)
	if w.Takes("sms", w.Opens) {
		t.Error("a web-only round took a text")
	}
}

func TestTheStandingRoundAsksEveryQuestionAndNeverCloses(t *testing.T) {
	r := StandingRound(bank(t))
	if len(r.Form(bank(t))) != len(bank(t).Questions) || !r.Takes("sms", time.Time{}) || !r.Takes("web", now.AddDate(10, 0, 0)) {
		t.Errorf("standing round %+v", r)
	}
}

func TestABadRoundFormNamesEachProblem(t *testing.T) {
	in := RoundInput{Code: "1AB", Title: strings.Repeat("x", 81), Questions: []string{"nope"}, Own: "Mine?",
		Opens: "tomorrow", Closes: "2026-13-01", Channels: []string{"fax"}}
	_, problems := NewRound(bank(t), in, noneTaken, "w", now)
	for _, field := range []string{"code", "title", "questions", "ownPrinciple", "opens", "closes", "channels"} {
		if problems[field] == "" {
			t.Errorf("no problem named for %s: %v", field, problems)
		}
	}
	taken := goodRound()
	if _, p := NewRound(bank(t), taken, func(code string) bool { return code == "YOUTH24" }, "w", now); p["code"] == "" {
		t.Error("a taken code was accepted")
	}
	backwards := goodRound()
	backwards.Opens, backwards.Closes = "2026-12-01", "2026-11-01"
	if _, p := NewRound(bank(t), backwards, noneTaken, "w", now); p["closes"] == "" {
		t.Error("a round that closes before it opens was accepted")
	}
	for code, ok := range map[string]bool{"AB": false, "ABC": true, "A1B2C3D4E5F6": true, "A1B2C3D4E5F6G": false, "AB-C": false, "ÅBC": false} {
		if ValidCode(code) != ok {
			t.Errorf("ValidCode(%q) = %v", code, !ok)
		}
	}
}

func TestAPostNeedsEnglishAndMarksItsFallback(t *testing.T) {
	p, problems := NewPost(PostInput{Said: map[string]string{"en": "The waiting room felt unsafe.", "pl": "Poczekalnia.", "ur": ""},
		Did: map[string]string{"en": "We moved sessions to the library.", "pl": "Przenieśliśmy spotkania."}}, "YOUTH24", "p1", "w", now)
	if problems != nil {
		t.Fatal(problems)
	}
	if said, _, fallback := p.In("pl"); said != "Poczekalnia." || fallback {
		t.Errorf("Polish: %q fallback %v", said, fallback)
	}
	if said, did, fallback := p.In("ur"); said != "The waiting room felt unsafe." || did == "" || !fallback {
		t.Errorf("Urdu: %q %q fallback %v; want English, marked", said, did, fallback)
	}
	for name, in := range map[string]PostInput{
		"no English":       {Said: map[string]string{"pl": "a"}, Did: map[string]string{"pl": "b"}},
		"half a post":      {Said: map[string]string{"en": "a"}, Did: map[string]string{}},
		"half a Polish":    {Said: map[string]string{"en": "a", "pl": "b"}, Did: map[string]string{"en": "c"}},
		"too long":         {Said: map[string]string{"en": strings.Repeat("a", MaxSaid+1)}, Did: map[string]string{"en": "c"}},
		"unreadable bytes": {Said: map[string]string{"en": "a\xff"}, Did: map[string]string{"en": "c"}},
	} {
		if _, p := NewPost(in, "R", "id", "w", now); p == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
