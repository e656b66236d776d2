package feedback

import (
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"html/template"
	"strings"
)

// Charts are inline SVG, so they read without script and under a strict
// Content-Security-Policy: there is no style, only presentation attributes
// and classes ("chart", "bar", "grid", "line", "point", ...) that the page's
// CSS colours, so they follow light, dark and forced colours. Each is
// role="img", named by its <title> and described, every number in words,
// by its <desc>; pages give the same numbers in a table beside it.
//
// They take Counts and Sides, never Cells: a chart must never show a
// suppressed number.

// columnChart is the drawing of counts over time, in viewBox units.
const (
	columnWidth  = 360
	columnTop    = 16 // room for the busiest count
	columnHeight = 48
	columnLabels = 16
)

// ColumnChartSVG draws counts over time, oldest first, as a compact row of
// columns scaled to the busiest, labelled with the first and last keys and
// the busiest count.
func ColumnChartSVG(title string, counts []Count) template.HTML {
	id := chartID(title)
	var most, total int64
	busiest := ""
	for _, c := range counts {
		total += max(c.N, 0)
		if c.N > most {
			most, busiest = c.N, c.Key
		}
	}
	height := columnTop + columnHeight + columnLabels
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart columns" width="100%%" viewBox="0 0 %d %d" role="img" aria-labelledby="%s" aria-describedby="%s-desc">`,
		columnWidth, height, id, id)
	fmt.Fprintf(&b, `<title id="%s">%s</title><desc id="%s-desc">`, id, escapeXML(title), id)
	if len(counts) > 0 {
		fmt.Fprintf(&b, "From %s to %s: %d in all; the most, %d, in %s.", escapeXML(counts[0].Key), escapeXML(counts[len(counts)-1].Key), total, most, escapeXML(busiest))
	}
	b.WriteString(`</desc>`)
	if len(counts) > 0 {
		step := float64(columnWidth) / float64(len(counts))
		gap := min(step/5, 2)
		base := columnTop + columnHeight
		for i, c := range counts {
			h := 0.0
			if most > 0 && c.N > 0 {
				h = float64(c.N) / float64(most) * columnHeight
			}
			fmt.Fprintf(&b, `<rect class="bar" x="%.2f" y="%.2f" width="%.2f" height="%.2f"/>`, float64(i)*step+gap/2, float64(base)-h, step-gap, h)
		}
		fmt.Fprintf(&b, `<line class="grid" x1="0" y1="%d" x2="%d" y2="%d"/>`, base, columnWidth, base)
		fmt.Fprintf(&b, `<text x="0" y="11" font-size="11">most: %d (%s)</text>`, most, escapeXML(busiest))
		fmt.Fprintf(&b, `<text x="0" y="%d" font-size="11">%s</text>`, height-3, escapeXML(counts[0].Key))
		if len(counts) > 1 {
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" text-anchor="end">%s</text>`, columnWidth, height-3, escapeXML(counts[len(counts)-1].Key))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// chartID names a chart's title for aria-labelledby: a hash of the title,
// so titles on one page must differ.
func chartID(title string) string {
	h := fnv.New32a()
	h.Write([]byte(title))
	return fmt.Sprintf("chart-%08x", h.Sum32())
}

// escapeXML escapes text for both XML and HTML, replacing characters XML
// forbids.
func escapeXML(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// trendChart is the drawing of one question's months, in viewBox units: a
// line of the good share above, a strip of how many answered below.
const (
	trendWidth  = 320
	trendLeft   = 38 // room for the share's scale
	trendTop    = 8
	trendShare  = 56 // 0 to 100%
	trendStrip  = 24 // how many answered
	trendLabels = 14
	trendMonths = 4 // month labels at most
)

// TrendChartSVG draws one question's good share month by month as a small
// multiple: every trend of a page has the same scale and months. A month
// with fewer than SmallNumber answers shows how many answered but no share,
// and breaks the line.
func TrendChartSVG(t Trend) template.HTML {
	title := t.Text + ": good answers by month"
	id := chartID(title)
	stripTop := trendTop + trendShare + 10
	height := stripTop + trendStrip + trendLabels + 4
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart trend" width="100%%" viewBox="0 0 %d %d" role="img" aria-labelledby="%s" aria-describedby="%s-desc">`,
		trendWidth, height, id, id)
	fmt.Fprintf(&b, `<title id="%s">%s</title><desc id="%s-desc">%s</desc>`, id, escapeXML(title), id, escapeXML(trendDescription(t)))
	var most int64
	for _, m := range t.Months {
		most = max(most, m.Answered)
	}
	step := float64(trendWidth-trendLeft) / float64(max(len(t.Months), 1))
	x := func(i int) float64 { return trendLeft + (float64(i)+0.5)*step }
	shareY := func(s float64) float64 { return trendTop + (1-s)*trendShare }
	for _, s := range []float64{0, 0.5, 1} {
		fmt.Fprintf(&b, `<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/><text x="%d" y="%.1f" font-size="11" text-anchor="end">%s</text>`,
			trendLeft, shareY(s), trendWidth, shareY(s), trendLeft-4, shareY(s)+4, percent(s))
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" text-anchor="end">n</text>`, trendLeft-4, stripTop+trendStrip)
	var path strings.Builder
	pen := false
	for i, m := range t.Months {
		if most > 0 && m.Answered > 0 {
			h := float64(m.Answered) / float64(most) * trendStrip
			fmt.Fprintf(&b, `<rect class="bar" x="%.2f" y="%.2f" width="%.2f" height="%.2f"/>`, x(i)-step*0.35, float64(stripTop+trendStrip)-h, step*0.7, h)
		}
		if !m.Shown() {
			pen = false
			continue
		}
		verb := "L"
		if !pen {
			verb = "M"
		}
		fmt.Fprintf(&path, "%s%.2f %.2f ", verb, x(i), shareY(m.Share()))
		pen = true
		fmt.Fprintf(&b, `<circle class="point" cx="%.2f" cy="%.2f" r="2.5"/>`, x(i), shareY(m.Share()))
	}
	if path.Len() > 0 {
		fmt.Fprintf(&b, `<path class="line" fill="none" d="%s"/>`, strings.TrimSpace(path.String()))
	}
	every := (len(t.Months) + trendMonths - 1) / trendMonths
	for i := 0; i < len(t.Months); i += max(every, 1) {
		fmt.Fprintf(&b, `<text x="%.2f" y="%d" font-size="11" text-anchor="middle">%s</text>`, x(i), height-3, t.Months[i].Label())
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// trendDescription is every month in words.
func trendDescription(t Trend) string {
	parts := make([]string, len(t.Months))
	for i, m := range t.Months {
		switch {
		case m.Answered == 0:
			parts[i] = m.Label() + ": none answered"
		case !m.Shown():
			parts[i] = fmt.Sprintf("%s: %s, too few to show a share", m.Label(), answeredWords(m.Answered))
		default:
			parts[i] = fmt.Sprintf("%s: %s of %d", m.Label(), percent(m.Share()), m.Answered)
		}
	}
	return fmt.Sprintf("Share of good answers (%s), by month: %s.", goodAnswers(t.Reversed), strings.Join(parts, "; "))
}
