// Command heard runs Heard: the website young people read, and the tools
// that look after it. `heard serve` (the default) serves; `heard healthcheck`
// asks a running server whether it is alive (for container health checks).
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
	"syscall"
	"time"

	"heard/content"
	"heard/handlers"
	"heard/locales"
)

// config is everything read from the environment.
type config struct {
	addr      string
	publicURL string
}

func configFromEnv() config {
	return config{
		addr:      envOr("HEARD_ADDR", ":8080"),
		publicURL: os.Getenv("HEARD_PUBLIC_URL"),
	}
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
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
	case "help", "-h", "--help":
		fmt.Println("usage: heard [serve|healthcheck]")
		return
	default:
		err = fmt.Errorf("unknown command %q (try: heard serve, heard healthcheck)", cmd)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "heard:", err)
		os.Exit(1)
	}
}

func serve(cfg config) error {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	start := time.Now()
	lib, err := content.Load(languageCodes())
	if err != nil {
		return err
	}
	bundle, err := locales.Bundle()
	if err != nil {
		return err
	}
	site, err := handlers.New(handlers.Config{PublicURL: cfg.publicURL, Log: log}, lib, bundle)
	if err != nil {
		return err
	}
	srv := handlers.NewServer(cfg.addr, site)
	listener, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	log.Info("listening", "addr", listener.Addr().String(), "startup", time.Since(start).String())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(listener) }()
	select {
	case err := <-served:
		return err
	case sig := <-stop:
		// Finish what is in flight, then go: nobody is cut off mid-page.
		log.Info("stopping", "signal", sig.String())
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

func languageCodes() []string {
	var codes []string
	for _, l := range locales.All {
		codes = append(codes, l.Code)
	}
	return codes
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
