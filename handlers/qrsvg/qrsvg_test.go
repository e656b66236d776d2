package qrsvg

import (
	"encoding/xml"
	"fmt"
	"html/template"
	"image"
	"image/color"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxingqr "github.com/makiuchi-d/gozxing/qrcode"
	"golang.org/x/net/html"
)

const quietZone = 4

var posterURLs = []string{
	"https://heard.example.org/en/feedback/YOUTH24",
	"http://localhost:8080/ur/feedback/GENERAL",
	"HTTPS://HEARD.EXAMPLE.ORG/EN/FEEDBACK/YOUTH24",                         // alphanumeric mode only
	"https://heard.example.org/f/12345678901234567890123456789012345678901", // a long numeric run
	"https://heard.example.org/" + strings.Repeat("a", 174),                 // the ~200-byte ceiling
}

// svgDoc is the shape SVG promises; anything else fails to unmarshal or is caught below.
type svgDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2000/svg svg"`
	ViewBox string   `xml:"viewBox,attr"`
	Role    string   `xml:"role,attr"`
	Width   string   `xml:"width,attr"`
	Height  string   `xml:"height,attr"`
	Title   string   `xml:"title"`
	Rect    struct {
		Fill string `xml:"fill,attr"`
	} `xml:"rect"`
	Paths []struct {
		Stroke string `xml:"stroke,attr"`
		D      string `xml:"d,attr"`
	} `xml:"path"`
}

func parseSVG(t *testing.T, svg string) svgDoc {
	t.Helper()
	var doc svgDoc
	dec := xml.NewDecoder(strings.NewReader(svg))
	dec.Strict = true
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("SVG is not well-formed XML: %v\n%s", err, svg)
	}
	return doc
}

// pathModules paints the runs in d onto a side×side grid, as a renderer would.
// It fails on anything but whole-module runs through the middle of a row, and on runs
// that touch or overlap, since draw promises one "h" per maximal run.
func pathModules(t *testing.T, d string, side int) [][]bool {
	t.Helper()
	grid := make([][]bool, side)
	for y := range grid {
		grid[y] = make([]bool, side)
	}
	var x, y float64
	var tokens []string
	for _, f := range strings.Fields(d) {
		// Split "M4 4.5h7m2" into commands and numbers.
		start := 0
		for i, r := range f {
			if strings.ContainsRune("Mmh", r) {
				if i > start {
					tokens = append(tokens, f[start:i])
				}
				tokens = append(tokens, string(r))
				start = i + 1
			}
		}
		if start < len(f) {
			tokens = append(tokens, f[start:])
		}
	}
	num := func(i int) float64 {
		if i >= len(tokens) {
			t.Fatalf("path ends early: %q", d)
		}
		n, err := strconv.ParseFloat(tokens[i], 64)
		if err != nil {
			t.Fatalf("bad number %q in path", tokens[i])
		}
		return n
	}
	for i := 0; i < len(tokens); {
		switch tokens[i] {
		case "M":
			x, y = num(i+1), num(i+2)
			i += 3
		case "m":
			dx, dy := num(i+1), num(i+2)
			if dx < 1 || dy != 0 { // dx 0 would be two runs touching
				t.Fatalf("move m%v %v: runs in a row should be merged and stay in the row", dx, dy)
			}
			x, y = x+dx, y+dy
			i += 3
		case "h":
			n := num(i + 1)
			i += 2
			row := y - 0.5
			if n < 1 || n != float64(int(n)) || x != float64(int(x)) || row != float64(int(row)) {
				t.Fatalf("run h%v at (%v, %v) is not whole modules through a row's middle", n, x, y)
			}
			for c := int(x); c < int(x+n); c++ {
				if c >= side || int(row) >= side || grid[int(row)][c] {
					t.Fatalf("run h%v at (%v, %v) leaves the grid or repaints a module", n, x, y)
				}
				grid[int(row)][c] = true
			}
			x += n
		default:
			t.Fatalf("unexpected path token %q", tokens[i])
		}
	}
	return grid
}

// decode scans dark the way a phone would see a print of it: 4 pixels a module, full detection.
func decode(t *testing.T, dark [][]bool) *gozxing.Result {
	t.Helper()
	const scale = 4
	img := image.NewGray(image.Rect(0, 0, len(dark)*scale, len(dark)*scale))
	for y, row := range dark {
		for x, on := range row {
			c := color.Gray{Y: 255}
			if on {
				c = color.Gray{Y: 0}
			}
			for dy := range scale {
				for dx := range scale {
					img.SetGray(x*scale+dx, y*scale+dy, c)
				}
			}
		}
	}
	bitmap, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	result, err := zxingqr.NewQRCodeReader().Decode(bitmap, nil)
	if err != nil {
		t.Fatalf("QR decoder could not read the code: %v", err)
	}
	return result
}

func TestSVGDecodesBackToTheURL(t *testing.T) {
	for _, url := range posterURLs {
		t.Run(url, func(t *testing.T) {
			svg, err := SVG(url, "QR code for the feedback form")
			if err != nil {
				t.Fatal(err)
			}
			doc := parseSVG(t, svg)
			if len(doc.Paths) != 1 {
				t.Fatalf("want one <path>, got %d", len(doc.Paths))
			}
			side := len(mustModules(t, url))
			drawn := pathModules(t, doc.Paths[0].D, side)

			result := decode(t, drawn)
			if got := result.GetText(); got != url {
				t.Errorf("decoded %q, want %q", got, url)
			}
			if got := result.GetResultMetadata()[gozxing.ResultMetadataType_ERROR_CORRECTION_LEVEL]; got != "Q" {
				t.Errorf("error-correction level %v, want Q", got)
			}
		})
	}
}

func TestSVGPathDrawsExactlyTheModules(t *testing.T) {
	for _, url := range posterURLs {
		dark := mustModules(t, url)
		svg, err := SVG(url, "QR code")
		if err != nil {
			t.Fatal(err)
		}
		doc := parseSVG(t, svg)
		drawn := pathModules(t, doc.Paths[0].D, len(dark))
		for y := range dark {
			if !slices.Equal(drawn[y], dark[y]) {
				t.Fatalf("%s: row %d of the path differs from the code\npath: %v\ncode: %v", url, y, drawn[y], dark[y])
			}
		}
	}
}

func TestModulesHaveAFourModuleQuietZone(t *testing.T) {
	for _, url := range posterURLs {
		dark := mustModules(t, url)
		side := len(dark)
		if symbol := side - 2*quietZone; symbol < 21 || (symbol-17)%4 != 0 {
			t.Fatalf("%s: side %d is not a QR symbol (4v+17) plus two quiet zones", url, side)
		}
		for y, row := range dark {
			if len(row) != side {
				t.Fatalf("%s: row %d has %d modules, want %d", url, y, len(row), side)
			}
			for x, on := range row {
				inQuietZone := x < quietZone || y < quietZone || x >= side-quietZone || y >= side-quietZone
				if on && inQuietZone {
					t.Fatalf("%s: dark module at (%d, %d) in the quiet zone", url, x, y)
				}
			}
		}
		// The finder pattern's corner proves the symbol starts right after the quiet zone.
		if !dark[quietZone][quietZone] {
			t.Errorf("%s: no finder pattern at (%d, %d)", url, quietZone, quietZone)
		}
	}
}

func TestSVGIsScaledByViewBoxBlackOnWhite(t *testing.T) {
	url := posterURLs[0]
	svg, err := SVG(url, "QR code")
	if err != nil {
		t.Fatal(err)
	}
	doc := parseSVG(t, svg)
	side := len(mustModules(t, url))
	if want := fmt.Sprintf("0 0 %d %d", side, side); doc.ViewBox != want {
		t.Errorf("viewBox %q, want %q", doc.ViewBox, want)
	}
	if doc.Width != "" || doc.Height != "" {
		t.Errorf("width=%q height=%q: CSS should set the size", doc.Width, doc.Height)
	}
	if doc.Rect.Fill != "#fff" || doc.Paths[0].Stroke != "#000" {
		t.Errorf("background %q, modules %q: want #fff and #000", doc.Rect.Fill, doc.Paths[0].Stroke)
	}
	if !strings.Contains(svg, `shape-rendering="crispEdges"`) {
		t.Error("missing shape-rendering=crispEdges")
	}
	if strings.Count(svg, "<svg") != 1 {
		t.Error("want exactly one <svg> element")
	}
}

func TestSVGEscapesTheLabel(t *testing.T) {
	label := `Scan <script>alert("hi")</script> & tell us what's 'good'`
	svg, err := SVG(posterURLs[0], label)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(svg, "<script") || strings.Contains(svg, `"hi"`) {
		t.Fatalf("label is not escaped: %s", svg)
	}
	doc := parseSVG(t, svg)
	if doc.Role != "img" {
		t.Errorf("role %q, want img", doc.Role)
	}
	if doc.Title != label {
		t.Errorf("XML title %q, want %q", doc.Title, label)
	}

	// The caller embeds the SVG in an html/template as template.HTML; read it as a browser would.
	page := template.Must(template.New("poster").Parse(`<!doctype html><main>{{.}}</main>`))
	var out strings.Builder
	if err := page.Execute(&out, template.HTML(svg)); err != nil {
		t.Fatal(err)
	}
	root, err := html.Parse(strings.NewReader(out.String()))
	if err != nil {
		t.Fatal(err)
	}
	var svgs, scripts int
	var title string
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "svg":
			svgs++
		case "script":
			scripts++
		case "title":
			if n.FirstChild != nil {
				title = n.FirstChild.Data
			}
		}
	}
	if svgs != 1 || scripts != 0 || title != label {
		t.Errorf("in HTML: %d <svg>, %d <script>, title %q; want 1, 0, %q", svgs, scripts, title, label)
	}
}

func TestSVGStaysWellFormedWithBytesXMLForbids(t *testing.T) {
	svg, err := SVG(posterURLs[0], "bad \x00\x1b bytes \xff")
	if err != nil {
		t.Fatal(err)
	}
	parseSVG(t, svg)
}

func TestSVGRejectsTextItCannotEncode(t *testing.T) {
	// 1663 bytes is the most QR version 40 holds at level Q in byte mode.
	fits := strings.Repeat("a", 1663)
	if _, err := SVG(fits, "QR code"); err != nil {
		t.Fatalf("%d bytes should fit: %v", len(fits), err)
	}
	for name, text := range map[string]string{
		"empty":                  "",
		"one byte over capacity": fits + "a",
		"a megabyte":             strings.Repeat("x", 1<<20),
	} {
		t.Run(name, func(t *testing.T) {
			svg, err := SVG(text, "QR code")
			if err == nil {
				t.Fatalf("want an error, got an SVG of %d bytes", len(svg))
			}
			if svg != "" {
				t.Errorf("want no SVG with the error, got %d bytes", len(svg))
			}
		})
	}
}

func mustModules(t *testing.T, text string) [][]bool {
	t.Helper()
	dark, err := modules(text)
	if err != nil {
		t.Fatal(err)
	}
	return dark
}

func BenchmarkSVG(b *testing.B) {
	for b.Loop() {
		if _, err := SVG("https://heard.example.org/en/feedback/YOUTH24", "QR code for the feedback form"); err != nil {
			b.Fatal(err)
		}
	}
}
