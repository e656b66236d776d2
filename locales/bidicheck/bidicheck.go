// Package bidicheck finds numbers that would be shown out of order in
// right-to-left text, by laying the text out with the Unicode Bidirectional
// Algorithm (golang.org/x/text/unicode/bidi). It is for tests: a number is
// checked as a phone would show it, not by eye.
package bidicheck

import (
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/text/unicode/bidi"
)

// number is a number as written: digit groups joined by one separator.
var number = regexp.MustCompile(`[0-9۰-۹]+(?:[ :.,/\-–][0-9۰-۹]+)*`)

// controls are the invisible bidi marks and isolates, which a screen does not show.
var controls = strings.NewReplacer("\u200e", "", "\u200f", "", "\u2066", "", "\u2067", "", "\u2068", "", "\u2069", "")

// Misordered returns each number in paragraph (one line of text, no line
// breaks) that would not read in its own order: laid out as a right-to-left
// paragraph, and as the paragraph's first strong letter decides (what many
// phones do), every number, separators included, must fall inside one
// left-to-right run. For plain text it also builds what the right-to-left
// paragraph looks like on screen, and the number must appear in it as
// written.
func Misordered(paragraph string) ([]string, error) {
	var bad []string
	runes := []rune(paragraph)
	for _, opts := range [][]bidi.Option{{bidi.DefaultDirection(bidi.RightToLeft)}, nil} {
		var p bidi.Paragraph
		if _, err := p.SetString(paragraph, opts...); err != nil {
			return nil, err
		}
		order, err := p.Order()
		if err != nil {
			return nil, err
		}
		ltr := make([]int, len(runes)) // run number of each rune, or -1 when right to left
		var visual []string
		for i := 0; i < order.NumRuns(); i++ {
			run := order.Run(i)
			start, end := run.Pos()
			for j := start; j <= end && j < len(runes); j++ {
				ltr[j] = -1
				if run.Direction() == bidi.LeftToRight {
					ltr[j] = i
				}
			}
			text := run.String()
			if run.Direction() == bidi.RightToLeft {
				text = bidi.ReverseString(text)
			}
			visual = append([]string{text}, visual...)
		}
		onScreen := controls.Replace(strings.Join(visual, ""))
		plain := !strings.ContainsAny(paragraph, "\u2066\u2067\u2068\u2069\u202a\u202b\u202d\u202e")
		for _, m := range number.FindAllStringIndex(paragraph, -1) {
			first, last := len([]rune(paragraph[:m[0]])), len([]rune(paragraph[:m[1]]))-1
			n := paragraph[m[0]:m[1]]
			oneRun := ltr[first] >= 0
			for j := first; j <= last; j++ {
				oneRun = oneRun && ltr[j] == ltr[first]
			}
			rtl := opts != nil
			if !oneRun || (rtl && plain && !strings.Contains(onScreen, n)) {
				bad = append(bad, fmt.Sprintf("%q (right-to-left paragraph: %t; shown as %q)", n, rtl, onScreen))
			}
		}
	}
	return bad, nil
}
