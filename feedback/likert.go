package feedback

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// LikertBar is one question's answers as a bar diverging around the middle
// answer, in percent of those who answered 1 to 5. Segments run from the
// worst answer to the best: 1 to 5, or for a reversed question 5 to 1, so
// good answers lie to the right of the centre for every question. The
// bar starts at Start (zero or below): the two worst answers and half the
// middle one lie left of the centre, half the middle and the two best
// right of it.
type LikertBar struct {
	Answered int64
	Segments [5]LikertSegment
	Start    float64
	Good     Side // the good answers: 4-5, or 1-2 when reversed
}

// LikertSegment is one answer's part of a bar.
type LikertSegment struct {
	Answer  int     // 1 to 5, as young people picked it
	Rank    int     // 1 worst to 5 best: what the segment is drawn as
	Percent float64 // of those who answered 1 to 5
}

// NewLikertBar lays out a question's answers (Counts: [0] rather not say,
// [1..5] the scale). With no answers every segment is 0.
func NewLikertBar(counts [6]int64, reversed bool) LikertBar {
	b := LikertBar{Good: SideOf(counts, reversed)}
	b.Answered = b.Good.Answered
	for rank := 1; rank <= 5; rank++ {
		answer := rank
		if reversed {
			answer = 6 - rank
		}
		seg := LikertSegment{Answer: answer, Rank: rank}
		if b.Answered > 0 {
			seg.Percent = 100 * float64(counts[answer]) / float64(b.Answered)
		}
		b.Segments[rank-1] = seg
	}
	b.Start = -(b.Segments[0].Percent + b.Segments[1].Percent + b.Segments[2].Percent/2)
	return b
}

// End is where the bar ends, right of the centre.
func (b LikertBar) End() float64 { return b.Start + 100 }

// The compact chart's drawing, in viewBox units. It is narrow, so that on a
// phone its words are as large as the page's; pages cap its width on wide
// screens.
const (
	likertWidth  = 360
	likertLeft   = 12  // room for the scale's first label
	likertPlot   = 296 // where the bars' room ends; the rest holds each good share
	likertLine   = 15  // a line of words
	likertBarH   = 16
	likertGap    = 9
	likertChars  = 56 // characters of a question on one line
	likertLegend = 40 // two lines of the key
	likertAxis   = 16
)

// likertKey names the answers, by rank, for the chart's key.
var likertKey = [5]string{"1 No, not at all", "2 Not really", "3 Partly", "4 Mostly", "5 Yes, completely"}

// LikertChartSVG draws every question as one bar of its five answers,
// diverging around the middle answer, with how many answered and the share
// of good answers, in one inline SVG: compact enough that seven questions
// take part of a screen. Good answers are on the right of the centre line
// for every question; a reversed question's bar is turned round (5 on the
// left) and says so.
//
// Colour is never the only cue: the two worst and two best answers lie on
// either side of the centre line, the milder ones are hatched and the
// strongest solid, and every bar's numbers are in the description and in
// the page's table. Colours come from the page's CSS (classes "s1" to "s5",
// "ink-bad", "ink-good", "tint-bad", "tint-good"), so they follow light,
// dark and forced colours.
func LikertChartSVG(title string, questions []QuestionResult) template.HTML {
	id := chartID(title)
	bars := make([]LikertBar, len(questions))
	labels := make([][]string, len(questions))
	extent := 25.0
	height := likertLegend + likertAxis
	for i, q := range questions {
		bars[i] = NewLikertBar(q.Counts, q.Reversed)
		if bars[i].Answered > 0 {
			extent = max(extent, -bars[i].Start, bars[i].End())
		}
		label := q.Text + " · " + answeredWords(bars[i].Answered)
		if q.Reversed {
			label += " · turned round"
		}
		labels[i] = wrapWords(label, likertChars)
		height += len(labels[i])*likertLine + likertBarH + likertGap
	}
	extent = math.Min(100, math.Ceil(extent/25)*25)
	centre := float64(likertLeft+likertPlot) / 2
	unit := (centre - likertLeft) / extent
	height += likertAxis

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart likert" width="100%%" viewBox="0 0 %d %d" role="img" aria-labelledby="%s" aria-describedby="%s-desc">`,
		likertWidth, height, id, id)
	fmt.Fprintf(&b, `<title id="%s">%s</title><desc id="%s-desc">%s</desc>`, id, escapeXML(title), id, escapeXML(likertDescription(questions, bars)))
	likertPatterns(&b, id)
	for rank := 1; rank <= 5; rank++ {
		x, y := float64((rank-1)%3)*120, (rank-1)/3*18
		fmt.Fprintf(&b, `<rect %s x="%.0f" y="%d" width="12" height="12"/><text x="%.0f" y="%d" font-size="11">%s</text>`,
			segmentPaint(id, "key", rank), x, y+1, x+16, y+11, likertKey[rank-1])
	}
	y := likertLegend
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" text-anchor="end">← less good</text><text x="%.1f" y="%d" font-size="11">good →</text><text x="%d" y="%d" font-size="11">good</text>`,
		centre-4, y+11, centre+4, y+11, likertPlot+6, y+11)
	y += likertAxis
	for i, bar := range bars {
		for _, line := range labels[i] {
			fmt.Fprintf(&b, `<text x="0" y="%d" font-size="12">%s</text>`, y+12, escapeXML(line))
			y += likertLine
		}
		y += 2
		drawLikertBar(&b, id, bar, y, centre, unit, extent)
		y += likertBarH + likertGap - 2
	}
	for tick := -extent; tick <= extent; tick += 25 {
		fmt.Fprintf(&b, `<text x="%.2f" y="%d" font-size="10" text-anchor="middle">%.0f%%</text>`, centre+tick*unit, y+10, math.Abs(tick))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// drawLikertBar draws one bar with its top at y, on a scale of unit per
// percent either side of centre, with grid lines every 25% to extent, and
// its good share beside it.
func drawLikertBar(b *strings.Builder, id string, bar LikertBar, y int, centre, unit, extent float64) {
	if bar.Answered == 0 {
		fmt.Fprintf(b, `<text x="%.1f" y="%d" font-size="11" text-anchor="middle">no answers yet</text>`, centre, y+12)
		return
	}
	for tick := 25.0; tick <= extent; tick += 25 {
		for _, x := range []float64{centre - tick*unit, centre + tick*unit} {
			fmt.Fprintf(b, `<line class="grid" x1="%.2f" y1="%d" x2="%.2f" y2="%d"/>`, x, y-2, x, y+likertBarH+2)
		}
	}
	x := centre + bar.Start*unit
	for _, seg := range bar.Segments {
		if w := seg.Percent * unit; w > 0 {
			fmt.Fprintf(b, `<rect %s x="%.2f" y="%d" width="%.2f" height="%d"/>`, segmentPaint(id, "seg", seg.Rank), x, y, w, likertBarH)
			x += w
		}
	}
	fmt.Fprintf(b, `<line class="centre" x1="%.2f" y1="%d" x2="%.2f" y2="%d"/>`, centre, y-3, centre, y+likertBarH+3)
	share := "–"
	if bar.Good.Shown() {
		share = percent(bar.Good.Share())
	}
	fmt.Fprintf(b, `<text x="%d" y="%d" font-size="12" font-weight="bold">%s</text>`, likertPlot+6, y+12, share)
}

// likertPatterns defines the hatching of the milder answers: lines one way
// on the bad side, the other way on the good side.
func likertPatterns(b *strings.Builder, id string) {
	fmt.Fprintf(b, `<defs>`)
	for _, p := range []struct {
		rank        int
		angle       int
		tint, lines string
	}{{2, 45, "tint-bad", "ink-bad"}, {4, -45, "tint-good", "ink-good"}} {
		fmt.Fprintf(b, `<pattern id="%s-p%d" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(%d)"><rect class="%s" width="5" height="5"/><rect class="%s" width="2" height="5"/></pattern>`,
			id, p.rank, p.angle, p.tint, p.lines)
	}
	b.WriteString(`</defs>`)
}

// segmentPaint is the class and fill of a rank's shape: the milder answers
// are filled by their hatching, the others by a class the page's CSS colours.
func segmentPaint(id, class string, rank int) string {
	if rank == 2 || rank == 4 {
		return fmt.Sprintf(`class="%s" fill="url(#%s-p%d)"`, class, id, rank)
	}
	return fmt.Sprintf(`class="%s s%d"`, class, rank)
}

// likertDescription is every bar in words, for screen readers.
func likertDescription(questions []QuestionResult, bars []LikertBar) string {
	var b strings.Builder
	b.WriteString("Good answers are drawn right of the centre line. ")
	for i, q := range questions {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%s: %s", q.Text, answeredWords(bars[i].Answered))
		if bars[i].Answered == 0 {
			b.WriteString(".")
			continue
		}
		for _, answer := range []int{1, 2, 3, 4, 5} {
			fmt.Fprintf(&b, "; %d: %s", answer, percent(float64(q.Counts[answer])/float64(bars[i].Answered)))
		}
		if bars[i].Good.Shown() {
			fmt.Fprintf(&b, "; good answers (%s): %s", goodAnswers(q.Reversed), percent(bars[i].Good.Share()))
		}
		b.WriteString(".")
	}
	return b.String()
}

// goodAnswers names the answers that count as good for a question.
func goodAnswers(reversed bool) string {
	if reversed {
		return "1 or 2, as a high answer is a bad sign"
	}
	return "4 or 5"
}

func answeredWords(n int64) string {
	if n == 1 {
		return "1 answered"
	}
	return fmt.Sprintf("%d answered", n)
}

// percent writes a proportion as a whole percentage: "65%".
func percent(p float64) string { return fmt.Sprintf("%.0f%%", 100*p) }

// wrapWords breaks text into lines of at most width characters, at spaces
// (a word longer than a line has a line of its own).
func wrapWords(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case len([]rune(line))+1+len([]rune(word)) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}
