package feedback

import (
	"encoding/xml"
	"fmt"
	"html/template"
	"io"
	"math"
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

// accessible checks what every chart must be: an svg element named by its
// title and described by its desc, with no style a strict CSP would block.
func accessible(t *testing.T, svg template.HTML, title string) []element {
	t.Helper()
	elements := parseSVG(t, string(svg))
	root := elements[0]
	if root.attrs["role"] != "img" || root.attrs["width"] != "100%" {
		t.Errorf("svg attributes %v", root.attrs)
	}
	titles, descs := find(elements, "title", ""), find(elements, "desc", "")
	if len(titles) != 1 || titles[0].attrs["id"] == "" || titles[0].attrs["id"] != root.attrs["aria-labelledby"] || titles[0].text != title {
		t.Errorf("aria-labelledby %q does not name the title %q: %v", root.attrs["aria-labelledby"], title, titles)
	}
	if len(descs) != 1 || descs[0].attrs["id"] != root.attrs["aria-describedby"] {
		t.Errorf("aria-describedby %q does not name the description %v", root.attrs["aria-describedby"], descs)
	}
	for _, e := range elements {
		if e.name == "style" || e.name == "script" {
			t.Errorf("a <%s> element: a strict CSP blocks it", e.name)
		}
		for name := range e.attrs {
			if strings.EqualFold(name, "style") || strings.HasPrefix(strings.ToLower(name), "on") {
				t.Errorf("<%s> has a %s attribute", e.name, name)
			}
		}
	}
	return elements
}

func description(elements []element) string { return find(elements, "desc", "")[0].text }

func number(t *testing.T, e element, attr string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(e.attrs[attr], 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", e.name, attr, e.attrs[attr], err)
	}
	return f
}

func TestColumnChartScalesWeeksToTheBusiest(t *testing.T) {
	weeks := []Count{{"2026-W01", 5}, {"2026-W02", 0}, {"2026-W03", 20}, {"2026-W04", 10}}
	elements := accessible(t, ColumnChartSVG("Responses each week", weeks), "Responses each week")
	if got, want := description(elements), "From 2026-W01 to 2026-W04: 35 in all; the most, 20, in 2026-W03."; got != want {
		t.Errorf("description %q, want %q", got, want)
	}
	bars := find(elements, "rect", "bar")
	if len(bars) != len(weeks) {
		t.Fatalf("%d columns for %d weeks", len(bars), len(weeks))
	}
	for i, want := range []float64{columnHeight / 4, 0, columnHeight, columnHeight / 2} {
		if got := number(t, bars[i], "height"); math.Abs(got-want) > 0.01 {
			t.Errorf("week %d is %.2f high, want %.2f", i, got, want)
		}
		if bottom := number(t, bars[i], "y") + number(t, bars[i], "height"); math.Abs(bottom-columnTop-columnHeight) > 0.01 {
			t.Errorf("week %d stands on %.2f, not the baseline", i, bottom)
		}
	}
	if empty := accessible(t, ColumnChartSVG("None", nil), "None"); len(find(empty, "rect", "")) != 0 {
		t.Error("no weeks drew columns")
	}
}

func TestChartsEscapeText(t *testing.T) {
	evil := `<script>alert("x")</script> & 'co'`
	for name, svg := range map[string]template.HTML{
		"columns": ColumnChartSVG(evil, []Count{{evil, 1}}),
		"likert":  LikertChartSVG(evil, []QuestionResult{{Text: evil, Counts: [6]int64{0, 1, 2, 3, 4, 5}}}),
		"trend":   TrendChartSVG(Trend{Text: evil, Months: []MonthSide{{Month: "2026-01", Side: Side{3, 9}}}}),
	} {
		if strings.Contains(string(svg), "<script") {
			t.Errorf("%s chart carries a script element", name)
		}
		elements := parseSVG(t, string(svg))
		if title := find(elements, "title", "")[0].text; !strings.HasPrefix(title, evil) {
			t.Errorf("%s title reads %q", name, title)
		}
	}
}

func TestChartTitlesGiveDifferentIDs(t *testing.T) {
	a := parseSVG(t, string(ColumnChartSVG("By week", nil)))[0].attrs["aria-labelledby"]
	b := parseSVG(t, string(ColumnChartSVG("By month", nil)))[0].attrs["aria-labelledby"]
	if a == b {
		t.Errorf("two titles share the id %q", a)
	}
}

func TestLikertBarsSumToAHundredAroundTheMiddleAnswer(t *testing.T) {
	for _, tc := range []struct {
		name     string
		counts   [6]int64
		reversed bool
		answers  [5]int // worst to best
		percents [5]float64
		start    float64
		good     Side
	}{
		{"even", [6]int64{9, 2, 2, 2, 2, 2}, false, [5]int{1, 2, 3, 4, 5}, [5]float64{20, 20, 20, 20, 20}, -50, Side{4, 10}},
		{"all good", [6]int64{0, 0, 0, 0, 1, 3}, false, [5]int{1, 2, 3, 4, 5}, [5]float64{0, 0, 0, 25, 75}, 0, Side{4, 4}},
		{"all middle", [6]int64{0, 0, 0, 7, 0, 0}, false, [5]int{1, 2, 3, 4, 5}, [5]float64{0, 0, 100, 0, 0}, -50, Side{0, 7}},
		{"all worst", [6]int64{0, 5, 0, 0, 0, 0}, false, [5]int{1, 2, 3, 4, 5}, [5]float64{100, 0, 0, 0, 0}, -100, Side{0, 5}},
		{"reversed: 5 is the worst", [6]int64{0, 6, 2, 0, 0, 2}, true, [5]int{5, 4, 3, 2, 1}, [5]float64{20, 0, 0, 20, 60}, -20, Side{8, 10}},
		{"thirds", [6]int64{0, 1, 1, 1, 0, 0}, false, [5]int{1, 2, 3, 4, 5}, [5]float64{100.0 / 3, 100.0 / 3, 100.0 / 3, 0, 0}, -250.0 / 3, Side{0, 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bar := NewLikertBar(tc.counts, tc.reversed)
			sum := 0.0
			for i, seg := range bar.Segments {
				sum += seg.Percent
				if seg.Rank != i+1 || seg.Answer != tc.answers[i] || math.Abs(seg.Percent-tc.percents[i]) > 1e-9 {
					t.Errorf("segment %d: %+v, want answer %d at %.2f%%", i, seg, tc.answers[i], tc.percents[i])
				}
			}
			if math.Abs(sum-100) > 1e-9 || math.Abs(bar.End()-bar.Start-100) > 1e-9 {
				t.Errorf("segments add to %v%%, from %v to %v", sum, bar.Start, bar.End())
			}
			if math.Abs(bar.Start-tc.start) > 1e-9 || bar.Good != tc.good {
				t.Errorf("start %v, good %+v; want %v, %+v", bar.Start, bar.Good, tc.start, tc.good)
			}
		})
	}
	if none := NewLikertBar([6]int64{4, 0, 0, 0, 0, 0}, false); none.Answered != 0 || none.Start != 0 {
		t.Errorf("only rather not say: %+v", none)
	}
}

func TestLikertChartDrawsEveryQuestionOnOneScale(t *testing.T) {
	questions := []QuestionResult{
		{ID: "listened", Text: "Did they listen to you?", Counts: [6]int64{3, 10, 10, 20, 30, 30}},
		{ID: "blamed", Text: "Did anyone make you feel it was your fault?", Reversed: true, Counts: [6]int64{0, 60, 20, 10, 5, 5}},
		{ID: "safe", Text: "Did you feel safe?", Counts: [6]int64{0, 1, 0, 0, 2, 1}},
		{ID: "own", Text: "Was the room warm enough?"},
	}
	elements := accessible(t, LikertChartSVG("How they were treated", questions), "How they were treated")
	desc := description(elements)
	for _, want := range []string{
		"Did they listen to you?: 100 answered; 1: 10%; 2: 10%; 3: 20%; 4: 30%; 5: 30%; good answers (4 or 5): 60%.",
		"Did anyone make you feel it was your fault?: 100 answered; 1: 60%; 2: 20%; 3: 10%; 4: 5%; 5: 5%; good answers (1 or 2, as a high answer is a bad sign): 80%.",
		"Did you feel safe?: 4 answered; 1: 25%; 2: 0%; 3: 0%; 4: 50%; 5: 25%.",
		"Was the room warm enough?: 0 answered.",
	} {
		if !strings.Contains(desc, want) {
			t.Errorf("description lacks %q:\n%s", want, desc)
		}
	}
	// Each bar's segments meet end to end and span 100% on the common scale.
	var segments []element
	for _, e := range find(elements, "rect", "") {
		if strings.HasPrefix(e.attrs["class"], "seg") {
			segments = append(segments, e)
		}
	}
	centre := find(elements, "line", "centre")
	if len(centre) != 3 {
		t.Fatalf("%d centre lines, want one across each of the 3 bars", len(centre))
	}
	mid := number(t, centre[0], "x1")
	unit := (mid - likertLeft) / 100 // the longest side (the reversed question's 80 + 10/2 = 85) rounds up to 100%
	byRow := map[string][]element{}
	for _, s := range segments {
		byRow[s.attrs["y"]] = append(byRow[s.attrs["y"]], s)
	}
	if len(byRow) != 3 {
		t.Fatalf("bars in %d rows, want 3 (a question no one answered has none)", len(byRow))
	}
	for y, row := range byRow {
		width, x := 0.0, number(t, row[0], "x")
		for _, s := range row {
			if math.Abs(number(t, s, "x")-x) > 0.02 {
				t.Errorf("row %s: a gap before x=%s", y, s.attrs["x"])
			}
			x = number(t, s, "x") + number(t, s, "width")
			width += number(t, s, "width")
		}
		if math.Abs(width-100*unit) > 0.05 {
			t.Errorf("row %s spans %.2f, want 100%% = %.2f", y, width, 100*unit)
		}
	}
	// The reversed question is turned round: its worst answer, 5, is drawn
	// left of the centre, solid like every other worst answer.
	blamed := byRow[segments[5].attrs["y"]]
	if first := blamed[0]; first.attrs["class"] != "seg s1" || number(t, first, "x")+number(t, first, "width") > mid {
		t.Errorf("the reversed bar does not start with its worst answer left of centre: %v", first.attrs)
	}
	shares := []string{}
	for _, e := range find(elements, "text", "") {
		if e.attrs["font-weight"] == "bold" {
			shares = append(shares, e.text)
		}
	}
	if fmt.Sprint(shares) != "[60% 80% –]" {
		t.Errorf("good shares %v: four answers are too few to show one", shares)
	}
	labels := strings.Join(texts(elements), "|")
	if !strings.Contains(labels, "turned round") || !strings.Contains(labels, "no answers yet") {
		t.Errorf("the reversed question is not marked, or the unanswered one not explained: %s", labels)
	}
}

func TestWrapWordsKeepsLinesShort(t *testing.T) {
	for _, tc := range []struct {
		text  string
		width int
		want  []string
	}{
		{"Did they listen to you?", 56, []string{"Did they listen to you?"}},
		{"one two three four", 9, []string{"one two", "three", "four"}},
		{"abcdefghijkl xy", 5, []string{"abcdefghijkl", "xy"}},
		{"", 10, []string{""}},
	} {
		if got := wrapWords(tc.text, tc.width); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", tc.text, tc.width, got, tc.want)
		}
	}
}

func TestTrendChartBreaksItsLineAtMonthsTooSmallToShow(t *testing.T) {
	trend := Trend{Text: "Did you feel safe?", Months: []MonthSide{
		{"2026-01", Side{5, 10}}, {"2026-02", Side{3, 4}}, {"2026-03", Side{0, 0}}, {"2026-04", Side{8, 10}}, {"2026-05", Side{10, 10}},
	}}
	elements := accessible(t, TrendChartSVG(trend), "Did you feel safe?: good answers by month")
	want := "Share of good answers (4 or 5), by month: Jan 2026: 50% of 10; Feb 2026: 4 answered, too few to show a share; Mar 2026: none answered; Apr 2026: 80% of 10; May 2026: 100% of 10."
	if got := description(elements); got != want {
		t.Errorf("description\n%s\nwant\n%s", got, want)
	}
	if points := find(elements, "circle", "point"); len(points) != 3 {
		t.Errorf("%d points, want one per month with 5 or more answers", len(points))
	}
	if bars := find(elements, "rect", "bar"); len(bars) != 4 {
		t.Errorf("%d columns of how many answered, want 4 (a month with none has none)", len(bars))
	}
	path := find(elements, "path", "line")
	if len(path) != 1 || strings.Count(path[0].attrs["d"], "M") != 2 || strings.Count(path[0].attrs["d"], "L") != 1 {
		t.Errorf("the line should break after January and join April to May: %v", path)
	}
}

func texts(elements []element) []string {
	var out []string
	for _, e := range find(elements, "text", "") {
		out = append(out, e.text)
	}
	return out
}
