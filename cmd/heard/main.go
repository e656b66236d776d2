// Command heard runs Heard: the website young people read, the SMS channel,
// and the tools that look after them. `heard serve` (the default) serves;
// `heard healthcheck` asks a running server whether it is alive (for
// container health checks); `heard sms` plays the SMS (or WhatsApp) conversation in a
// terminal; `heard safety` prints the danger detector's verdict per line;
// `heard user`, `team`, `backup`, `restore` and `check` look after the store, while
// Heard runs (through its private socket) or not.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"heard/admin"
	"heard/content"
	"heard/feedback"
	"heard/handlers"
	"heard/locales"
	"heard/metrics"
	"heard/sms"
	"heard/store"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// configFromEnv reads and checks the configuration, or stops Heard, before
// it does anything, with one sentence saying which value is wrong and what
// to write instead.
func configFromEnv() config {
	cfg, err := loadConfig(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "heard:", err)
		os.Exit(1)
	}
	return cfg
}

func main() {
	cmd := "serve"
	if len(os.Args) > 1 {
		cmd = os.Args[1]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(configFromEnv())
	case "healthcheck":
		err = healthcheck(configFromEnv())
	case "sms":
		err = playSMS(configFromEnv(), os.Args[2:], os.Stdin, os.Stdout)
	case "safety":
		err = checkSafety(os.Stdin, os.Stdout)
	case "user":
		err = manageUsers(configFromEnv(), os.Args[2:], os.Stdin, os.Stdout)
	case "team":
		err = manageTeams(configFromEnv(), os.Args[2:], os.Stdout)
	case "backup":
		err = backup(configFromEnv(), os.Args[2:])
	case "restore":
		err = restore(configFromEnv(), os.Args[2:])
	case "check":
		err = check(configFromEnv(), os.Args[2:])
	case "help", "-h", "--help":
		fmt.Println("usage: heard [serve|healthcheck|sms [--lang CODE] [--channel sms|whatsapp]|safety [--explain] [--eval FILE]|user add|invite|move|list|disable|enable|unlock|reset-password|reset-link|team add|list|backup FILE|restore FILE|check]")
		return
	default:
		err = fmt.Errorf("unknown command %q (try: heard serve, healthcheck, sms, safety, user, team, backup, restore, check)", cmd)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "heard:", err)
		var damaged *store.DamagedError
		if errors.As(err, &damaged) {
			os.Exit(exitDamaged)
		}
		os.Exit(1)
	}
}

// exitDamaged is the exit status when the data file is damaged: starting
// again will not mend it, so systemd is told not to try
// (RestartPreventExitStatus=3 in the README's unit) rather than loop.
const exitDamaged = 3

// embeddedGCPercent is the collector's GOGC on the embedded store unless GOGC
// says otherwise: the heap may grow 30% past what is live before a
// collection, not the default 100%. The embedded store maps its data file
// into the process, and with the binary's own pages that is over half the
// RSS under load (about 34 MB), so the heap must stay small to keep the
// whole under 60 MB: the live site holds about 9 MB at rest and 12 MB under
// load (the detector's vocabulary and model, the pages, the templates), and
// this keeps the heap near 16 MB instead of 24. Under mixed load
// (e2e/loadgen, 1,000 requests/s) the collector then runs about ten times a
// second and takes about 3% of the processor, against 2% at the default,
// and start-up takes about 60 ms longer; texts alone are 10-20% slower
// (smsload), far above the embedded store's target. With Redis nothing is
// mapped but the binary, so the default leaves the RSS under 60 MB, and
// texts keep their speed.
const embeddedGCPercent = 30

// memoryLimit is the Go runtime's soft memory limit unless GOMEMLIMIT says
// otherwise: a ceiling for bursts (many requests at once hold more live
// memory), above what the collector keeps the process at. It counts stacks
// and the runtime's own memory too, so it must leave the heap room: at 28 MiB
// the collector ran almost without pause under load (a third of the CPU,
// p99 of texts doubled). It is soft: a big export may pass it, at the cost
// of more garbage collection while it runs (set GOMEMLIMIT higher where
// memory is plentiful).
const memoryLimit = 40 << 20

func serve(cfg config) error {
	if os.Getenv("GOGC") == "" && cfg.redisURL == "" {
		debug.SetGCPercent(embeddedGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	store.LogRedisTo(log)
	start := time.Now()
	if warning := localPublicURLWarning(cfg); warning != "" {
		log.Warn(warning)
	}
	lib, bundle, engine, err := loadWords(cfg.publicURL.String())
	if err != nil {
		return err
	}
	st, err := openStore(cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if r, ok := st.(*store.Redis); ok {
		go forgetOptOuts(r, log)
	}
	file, _ := st.(*store.Embedded) // nil with Redis
	if file != nil {
		stopAdmin, err := serveAdmin(cfg.dataDir, file, log)
		if err != nil {
			return err
		}
		defer stopAdmin()
	}
	var counts *metrics.Metrics
	if cfg.metricsAddr != "" {
		counts = metrics.New()
		stopMetrics, err := serveMetrics(cfg.metricsAddr, counts, log)
		if err != nil {
			return err
		}
		defer stopMetrics()
	}
	st = counts.Store(st)
	secret, err := loadSecret(cfg)
	if err != nil {
		return err
	}
	if cfg.twilioToken == "" {
		log.Warn("TWILIO_AUTH_TOKEN is not set: the SMS webhook answers 503")
	}
	site, err := handlers.New(handlers.Config{PublicURL: cfg.publicURL, Log: log,
		Store: st, Secret: secret, SMS: handlers.SMS{Engine: engine, AuthToken: cfg.twilioToken},
		TrustedProxies: cfg.proxies, SMSNumber: cfg.smsNumber, Metrics: counts}, lib, bundle)
	if err != nil {
		return err
	}
	teams, stopTeams := context.WithCancel(context.Background())
	defer stopTeams()
	if giveFirstTeam(teams, st, cfg.firstTeam, log) != nil {
		go keepGivingFirstTeam(teams, st, cfg.firstTeam, log)
	}
	forgetting, stopForgetting := context.WithCancel(context.Background())
	defer stopForgetting()
	go forgetOld(forgetting, st, file, cfg.keepMonths, log)
	counting, stopCounting := context.WithCancel(context.Background())
	defer stopCounting()
	go backfillSeries(counting, st, log)
	drain := handlers.NewDrain(site)
	counts.WatchReadiness(func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		return !drain.Draining() && st.Ping(ctx) == nil
	})
	srv := handlers.NewServer(cfg.addr, drain)
	listener, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	// Rendering every page made garbage that the live site no longer needs:
	// give it back to the system now rather than keep it for the next peak.
	debug.FreeOSMemory()
	log.Info("listening", "addr", listener.Addr().String(), "startup", time.Since(start).String())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(listener) }()
	select {
	case err := <-served:
		return err
	case sig := <-stop:
		// Drain: keep serving for a moment while /readyz says 503 and every
		// response closes its connection, then finish what is in flight and
		// go. Nobody is cut off mid-page, and no request races a closing
		// connection.
		log.Info("stopping", "signal", sig.String(), "drain", cfg.drain.String())
		drain.Start()
		time.Sleep(cfg.drain)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			return err
		}
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}

// serveMetrics serves Prometheus metrics on their own address, which should
// not be reachable from the internet; the returned function stops it. It
// serves nothing else: metrics hold counts, never anything kept. A client that
// is slow to send, slow to read, or idle is cut off.
func serveMetrics(addr string, m *metrics.Metrics, log *slog.Logger) (func(), error) {
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("HEARD_METRICS_ADDR: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 5 * time.Second,
		WriteTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	go srv.Serve(listener)
	log.Info("metrics", "addr", listener.Addr().String())
	return func() { srv.Close() }, nil
}

// serveAdmin takes operators' commands and backups on the private socket in
// the data folder (see package admin); the returned function stops it.
func serveAdmin(dir string, file *store.Embedded, log *slog.Logger) (func(), error) {
	listener, err := admin.Listen(dir)
	if err != nil {
		return nil, fmt.Errorf("the admin socket: %w", err)
	}
	log.Info("admin socket", "path", listener.Addr().String())
	return admin.Serve(listener, file, log), nil
}

// loadWords loads and checks everything a young person reads: the pages,
// the interface strings, and the SMS conversation built from them.
func loadWords(publicURL string) (*content.Library, *i18n.Bundle, *sms.Engine, error) {
	lib, err := content.Load(locales.Codes())
	if err != nil {
		return nil, nil, nil, err
	}
	bundle, err := locales.Bundle()
	if err != nil {
		return nil, nil, nil, err
	}
	bank, err := feedback.LoadBank(content.QuestionBank(), locales.Codes())
	if err != nil {
		return nil, nil, nil, err
	}
	engine, err := sms.NewEngine(lib, bundle, bank, publicURL)
	return lib, bundle, engine, err
}

// healthcheck asks the server on this machine for /healthz, so a container
// with no shell or curl can still check itself.
func healthcheck(cfg config) error {
	_, port, err := net.SplitHostPort(cfg.addr)
	if err != nil {
		return err
	}
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://127.0.0.1:" + port + "/healthz")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthz answered %s", resp.Status)
	}
	return nil
}
