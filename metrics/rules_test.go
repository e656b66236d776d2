package metrics

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// The alerting rules and the dashboard are checked against the metrics
// Heard really exports, so renaming a metric or a label breaks this test
// rather than silently blinding an alert.

var (
	// A metric name Heard or Go's collectors export (up comes from Prometheus).
	metricName = regexp.MustCompile(`\b(?:heard|go|process)_[a-z0-9_]+\b`)
	// A selector with label matchers: name{a="x", b=~"y"}.
	selector     = regexp.MustCompile(`\b((?:heard|go|process)_[a-z0-9_]+)\{([^}]*)\}`)
	matcherLabel = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)`)
	grouping     = regexp.MustCompile(`\b(?:by|without)\s*\(([^)]*)\)`)
)

// targetLabels are added by Prometheus to every series it scrapes.
var targetLabels = []string{"job", "instance"}

// exported returns every series name Heard's registry exposes, each with
// its label names (histograms also as _bucket, _sum and _count).
func exported(t *testing.T) map[string][]string {
	t.Helper()
	m := New()
	m.Request("/:lang/:slug", "GET", 200, time.Millisecond)
	m.Text("help", "en", "sms")
	m.Response("web")
	m.Flag("danger", "sms")
	m.StoreCall("ping", time.Millisecond, errors.New("down"))
	m.WatchReadiness(func() bool { return true })
	families, err := m.registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string][]string{}
	for _, f := range families {
		var labels []string
		for _, l := range f.GetMetric()[0].GetLabel() {
			labels = append(labels, l.GetName())
		}
		names[f.GetName()] = labels
		switch f.GetType().String() {
		case "HISTOGRAM":
			names[f.GetName()+"_bucket"] = append(slices.Clone(labels), "le")
			names[f.GetName()+"_sum"] = labels
			names[f.GetName()+"_count"] = labels
		case "SUMMARY":
			names[f.GetName()+"_sum"] = labels
			names[f.GetName()+"_count"] = labels
			names[f.GetName()] = append(slices.Clone(labels), "quantile")
		}
	}
	return names
}

// dashboardQueries returns every PromQL query in the dashboard.
func dashboardQueries(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile("dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash any
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatalf("dashboard.json: %v", err)
	}
	var queries []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, child := range v {
				if s, ok := child.(string); ok && (k == "expr" || k == "definition") {
					queries = append(queries, s)
				}
				walk(child)
			}
		case []any:
			for _, child := range v {
				walk(child)
			}
		}
	}
	walk(dash)
	return queries
}

func TestRulesAndDashboardNameOnlyMetricsAndLabelsThatExist(t *testing.T) {
	names := exported(t)
	allLabels := slices.Clone(targetLabels)
	for _, labels := range names {
		allLabels = append(allLabels, labels...)
	}
	sources := map[string]string{}
	for _, file := range []string{"alerts.yml", "alerts_test.yml", "alerts_daily_test.yml"} {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		sources[file] = string(raw)
	}
	queries := dashboardQueries(t)
	if len(queries) < 10 {
		t.Fatalf("the dashboard has %d queries", len(queries))
	}
	sources["dashboard.json"] = strings.Join(queries, "\n")

	for file, text := range sources {
		for _, name := range metricName.FindAllString(text, -1) {
			if _, ok := names[name]; !ok {
				t.Errorf("%s names %s, which Heard does not export", file, name)
			}
		}
		for _, m := range selector.FindAllStringSubmatch(text, -1) {
			for _, l := range matcherLabel.FindAllStringSubmatch(m[2], -1) {
				if !slices.Contains(names[m[1]], l[1]) && !slices.Contains(targetLabels, l[1]) {
					t.Errorf("%s selects %s by label %q, which it does not have", file, m[1], l[1])
				}
			}
		}
		for _, m := range grouping.FindAllStringSubmatch(text, -1) {
			for l := range strings.SplitSeq(m[1], ",") {
				if l = strings.TrimSpace(l); l != "" && !slices.Contains(allLabels, l) {
					t.Errorf("%s groups by %q, which no metric has", file, l)
				}
			}
		}
	}
	// Each alert the README promises is there.
	for _, alert := range []string{"HeardDown", "HeardNotReady", "HeardStoreFailing", "HeardTextRepliesFailing",
		"HeardTextRepliesWithoutStore", "HeardTextRepliesSlow", "HeardTwilioSignaturesRefused", "HeardPagesFailing", "HeardSafetyFlagsRising"} {
		if !strings.Contains(sources["alerts.yml"], "alert: "+alert+"\n") {
			t.Errorf("alerts.yml has no %s", alert)
		}
	}
}

// promtool checks the rules' syntax and runs their unit tests: each alert
// fires on series that should trigger it and stays quiet on others.
func TestAlertRulesPassPromtool(t *testing.T) {
	// test.sh names the promtool it unpacked; elsewhere one on PATH will do.
	promtool := os.Getenv("HEARD_PROMTOOL")
	if promtool == "" {
		var err error
		if promtool, err = exec.LookPath("promtool"); err != nil {
			t.Skip("no promtool: ./test.sh unpacks it from Debian's prometheus package")
		}
	}
	for _, args := range [][]string{
		{"check", "rules", "alerts.yml"},
		{"test", "rules", "alerts_test.yml", "alerts_daily_test.yml"},
	} {
		out, err := exec.Command(promtool, args...).CombinedOutput()
		if err != nil {
			t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
		} else {
			t.Logf("promtool %s:\n%s", strings.Join(args, " "), out)
		}
	}
}

func TestReadinessIsAskedAtEachScrape(t *testing.T) {
	m := New()
	ready := true
	m.WatchReadiness(func() bool { return ready })
	value := func() float64 {
		families, err := m.registry.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range families {
			if f.GetName() == "heard_ready" {
				return f.GetMetric()[0].GetGauge().GetValue()
			}
		}
		t.Fatal("no heard_ready")
		return -1
	}
	if v := value(); v != 1 {
		t.Errorf("ready: heard_ready %v", v)
	}
	ready = false
	if v := value(); v != 0 {
		t.Errorf("not ready: heard_ready %v", v)
	}
	var none *Metrics
	none.WatchReadiness(func() bool { return true }) // counts nothing, does not panic
}
