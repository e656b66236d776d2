package locales

import (
	"strings"
	"testing"

	"heard/locales/bidicheck"
)

func TestNumbersLeftToRightKeepsEachNumberInReadingOrder(t *testing.T) {
	cases := map[string]string{ // right-to-left text: what it becomes
		"Childline، مفت: 0800 1111۔":          "Childline، مفت: " + LRM + "0800 1111۔",
		"پیر سے جمعہ 09:00–17:00۔":            "پیر سے جمعہ " + LRM + "09:00–17:00۔",
		"1 (نہیں) سے 5 (ہاں)":                 LRM + "1 (نہیں) سے " + LRM + "5 (ہاں)",
		"مزید: https://heard.example:8080/ur": "مزید: https://heard.example:8080/ur",
		"کوڈ YOUTH24 بھیجو":                   "کوڈ YOUTH24 بھیجو",
		"پہلے سے " + LRM + "116 123":          "پہلے سے " + LRM + "116 123",
	}
	for in, want := range cases {
		got := NumbersLeftToRight(in)
		if got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
		bad, err := bidicheck.Misordered(got)
		if err != nil {
			t.Fatal(err)
		}
		if len(bad) > 0 {
			t.Errorf("%q: %s", got, strings.Join(bad, "; "))
		}
	}
}
