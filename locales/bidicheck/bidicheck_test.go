package bidicheck

import (
	"strings"
	"testing"
)

func TestMisorderedFindsNumbersShownBackwards(t *testing.T) {
	cases := map[string]bool{ // text: whether a number is misordered
		"Childline، مفت: 0800 1111۔":       true, // shown "1111 0800"
		"Childline، مفت: \u200e0800 1111۔": false,
		"وقت 09:00–17:00 تک":               true,
		"وقت \u206609:00–17:00\u2069 تک":   false,
		"ابھی 999 پر فون کرو":              false, // one group cannot turn round
		"Call 0800 1111 now":               false,
		"Heard: مفت مدد۔ 0800 1111۔":       true, // wrong even when the phone lays it out left to right
	}
	for text, want := range cases {
		bad, err := Misordered(text)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(bad) > 0; got != want {
			t.Errorf("%q: misordered %t, want %t: %s", text, got, want, strings.Join(bad, "; "))
		}
	}
}
