package workers

import (
	"embed"
	"fmt"
	"html/template"
	"math"

	"heard/feedback"
	"heard/handlers/web"
	"heard/locales"
	"heard/safety"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Pages are the workers' pages, drawn in the site's layout, in English only.
var Pages = web.Pages{Files: templateFiles, Kinds: []string{"signin", "workers", "round", "post", "poster", "report", "compare", "trends", "profile", "admin", "invite", "audit", "localhelp", "factor"},
	Shared: []string{"templates/parts.html"}, EnglishOnly: true, NoReadAloud: true, Funcs: func(*locales.Translator) template.FuncMap {
		return template.FuncMap{
			"flagName": flagName,
			"share":    share,
			"likert":   feedback.LikertChartSVG,
			"columns":  feedback.ColumnChartSVG,
			"trend":    feedback.TrendChartSVG,
			"points":   points,
			"verdict":  verdictClass,
			"span":     monthsOf,
			"ukDay":    ukDay,
		}
	}}

// flagNames say in plain words what a flagged comment sounds like, for workers.
var flagNames = map[safety.Verdict]string{
	safety.Danger:       "Danger now",
	safety.SelfHarm:     "Suicide or self-harm",
	safety.Disclosure:   "Sexual abuse or grooming",
	safety.Exploitation: "Criminal exploitation",
	safety.Images:       "Image-based abuse",
}

// flagName names a comment's safety flag as stored; one this code does not know is shown
// as it is, never hidden.
func flagName(flag string) string {
	if v, ok := safety.ParseVerdict(flag); ok && flagNames[v] != "" {
		return flagNames[v]
	}
	return flag
}

// share is how many of total answered a or b, as a percentage with the
// count, for reports: "42% (21)".
func share(a, b, total int64) string {
	if total == 0 {
		return "none answered"
	}
	return fmt.Sprintf("%d%% (%d)", (a+b)*100/total, a+b)
}

// points writes a difference of two shares in percentage points, signed:
// "+12", "-5", "0".
func points(d float64) string {
	switch p := math.Round(100 * d); {
	case p > 0:
		return fmt.Sprintf("+%.0f", p)
	case p < 0:
		return fmt.Sprintf("%.0f", p)
	}
	return "0"
}

// verdictClass is the class a verdict is shown with: bold and coloured for
// a change, plain for "can't tell".
func verdictClass(v feedback.Verdict) string {
	switch v {
	case feedback.Better:
		return "better"
	case feedback.Worse:
		return "worse"
	}
	return ""
}

// monthsOf is how far a trend reaches, for its heading.
func monthsOf(trends []feedback.Trend) string {
	if len(trends) == 0 || len(trends[0].Months) == 0 {
		return ""
	}
	m := trends[0].Months
	return m[0].Label() + " to " + m[len(m)-1].Label()
}
