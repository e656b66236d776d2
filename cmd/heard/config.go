package main

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"heard/accounts"
	"heard/store"
	"heard/ukphone"
)

// config is everything Heard reads from the environment, checked once at
// start-up and kept parsed: the rest of Heard gets a URL, a duration, a
// number of months and a list of networks, never a string to read again.
// A value that cannot be right stops Heard before it serves anyone, with
// one sentence that names the variable and says what to write instead.
type config struct {
	addr        string   // HEARD_ADDR: host:port, checked
	publicURL   *url.URL // HEARD_PUBLIC_URL: scheme and host only
	dataDir     string
	redisURL    string // REDIS_URL, checked by store.CheckRedisURL; empty: the embedded store
	secret      string
	twilioToken string
	proxies     []netip.Prefix // HEARD_TRUSTED_PROXIES
	smsNumber   string         // HEARD_SMS_NUMBER: a UK number, as young people type it
	keepMonths  int            // how long comments are kept, in months
	metricsAddr string         // where Prometheus reads metrics; empty: nowhere
	drain       time.Duration  // how long to drain on SIGTERM
	firstTeam   string         // HEARD_FIRST_TEAM: the team an install from before teams becomes
}

// Defaults for what is not set.
const (
	defaultAddr      = ":8080"
	defaultPublicURL = "http://localhost:8080"
	defaultDataDir   = "./data"
	defaultDrain     = time.Second
	defaultFirstTeam = "Heard"
	maxDrain         = time.Minute
	minSecretLength  = 32
	minCommentMonths = 1  // less would lose comments before anyone read them
	maxCommentMonths = 36 // more is longer than any report needs
)

// loadConfig reads and checks the configuration from getenv (os.Getenv).
// The first value that is wrong is the error.
func loadConfig(getenv func(string) string) (config, error) {
	or := func(name, fallback string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return fallback
	}
	cfg := config{
		dataDir:     or("HEARD_DATA", defaultDataDir),
		redisURL:    getenv("REDIS_URL"),
		secret:      getenv("HEARD_SECRET"),
		twilioToken: getenv("TWILIO_AUTH_TOKEN"),
		smsNumber:   getenv("HEARD_SMS_NUMBER"),
	}
	var err error
	if cfg.addr, err = checkAddr("HEARD_ADDR", or("HEARD_ADDR", defaultAddr)); err != nil {
		return config{}, err
	}
	if cfg.publicURL, err = parsePublicURL(or("HEARD_PUBLIC_URL", defaultPublicURL)); err != nil {
		return config{}, err
	}
	if cfg.redisURL != "" {
		if err := store.CheckRedisURL(cfg.redisURL); err != nil {
			// Never repeat the URL: it may hold Redis's password.
			return config{}, fmt.Errorf("REDIS_URL is not a Redis address Heard can use (%v): write it like redis://host:6379/0, or see the README for Sentinel and Cluster", err)
		}
	}
	if err := checkSecret(cfg.secret, cfg.redisURL != ""); err != nil {
		return config{}, err
	}
	if strings.TrimSpace(cfg.twilioToken) != cfg.twilioToken {
		return config{}, fmt.Errorf("TWILIO_AUTH_TOKEN begins or ends with a space or a line break: copy it again from Twilio's console, without them")
	}
	if cfg.proxies, err = parseTrustedProxies(getenv("HEARD_TRUSTED_PROXIES")); err != nil {
		return config{}, err
	}
	if cfg.smsNumber != "" && !isUKNumber(cfg.smsNumber) {
		return config{}, fmt.Errorf("HEARD_SMS_NUMBER=%q is not a UK number: write it as young people should type it, a mobile number starting 07 or +44 7, or a short code", cfg.smsNumber)
	}
	if cfg.keepMonths, err = parseCommentMonths(getenv("HEARD_COMMENT_MONTHS")); err != nil {
		return config{}, err
	}
	if v := getenv("HEARD_METRICS_ADDR"); v != "" {
		if cfg.metricsAddr, err = checkAddr("HEARD_METRICS_ADDR", v); err != nil {
			return config{}, err
		}
	}
	if cfg.drain, err = parseDrain(getenv("HEARD_DRAIN")); err != nil {
		return config{}, err
	}
	if cfg.firstTeam, err = accounts.CheckTeamName(or("HEARD_FIRST_TEAM", defaultFirstTeam)); err != nil {
		return config{}, fmt.Errorf("HEARD_FIRST_TEAM=%q cannot be a team's name: give 1 to %d letters, digits, spaces or punctuation, like Ealing Youth Service", getenv("HEARD_FIRST_TEAM"), accounts.MaxTeamName)
	}
	return cfg, nil
}

// parsePublicURL reads HEARD_PUBLIC_URL: the address people and Twilio
// reach Heard at. Twilio signs each webhook over it, and posters and texts
// print it, so a typo must stop Heard rather than make every text a 403.
// Heard serves from the root of its host, so only a scheme and a host (and
// perhaps a port) belong in it.
func parsePublicURL(v string) (*url.URL, error) {
	const like = "like https://heard.example"
	u, err := url.Parse(v)
	switch {
	case err != nil:
		return nil, fmt.Errorf("HEARD_PUBLIC_URL=%q is not an address: write the whole address Heard is reached at, %s", v, like)
	case u.Scheme == "" || u.Opaque != "" || (u.Host == "" && !strings.HasPrefix(v, u.Scheme+"://")):
		return nil, fmt.Errorf("HEARD_PUBLIC_URL=%q has no scheme: write the whole address, starting https://, %s", v, like)
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, fmt.Errorf("HEARD_PUBLIC_URL=%q must start with https:// (or http:// for local use), %s", v, like)
	case u.User != nil:
		return nil, fmt.Errorf("HEARD_PUBLIC_URL=%q holds a user name or password: give only the scheme and host, %s", u.Redacted(), like)
	case u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("HEARD_PUBLIC_URL=%q has no host name: %s", v, like)
	case (u.Port() != "" || strings.HasSuffix(u.Host, ":")) && !isPort(u.Port()):
		return nil, fmt.Errorf("HEARD_PUBLIC_URL=%q has a port that is not a number from 1 to 65535: %s, or https://heard.example:8443", v, like)
	case u.Path != "" && u.Path != "/":
		return nil, fmt.Errorf("HEARD_PUBLIC_URL=%q has a path, but Heard serves from the root of its address: give only the scheme and host, %s", v, like)
	case u.RawQuery != "" || u.ForceQuery:
		return nil, fmt.Errorf("HEARD_PUBLIC_URL=%q has a query (?...): give only the scheme and host, %s", v, like)
	case u.Fragment != "" || strings.Contains(v, "#"):
		return nil, fmt.Errorf("HEARD_PUBLIC_URL=%q has a fragment (#...): give only the scheme and host, %s", v, like)
	}
	return &url.URL{Scheme: u.Scheme, Host: strings.ToLower(u.Host)}, nil
}

func isPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n >= 1 && n <= 65535 && strconv.Itoa(n) == p
}

// checkAddr checks an address to listen on: host:port, where the host may
// be empty (every interface), an IP address or a name, and the port a
// number (0 picks a free one).
func checkAddr(name, v string) (string, error) {
	host, port, err := net.SplitHostPort(v)
	if err == nil && port != "0" && !isPort(port) {
		err = fmt.Errorf("bad port")
	}
	if err == nil && host != "" && strings.ContainsFunc(host, func(r rune) bool { return unicode.IsSpace(r) || r == '/' }) {
		err = fmt.Errorf("bad host")
	}
	if err != nil {
		return "", fmt.Errorf("%s=%q is not an address to listen on: write host:port, like 127.0.0.1:8080, or :8080 for every interface", name, v)
	}
	return v, nil
}

// checkSecret checks HEARD_SECRET, without ever repeating it. Instances
// sharing a Redis must share one, so with REDIS_URL it must be given.
func checkSecret(secret string, withRedis bool) error {
	switch {
	case secret == "" && withRedis:
		return fmt.Errorf("HEARD_SECRET is required when REDIS_URL is set (every instance must use the same one, at least %d characters)", minSecretLength)
	case secret != "" && len(secret) < minSecretLength:
		return fmt.Errorf("HEARD_SECRET is shorter than %d characters: make one with head -c 32 /dev/urandom | base64", minSecretLength)
	}
	return nil
}

// parseTrustedProxies reads HEARD_TRUSTED_PROXIES: CIDRs or single
// addresses, separated by commas or spaces.
func parseTrustedProxies(v string) ([]netip.Prefix, error) {
	var prefixes []netip.Prefix
	for _, item := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
		var p netip.Prefix
		var err error
		if strings.Contains(item, "/") {
			p, err = netip.ParsePrefix(item)
		} else {
			var addr netip.Addr
			addr, err = netip.ParseAddr(item)
			p = netip.PrefixFrom(addr, addr.BitLen())
		}
		if err != nil {
			return nil, fmt.Errorf("HEARD_TRUSTED_PROXIES: %q is not an address or a CIDR: list your proxies like 10.0.0.0/8, 127.0.0.1", item)
		}
		prefixes = append(prefixes, p.Masked())
	}
	return prefixes, nil
}

// isUKNumber says whether s can be HEARD_SMS_NUMBER: a UK number that
// ukphone accepts, written as young people would type it, or a five-digit
// short code; but not a 116 helpline, which is someone else's.
func isUKNumber(s string) bool {
	n, err := ukphone.Parse(s)
	return err == nil && n.Kind != ukphone.Helpline
}

// parseCommentMonths reads HEARD_COMMENT_MONTHS (default 13).
func parseCommentMonths(v string) (int, error) {
	if v == "" {
		return store.DefaultCommentMonths, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < minCommentMonths || n > maxCommentMonths {
		return 0, fmt.Errorf("HEARD_COMMENT_MONTHS=%q: give a whole number of months from %d to %d", v, minCommentMonths, maxCommentMonths)
	}
	return n, nil
}

// parseDrain reads HEARD_DRAIN (default 1s): how long a stopping Heard
// keeps serving while load balancers see it leave.
func parseDrain(v string) (time.Duration, error) {
	if v == "" {
		return defaultDrain, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 || d > maxDrain {
		return 0, fmt.Errorf("HEARD_DRAIN=%q: give a duration from 0s to 1m, like 1s", v)
	}
	return d, nil
}

// localPublicURLWarning is a warning to log when Heard listens on a
// public interface but believes it is reached at localhost: then every
// Twilio signature fails and posters print a localhost address. It is
// empty when all is well.
func localPublicURLWarning(cfg config) string {
	host, _, _ := net.SplitHostPort(cfg.addr)
	if isLoopbackHost(host) || !isLoopbackHost(cfg.publicURL.Hostname()) {
		return ""
	}
	return fmt.Sprintf("HEARD_ADDR=%s listens beyond this machine, but HEARD_PUBLIC_URL is %s: Twilio's signatures will not match (every text gets 403) and posters will print that address; set HEARD_PUBLIC_URL to the address people reach Heard at",
		cfg.addr, cfg.publicURL)
}

// isLoopbackHost says whether host names this machine only. An empty host
// (every interface) does not; nor does a name other than localhost, which
// may well reach other machines.
func isLoopbackHost(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	addr, err := netip.ParseAddr(host)
	return err == nil && addr.Unmap().IsLoopback()
}
