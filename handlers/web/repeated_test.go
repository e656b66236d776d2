package web

import (
	"net/url"
	"slices"
	"testing"
)

func TestRepeatedNamesEveryFieldSentTwiceButCheckboxGroups(t *testing.T) {
	form, err := url.ParseQuery("q.own=4&q.own=1&comment=a&channels=web&channels=sms&age=13-15&age=13-15&area=")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Repeated(form, "channels"), []string{"age", "q.own"}; !slices.Equal(got, want) {
		t.Errorf("Repeated = %q, want %q", got, want)
	}
	if got := Repeated(url.Values{"q.own": {"4"}, "channels": {"web", "sms"}}, "channels"); got != nil {
		t.Errorf("a form with no field repeated: %q", got)
	}
}
