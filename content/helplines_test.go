package content

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestRunawayHelplineAndHelpAtHandPlaceholders(t *testing.T) {
	lib := load(t)
	blocks, err := lib.expand("<p>{{call:runaway-helpline}} {{text:runaway-helpline}} {{call:help-at-hand}}</p>\n<p>{{cards:runaway-helpline,help-at-hand}}</p>\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`href="tel:116000"`, `href="sms:116000`, `>116 000<`, `href="tel:08005280731"`, `>0800 528 0731<`} {
		if !strings.Contains(string(blocks[0].HTML), want) {
			t.Errorf("missing %s in %s", want, blocks[0].HTML)
		}
	}
	if len(blocks) != 2 || len(blocks[1].Cards) != 2 {
		t.Fatalf("blocks: %+v", blocks)
	}
	if hours := lib.Helpline("runaway-helpline").Contacts[0].Open; hours.Known {
		t.Errorf("Runaway Helpline's hours are unverified in the facts, yet known here: %+v", hours)
	}
}

// Every helpline says when its facts were checked, and that date is the one
// the facts give for its row (or the file's, when the row names none). Hours
// the facts say to re-check are marked so, and never show as live.
func TestHelplinesCarryTheDateTheirFactsWereChecked(t *testing.T) {
	facts, err := os.ReadFile("../../shared/facts/helplines.md")
	if err != nil {
		t.Skip("verified facts not beside the project:", err)
	}
	fileDate := regexp.MustCompile(`checked against published sources on (\d{4}-\d{2}-\d{2})`).FindSubmatch(facts)
	if fileDate == nil {
		t.Fatal("the facts no longer say when they were checked")
	}
	rowDate := regexp.MustCompile(`\(checked (\d{4}-\d{2}-\d{2})\)`)
	rows := map[string]string{}
	for _, line := range strings.Split(string(facts), "\n") {
		if cells := strings.Split(line, "|"); len(cells) > 5 {
			rows[strings.TrimSpace(cells[1])] = line
		}
	}
	lib := load(t)
	for _, h := range lib.Helplines {
		row := rows[h.ID]
		want := string(fileDate[1])
		if m := rowDate.FindStringSubmatch(row); m != nil {
			want = m[1]
		}
		if got := h.Checked.Format("2006-01-02"); got != want {
			t.Errorf("%s: checked %s, the facts say %s", h.ID, got, want)
		}
		hours := strings.TrimSpace(strings.Split(row, "|")[4])
		for _, c := range h.Contacts {
			if c.Hours != "" && strings.Contains(hours, "re-check") && !c.Recheck {
				t.Errorf("%s: the facts say to re-check its hours (%s), but %s hours %q show as live", h.ID, hours, c.Kind, c.Hours)
			}
		}
	}
}

func TestHoursGoStaleAfterTwelveMonthsOrWhenMarkedForRecheck(t *testing.T) {
	lib := load(t)
	helpAtHand, nspcc := lib.Helpline("help-at-hand").Contacts[0], lib.Helpline("nspcc").Contacts[0]
	childline := lib.Helpline("childline").Contacts[0]
	monday := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	if s := helpAtHand.StatusAt(monday); !s.Known || !s.Open {
		t.Errorf("Help at Hand on a Monday morning: %+v", s)
	}
	if s := childline.StatusAt(monday); !s.Always {
		t.Errorf("Childline: %+v", s)
	}
	if s := nspcc.StatusAt(monday); s.Known {
		t.Errorf("NSPCC's hours are marked re-check, yet shown: %+v", s)
	}
	if s := helpAtHand.StatusAt(helpAtHand.Checked.AddDate(1, 0, 0).Add(-time.Hour)); !s.Known {
		t.Errorf("an hour short of 12 months after checking, no longer shown: %+v", s)
	}
	for _, c := range []Contact{helpAtHand, childline} {
		if s := c.StatusAt(c.Checked.AddDate(1, 0, 1).Add(10 * time.Hour)); s.Known {
			t.Errorf("%s over 12 months after checking still drives the open-now line: %+v", c.Number, s)
		}
	}
}
