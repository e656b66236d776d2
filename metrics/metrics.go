// Package metrics counts what Heard does, for Prometheus, without ever
// counting who: labels are routes, keywords, languages, channels and kinds,
// never a phone number, an address or anything anyone wrote.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds Heard's collectors. A nil *Metrics counts nothing, so code
// and tests that do not care need not make one.
type Metrics struct {
	registry  *prometheus.Registry
	requests  *prometheus.HistogramVec
	texts     *prometheus.CounterVec
	responses *prometheus.CounterVec
	flags     *prometheus.CounterVec
	store     *prometheus.HistogramVec
	storeErrs *prometheus.CounterVec
}

// New makes the collectors and registers them, with Go's own runtime and
// process metrics, on a registry of their own.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "heard_http_request_duration_seconds", Help: "HTTP requests by route pattern, method and status code.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route", "method", "code"}),
		texts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "heard_sms_messages_total", Help: "Texts answered, by channel (sms, whatsapp), what the reply was (keyword or step) and language.",
		}, []string{"channel", "kind", "lang"}),
		responses: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "heard_feedback_responses_total", Help: "Feedback responses received and kept, by channel (a form sent twice is counted twice here, once in the results).",
		}, []string{"channel"}),
		flags: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "heard_safety_flags_total", Help: "Texts and comments the danger detector flagged, by kind and channel.",
		}, []string{"kind", "channel"}),
		store: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "heard_store_duration_seconds", Help: "Store calls by operation.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1},
		}, []string{"op"}),
		storeErrs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "heard_store_errors_total", Help: "Store calls that failed, by operation.",
		}, []string{"op"}),
	}
	m.registry.MustRegister(m.requests, m.texts, m.responses, m.flags, m.store, m.storeErrs,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format. Serve it on its
// own, non-public address: it is for the people running Heard.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// Request counts one HTTP request. route is the pattern ("/:lang/:slug"),
// never the path a visitor asked for; method is one of HTTP's own or OTHER,
// never a word a client made up.
func (m *Metrics) Request(route, method string, code int, took time.Duration) {
	if m != nil {
		m.requests.WithLabelValues(route, method, strconv.Itoa(code)).Observe(took.Seconds())
	}
}

// Text counts one text answered, on a channel (sms, whatsapp).
func (m *Metrics) Text(channel, kind, lang string) {
	if m != nil {
		m.texts.WithLabelValues(channel, kind, lang).Inc()
	}
}

// Response counts one feedback response stored.
func (m *Metrics) Response(channel string) {
	if m != nil {
		m.responses.WithLabelValues(channel).Inc()
	}
}

// Flag counts one text or comment the danger detector flagged.
func (m *Metrics) Flag(kind, channel string) {
	if m != nil {
		m.flags.WithLabelValues(kind, channel).Inc()
	}
}

// StoreCall counts one store call and whether it failed.
func (m *Metrics) StoreCall(op string, took time.Duration, err error) {
	if m == nil {
		return
	}
	m.store.WithLabelValues(op).Observe(took.Seconds())
	if err != nil {
		m.storeErrs.WithLabelValues(op).Inc()
	}
}

// WatchReadiness publishes heard_ready, asked at each scrape: 1 when ready
// says Heard can serve (as /readyz would answer 200: its store answers and
// it is not stopping), else 0. Alerts watch it, as Prometheus cannot probe
// /readyz by itself.
func (m *Metrics) WatchReadiness(ready func() bool) {
	if m == nil {
		return
	}
	m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "heard_ready", Help: "1 when Heard is ready to serve (its store answers and it is not stopping), else 0; asked at each scrape.",
	}, func() float64 {
		if ready() {
			return 1
		}
		return 0
	}))
}
