package sms

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// stripMarks removes accents, so ROMÂNĂ and romana are the same word. A
// transformer keeps state, so each call makes its own: one shared by
// concurrent requests corrupts both.
func stripMarks() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}

// normalise makes a word comparable: no accents, upper case, only letters
// and digits, with runs of anything else as single spaces.
func normalise(s string) string {
	if !ascii(s) { // plain ASCII has no accents to strip
		s, _, _ = transform.String(stripMarks(), s)
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(urduLetter(asciiDigit(unicode.ToUpper(r))))
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// firstWord is the word a keyword is matched on: the first, normalised.
func firstWord(body string) string {
	w, _, _ := strings.Cut(normalise(body), " ")
	return w
}

// asciiDigit turns Arabic-Indic and Devanagari digits into 0-9: a reply of
// "۲" to a menu means 2.
func asciiDigit(r rune) rune {
	for _, zero := range []rune{'٠', '۰', '०'} {
		if r >= zero && r <= zero+9 {
			return '0' + r - zero
		}
	}
	return r
}

// urduLetter folds the letters an Arabic keyboard types for Urdu ones (ي
// for ی, ك for ک, ه for ہ) and the nasal ں into ن, so خبريں and خبرین
// are the same word as خبریں.
func urduLetter(r rune) rune {
	switch r {
	case 'ي', 'ى', 'ې':
		return 'ی'
	case 'ك':
		return 'ک'
	case 'ه':
		return 'ہ'
	case 'ں':
		return 'ن'
	}
	return r
}
