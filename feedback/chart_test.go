package feedback

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"testing"
)

// element is one element of a chart, as an XML parser sees it.
type element struct {
	name  string
	attrs map[string]string
	text  string
}

// parseSVG reads a chart as XML, failing the test if it is not well formed.
func parseSVG(t *testing.T, svg string) []element {
	t.Helper()
	var elements []element
	var open []int
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("chart is not well-formed XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := element{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			open = append(open, len(elements))
			elements = append(elements, e)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) > 0 {
				elements[open[len(open)-1]].text += string(tok)
			}
		}
	}
	if len(elements) == 0 || elements[0].name != "svg" {
		t.Fatalf("chart is not an svg element:\n%s", svg)
	}
	return elements
}

func find(elements []element, name, class string) []element {
	var found []element
	for _, e := range elements {
		if e.name == name && (class == "" || e.attrs["class"] == class) {
			found = append(found, e)
		}
	}
	return found
}

func TestBarChartIsAccessibleSVGWithoutStyle(t *testing.T) {
	bars := []Count{{"police", 12}, {"school", 30}, {"health", 0}}
	elements := parseSVG(t, string(BarChartSVG("Which service", bars, 30)))
	svg := elements[0]
	if svg.attrs["role"] != "img" || svg.attrs["width"] != "100%" || !strings.HasPrefix(svg.attrs["viewBox"], "0 0 320 ") {
		t.Errorf("svg attributes %v", svg.attrs)
	}
	titles := find(elements, "title", "")
	if len(titles) != 1 || titles[0].attrs["id"] == "" || titles[0].attrs["id"] != svg.attrs["aria-labelledby"] || titles[0].text != "Which service" {
		t.Errorf("aria-labelledby %q does not name the title %v", svg.attrs["aria-labelledby"], titles)
	}
	descs := find(elements, "desc", "")
	if len(descs) != 1 || descs[0].attrs["id"] != svg.attrs["aria-describedby"] || descs[0].text != "police: 12; school: 30; health: 0" {
		t.Errorf("aria-describedby %q does not give the data %v", svg.attrs["aria-describedby"], descs)
	}
	for _, e := range elements {
		if e.name == "style" {
			t.Error("a <style> element breaks under a strict CSP")
		}
		for name := range e.attrs {
			if strings.EqualFold(name, "style") {
				t.Errorf("<%s> has a style attribute, which a strict CSP blocks", e.name)
			}
		}
	}
	labels, counts := find(elements, "text", "bar-label"), find(elements, "text", "bar-count")
	if len(find(elements, "rect", "bar")) != len(bars) || len(labels) != len(bars) || len(counts) != len(bars) {
		t.Fatalf("want a bar, a label and a count for each of %d bars", len(bars))
	}
	for i, bar := range bars {
		if labels[i].text != bar.Key || counts[i].text != strconv.FormatInt(bar.N, 10) {
			t.Errorf("bar %d is labelled %q %q, want %q %d", i, labels[i].text, counts[i].text, bar.Key, bar.N)
		}
	}
}

func TestBarChartScalesBarsToMax(t *testing.T) {
	for _, tc := range []struct {
		name   string
		bars   []Count
		max    int64
		widths []string
	}{
		{"half and full", []Count{{"a", 5}, {"b", 10}}, 10, []string{"128.0", "256.0"}},
		{"over max stops at full", []Count{{"a", 20}}, 10, []string{"256.0"}},
		{"max 0 draws empty bars", []Count{{"a", 0}, {"b", 3}}, 0, []string{"0.0", "0.0"}},
		{"negative draws an empty bar", []Count{{"a", -3}}, 10, []string{"0.0"}},
		{"large counts", []Count{{"a", 250_000}, {"b", 1_000_000}}, 1_000_000, []string{"64.0", "256.0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rects := find(parseSVG(t, string(BarChartSVG("t", tc.bars, tc.max))), "rect", "bar")
			for i, want := range tc.widths {
				if got := rects[i].attrs["width"]; got != want {
					t.Errorf("bar %d width %s, want %s", i, got, want)
				}
			}
		})
	}
}

func TestBarChartEscapesText(t *testing.T) {
	evil := `<script>alert("x")</script> & 'co'`
	svg := string(BarChartSVG(evil, []Count{{evil, 1}}, 1))
	if strings.Contains(svg, "<script") {
		t.Errorf("chart carries a script element:\n%s", svg)
	}
	elements := parseSVG(t, svg)
	if title := find(elements, "title", ""); title[0].text != evil {
		t.Errorf("title reads %q, want %q", title[0].text, evil)
	}
	if label := find(elements, "text", "bar-label"); label[0].text != evil {
		t.Errorf("label reads %q, want %q", label[0].text, evil)
	}
}

func TestBarChartTitlesGiveDifferentIDs(t *testing.T) {
	a := parseSVG(t, string(BarChartSVG("By service", nil, 0)))[0].attrs["aria-labelledby"]
	b := parseSVG(t, string(BarChartSVG("By age", nil, 0)))[0].attrs["aria-labelledby"]
	if a == b {
		t.Errorf("two titles share the id %q", a)
	}
}
