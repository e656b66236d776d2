package sms

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Encoding is how a text travels: GSM-7 fits 160 characters in one message,
// anything outside its alphabet forces UCS-2 and 70.
type Encoding string

const (
	GSM7 Encoding = "GSM-7"
	UCS2 Encoding = "UCS-2"
)

// Per-message capacity, in septets (GSM-7) or UTF-16 code units (UCS-2).
// A long text is split with a header in each part, leaving less room.
const (
	gsm7Single, gsm7Part = 160, 153
	ucs2Single, ucs2Part = 70, 67
)

// The GSM 03.38 basic alphabet, and the extension table whose characters
// cost two septets (an escape and the character).
const (
	gsm7Basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsm7Extended = "^{}\\[~]|€\f"
)

// Segments says how a text will be sent and how many messages it costs.
func Segments(text string) (Encoding, int) {
	septets, gsm := 0, true
	for _, r := range text {
		switch {
		case containsRune(gsm7Basic, r):
			septets++
		case containsRune(gsm7Extended, r):
			septets += 2
		default:
			gsm = false
		}
	}
	if gsm {
		return GSM7, parts(septets, gsm7Single, gsm7Part)
	}
	units := 0
	for _, r := range text {
		units += utf16Len(r)
	}
	return UCS2, parts(units, ucs2Single, ucs2Part)
}

func parts(n, single, part int) int {
	if n <= single {
		return 1
	}
	return (n + part - 1) / part
}

func containsRune(set string, r rune) bool {
	if r == utf8.RuneError {
		return false
	}
	for _, c := range set {
		if c == r {
			return true
		}
	}
	return false
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// plainPunctuation is typographic punctuation outside GSM-7, and what a
// phone keyboard would type instead.
var plainPunctuation = map[rune]string{
	'„': `"`, '“': `"`, '”': `"`, '«': `"`, '»': `"`, '‘': "'", '’': "'", '‚': "'",
	'–': "-", '—': "-", '…': "...", '\u00a0': " ",
}

// ToGSM7 writes a text in the GSM-7 alphabet as far as it can: letters
// outside it lose their accents (ș to s, ţ to t, ă to a, î to i, Â to A),
// typographic quotes and dashes become plain ones, and anything else is kept
// (so a text with no plain form still travels, as UCS-2).
func ToGSM7(text string) string {
	var b strings.Builder
	for _, r := range text {
		switch {
		case containsRune(gsm7Basic, r) || containsRune(gsm7Extended, r):
			b.WriteRune(r)
		case plainPunctuation[r] != "":
			b.WriteString(plainPunctuation[r])
		default:
			base, _ := utf8.DecodeRuneInString(norm.NFD.String(string(r)))
			if base != r && containsRune(gsm7Basic, base) {
				r = base
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}
