package main

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// A client may send any word as the HTTP method. Thousands of made-up ones
// must not each become a metrics series or a log field: they are all OTHER.
func TestMadeUpMethodsNeitherSwellMetricsNorReachTheLog(t *testing.T) {
	metricsAddr := freeAddr(t)
	heard := startHeard(t, "HEARD_DATA="+t.TempDir(), "HEARD_METRICS_ADDR="+metricsAddr)
	scrape := func() string {
		t.Helper()
		resp, err := http.Get("http://" + metricsAddr + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	send := func(method, path string) {
		t.Helper()
		req, err := http.NewRequest(method, heard.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	send("GET", "/en/help") // every route's series exists before the baseline
	send("FIRST-MADE-UP", "/en/help")
	before := len(scrape())

	var madeUp []string
	for i := range 2000 {
		method := fmt.Sprintf("MADEUP%04dX%s", i, strings.Repeat("Q", 40))
		madeUp = append(madeUp, method)
		send(method, []string{"/en/help", "/", "/workers/sign-in", "/nowhere"}[i%4])
	}
	after := scrape()
	// Four routes and a status or two of OTHER: a few histograms at most.
	if grew := len(after) - before; grew > 16<<10 {
		t.Errorf("/metrics grew by %d bytes after 2,000 made-up methods (from %d)", grew, before)
	}
	if !strings.Contains(after, `method="OTHER"`) {
		t.Error("made-up methods are not counted as OTHER")
	}
	logs := heard.logs.String()
	if !strings.Contains(logs, `"method":"OTHER"`) {
		t.Error("the log does not name made-up methods OTHER")
	}
	for _, m := range append(madeUp, "FIRST-MADE-UP") {
		if strings.Contains(after, m) || strings.Contains(logs, m) {
			t.Fatalf("a made-up method reached the metrics or the log: %s", m)
		}
	}
}
