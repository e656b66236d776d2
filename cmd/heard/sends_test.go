package main

import (
	"os/exec"
	"strings"
	"testing"
)

// Heard only ever answers: a reply goes back as TwiML to the webhook of the
// message it answers, and WhatsApp's 24-hour window is open while a
// message is being answered. It cannot start a conversation: the binary
// links none of Twilio's REST API (where sending a message lives), and it
// is given no Account SID to call it with (only TWILIO_AUTH_TOKEN, to check
// signatures).
func TestHeardCannotSendAMessageOfItsOwn(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	deps := strings.Fields(string(out))
	for _, pkg := range deps {
		if pkg == "github.com/twilio/twilio-go" || strings.HasPrefix(pkg, "github.com/twilio/twilio-go/rest") {
			t.Errorf("heard links %s, with which it could send messages of its own", pkg)
		}
	}
	if !strings.Contains(string(out), "github.com/twilio/twilio-go/twiml\n") {
		t.Error("heard does not link twiml: how does it answer?")
	}
	for _, name := range []string{"TWILIO_ACCOUNT_SID", "TWILIO_API_KEY"} {
		if src, _ := exec.Command("grep", "-rl", "--include=*.go", "--exclude=*_test.go", name, "../..").Output(); len(src) > 0 {
			t.Errorf("%s is read by %s", name, src)
		}
	}
}
