package feedback

import (
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"html/template"
	"strings"
)

// The chart's drawing, in viewBox units: it is 320 wide and scales to the
// width of its container.
const (
	chartWidth = 320
	chartBars  = 256 // the longest bar; the rest of the width holds its count
	chartRow   = 36  // a label line, a bar, a gap
	chartFont  = 12
)

// BarChartSVG draws bars as a horizontal bar chart in inline SVG, each bar
// scaled to max, with its label above and its count beside it, so it reads
// without script and under a strict Content-Security-Policy: there is no
// style, only presentation attributes and classes ("chart", "bar",
// "bar-label", "bar-count") that the page's CSS may colour. Screen readers
// get the title as the chart's name and every label and count as its
// description. The title's id is a hash of the title, so titles on one
// page must differ.
//
// It takes Count, not Cell, because a chart must never show a suppressed
// number: callers chart only counts that are safe to publish, never a
// breakdown from Suppress.
func BarChartSVG(title string, bars []Count, max int64) template.HTML {
	h := fnv.New32a()
	h.Write([]byte(title))
	id := fmt.Sprintf("chart-%08x", h.Sum32())

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="100%%" viewBox="0 0 %d %d" role="img" aria-labelledby="%s" aria-describedby="%s-desc">`,
		chartWidth, len(bars)*chartRow, id, id)
	fmt.Fprintf(&b, `<title id="%s">%s</title><desc id="%s-desc">`, id, escapeXML(title), id)
	for i, bar := range bars {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s: %d", escapeXML(bar.Key), bar.N)
	}
	b.WriteString(`</desc>`)
	for i, bar := range bars {
		y := i * chartRow
		width := 0.0
		if max > 0 && bar.N > 0 {
			width = float64(min(bar.N, max)) / float64(max) * chartBars
		}
		fmt.Fprintf(&b, `<text class="bar-label" x="0" y="%d" font-size="%d" fill="currentColor">%s</text>`,
			y+chartFont, chartFont, escapeXML(bar.Key))
		fmt.Fprintf(&b, `<rect class="bar" x="0" y="%d" width="%.1f" height="14" fill="currentColor"/>`, y+16, width)
		fmt.Fprintf(&b, `<text class="bar-count" x="%.1f" y="%d" font-size="%d" fill="currentColor">%d</text>`,
			width+4, y+28, chartFont, bar.N)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// escapeXML escapes text for both XML and HTML, replacing characters XML
// forbids.
func escapeXML(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
