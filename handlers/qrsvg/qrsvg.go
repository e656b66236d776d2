// Package qrsvg draws a URL as a QR code in SVG, for posters that are printed and pinned up.
package qrsvg

import (
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// level is QR level Q (go-qrcode calls it High): about a quarter of the code can be lost to
// a pin hole, a torn corner or a scribble and the poster still scans.
const level = qrcode.High

var errEmptyText = errors.New("qrsvg: no text to encode")

// SVG draws text as a QR code: one <svg> element, black modules on white, with a 4-module quiet zone,
// scaled by the viewBox so CSS sets its printed size. label is the accessible name (role="img" + <title>).
//
// text should be ASCII, as a URL is: the code carries no character-set header, so scanners
// guess the encoding of any other bytes.
func SVG(text, label string) (string, error) {
	dark, err := modules(text)
	if err != nil {
		return "", err
	}
	return draw(dark, label), nil
}

// modules returns the code as dark[y][x], quiet zone included.
func modules(text string) ([][]bool, error) {
	if text == "" {
		return nil, errEmptyText
	}
	code, err := qrcode.New(text, level)
	if err != nil {
		return nil, fmt.Errorf("qrsvg: %d bytes do not fit in a QR code at level Q: %w", len(text), err)
	}
	return code.Bitmap(), nil
}

// draw writes dark as one stroked path: each run of dark modules in a row is a single
// 1-unit-wide "h" line through the middle of the row, which keeps the SVG small.
func draw(dark [][]bool, label string) string {
	side := strconv.Itoa(len(dark))
	var b strings.Builder
	b.Grow(2048)
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + side + ` ` + side +
		`" role="img" shape-rendering="crispEdges"><title>`)
	// EscapeText also replaces bytes XML forbids, so any label leaves the SVG well-formed.
	xml.EscapeText(&b, []byte(label))
	b.WriteString(`</title><rect width="` + side + `" height="` + side + `" fill="#fff"/><path stroke="#000" d="`)
	for y, row := range dark {
		penX := -1 // where the last run ended; -1 means a new row, so move absolutely
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			if penX < 0 {
				fmt.Fprintf(&b, "M%d %d.5", start, y)
			} else {
				fmt.Fprintf(&b, "m%d 0", start-penX)
			}
			fmt.Fprintf(&b, "h%d", x-start)
			penX = x
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String()
}
