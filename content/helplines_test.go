package content

import (
	"strings"
	"testing"
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
