// Package handlers is the public website young people use (pages, the
// feedback form, "You said, we did"), the Twilio webhook and the health
// checks. New builds the one Echo that serves them and the workers' side
// (package workers); what the two sides share is in package web.
package handlers

import (
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"heard/content"
	"heard/feedback"
	"heard/handlers/web"
	"heard/handlers/workers"
	"heard/locales"
	"heard/localhelp"
	"heard/metrics"
	"heard/sms"
	"heard/store"

	"github.com/labstack/echo/v4"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/twilio/twilio-go/client"
)

// ExitURL is where the quick exit goes: a neutral, everyday page.
const ExitURL = "https://www.bbc.co.uk/weather"

// Config is what the web layer needs from the outside.
type Config struct {
	// PublicURL is the public base address (scheme and host, checked at
	// start-up): Twilio signatures are checked against it, links and
	// posters use it, and https turns on HSTS and Secure cookies.
	PublicURL *url.URL
	Log       *slog.Logger
	Now       func() time.Time // the clock for helplines' opening hours
	Store     store.Store      // what is kept; without it SMS and feedback answer 503
	Secret    []byte           // keys phone-number and address hashes, and signs forms
	SMS       SMS              // the SMS channel; without it /sms/twilio answers 503
	// TrustedProxies are the networks whose X-Forwarded-For is believed,
	// for rate limits; from anyone else the header is ignored.
	TrustedProxies []netip.Prefix
	SMSNumber      string           // the number young people text, shown on forms and posters
	Metrics        *metrics.Metrics // nil counts nothing
}

// New builds the whole public website, rendering every page up front.
func New(cfg Config, lib *content.Library, bundle *i18n.Bundle) (http.Handler, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	publicBase := ""
	if cfg.PublicURL != nil {
		publicBase = strings.TrimSuffix(cfg.PublicURL.String(), "/")
	}
	s, err := buildSite(lib, bundle, ExitURL, cfg.Now)
	if err != nil {
		return nil, err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorPages.Handler(cfg.Log)
	e.Use(web.AccessLog(cfg.Log, cfg.Metrics), web.RecoverPanic(cfg.Log), web.SecureHeaders(publicBase))

	get := func(path string, h echo.HandlerFunc) {
		e.Match([]string{http.MethodGet, http.MethodHead}, path, h)
	}
	get("/", s.root)
	get("/healthz", healthz)
	get("/readyz", readyz(cfg.Store))
	get("/static/:name", s.asset)
	get("/favicon.ico", noFavicon)
	get("/robots.txt", robots)
	get("/:lang", s.languageHome)
	get("/:lang/", s.page)
	get("/:lang/:slug", s.page)
	get("/:lang/:slug/", s.trailingSlash)

	bank, err := feedback.LoadBank(content.QuestionBank(), locales.Codes())
	if err != nil {
		return nil, err
	}
	clients := web.ClientAddresses(cfg.TrustedProxies)
	var local *web.LocalHelpFinder // a team's local help, on its rounds' pages and posters
	if cfg.Store != nil {
		local = &web.LocalHelpFinder{Service: &localhelp.Service{Store: cfg.Store, Now: cfg.Now}, Teams: cfg.Store, Log: cfg.Log}
	}
	news := &newsCache{store: cfg.Store, now: cfg.Now}
	forms := &feedbackForms{site: s, bank: bank, standing: feedback.StandingRound(bank), store: cfg.Store, tokens: web.NewFormTokens(cfg.Secret),
		publicURL: cfg.PublicURL, smsNumber: cfg.SMSNumber, news: news, local: local, log: cfg.Log, metrics: cfg.Metrics,
		limit: &web.AddressLimit{Kind: "fb", Limit: feedbackRateLimit, Window: feedbackWindow, Store: cfg.Store, Secret: cfg.Secret, Clients: clients, Now: cfg.Now}}
	get("/:lang/feedback", forms.show)
	e.POST("/:lang/feedback", forms.submit)
	get("/:lang/feedback/thanks", forms.thanks)
	get("/:lang/feedback/:code", forms.show)
	get("/:lang/feedback/:code/thanks", forms.thanks)
	e.POST("/:lang/feedback/:code", forms.submit)
	get("/feedback", s.toLanguage("feedback"))
	get("/feedback/:code", s.toLanguage("feedback"))
	get("/:lang/you-said-we-did", forms.youSaidWeDid)

	var reserved func(string) bool
	if cfg.SMS.Engine != nil {
		reserved = cfg.SMS.Engine.Reserved
	}
	err = workers.Register(e, workers.Config{Render: s.render, Now: cfg.Now, Bank: bank, Store: cfg.Store, Secret: cfg.Secret, Clients: clients,
		Secure: isHTTPS(publicBase), PublicURL: cfg.PublicURL, Log: cfg.Log, SMSNumber: cfg.SMSNumber, Reserved: reserved,
		PostsChanged: news.forget, LocalHelp: local})
	if err != nil {
		return nil, err
	}

	webhook := &twilioWebhook{authToken: cfg.SMS.AuthToken, publicURL: publicBase, portless: portlessOf(cfg.PublicURL),
		validator: client.NewRequestValidator(cfg.SMS.AuthToken)}
	if cfg.SMS.Engine != nil && cfg.Store != nil {
		webhook.texts = sms.NewService(sms.Config{Engine: cfg.SMS.Engine, Store: cfg.Store, Secret: cfg.Secret,
			Posts: news.get, Counter: cfg.Metrics, Log: cfg.Log})
	}
	e.POST("/sms/twilio", webhook.handle)
	return e, nil
}

func isHTTPS(publicURL string) bool { return strings.HasPrefix(publicURL, "https://") }

// NewServer wraps a handler with the timeouts and limits a public server
// needs, so slow or huge requests cannot tie it up. A CSV export, the one
// long response, extends its write deadline chunk by chunk.
func NewServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    32 << 10,
	}
}
