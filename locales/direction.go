package locales

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// LRM is the left-to-right mark: an invisible character that counts as a
// left-to-right letter when text is laid out.
const LRM = "\u200e"

var (
	// number is a number as people write one: groups of digits joined by a
	// space, colon, dot, comma, slash or dash ("0800 1111", "09:00–17:00").
	number = regexp.MustCompile(`[0-9۰-۹]+(?:[ :.,/\-–][0-9۰-۹]+)*`)
	// webAddress is left untouched: a mark inside it would break the link.
	webAddress = regexp.MustCompile(`https?://\S+`)
)

// NumbersLeftToRight puts an LRM before each number in right-to-left text.
// Laid out right to left, the groups of a number separated by spaces or
// dashes come out in reverse: "0800 1111" shows as "1111 0800", and a young
// person dials the wrong number. After an LRM the whole number reads left to
// right, in any app, whichever direction the app gives the paragraph. An LRM
// is one UTF-16 unit, and right-to-left texts are sent as UCS-2 anyway;
// isolates (U+2066..U+2069) would cost two per number and older phones show
// them as boxes.
//
// Numbers in web addresses, and digits that follow a Latin letter (a round's
// code, YOUTH24), are left alone: they already read left to right.
func NumbersLeftToRight(text string) string {
	skip := webAddress.FindAllStringIndex(text, -1)
	var b strings.Builder
	last := 0
	for _, m := range number.FindAllStringIndex(text, -1) {
		if inside(m[0], skip) {
			continue
		}
		if before, _ := utf8.DecodeLastRuneInString(text[:m[0]]); unicode.Is(unicode.Latin, before) || string(before) == LRM {
			continue
		}
		b.WriteString(text[last:m[0]])
		b.WriteString(LRM)
		last = m[0]
	}
	b.WriteString(text[last:])
	return b.String()
}

func inside(pos int, spans [][]int) bool {
	for _, s := range spans {
		if pos >= s[0] && pos < s[1] {
			return true
		}
	}
	return false
}
