package localhelp

import (
	"regexp"
	"testing"
	"time"
)

func TestCardsShowFreshEntriesInOrderWithNumbersAsWritten(t *testing.T) {
	checked := day(2026, 3, 14)
	entries := []Entry{
		{ID: "c", Name: "youth service", Phone: "+44 (0)161 496 0002", Web: "https://youth.example.org/", CheckedOn: checked}, // a number from before the checks: its address only
		{ID: "a", Name: "Sexual health clinic", Phone: "(0161) 496-0000", Hours: "Mon to Fri, 9am to 5pm", CheckedOn: checked},
		{ID: "b", Name: "Exploitation team", Phone: "+44 7700 900001", Web: "https://www.example.org/team?x=1", Hours: "Office hours", CheckedOn: checked},
		{ID: "d", Name: "Old drop-in", Phone: "0161 496 0003", CheckedOn: checked.AddDate(0, -7, 0)},      // not checked for seven months
		{ID: "e", Name: "Broken", Phone: "0909 879 0000", Web: "javascript:alert(1)", CheckedOn: checked}, // nothing on it passes
		{ID: "f", Name: "Text line", Phone: "60777", CheckedOn: checked},                                  // not a number to call
	}
	cards := Cards(entries, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC))
	want := []Card{
		{Name: "Exploitation team", Phone: "+44 7700 900001", Dial: "+447700900001", Web: "https://www.example.org/team?x=1", Site: "www.example.org", Hours: "Office hours", CheckedOn: checked},
		{Name: "Sexual health clinic", Phone: "(0161) 496-0000", Dial: "01614960000", Hours: "Mon to Fri, 9am to 5pm", CheckedOn: checked},
		{Name: "youth service", Web: "https://youth.example.org/", Site: "youth.example.org", CheckedOn: checked},
	}
	if len(cards) != len(want) {
		t.Fatalf("cards %+v\nwant %+v", cards, want)
	}
	digitsOnly := regexp.MustCompile(`^\+?[0-9]+$`)
	for i := range want {
		if cards[i] != want[i] {
			t.Errorf("card %d: %+v\nwant %+v", i, cards[i], want[i])
		}
		if cards[i].Dial != "" && !digitsOnly.MatchString(cards[i].Dial) {
			t.Errorf("card %d dials %q", i, cards[i].Dial)
		}
	}
}

func TestATeamWithNothingFreshHasNoCards(t *testing.T) {
	old := Entry{ID: "a", Name: "Clinic", Phone: "0161 496 0000", Hours: "9 to 5", CheckedOn: day(2025, 1, 1)}
	if cards := Cards([]Entry{old}, now); len(cards) != 0 {
		t.Errorf("cards: %+v", cards)
	}
	if cards := Cards(nil, now); len(cards) != 0 {
		t.Errorf("cards of no entries: %+v", cards)
	}
}
