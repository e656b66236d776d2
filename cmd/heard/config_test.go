package main

import (
	"context"
	"encoding/json"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// env is a getenv over a map, for loadConfig.
func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestConfigDefaultsWhenNothingIsSet(t *testing.T) {
	cfg, err := loadConfig(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.addr != ":8080" || cfg.publicURL.String() != "http://localhost:8080" || cfg.dataDir != "./data" ||
		cfg.keepMonths != 13 || cfg.drain != time.Second || cfg.proxies != nil || cfg.metricsAddr != "" {
		t.Errorf("defaults: %+v", cfg)
	}
}

func TestConfigParsesGoodValues(t *testing.T) {
	cfg, err := loadConfig(env(map[string]string{
		"HEARD_ADDR":            "127.0.0.1:9000",
		"HEARD_PUBLIC_URL":      "HTTPS://Heard.Example/",
		"REDIS_URL":             "redis://sentinel-1:26379?addr=sentinel-2:26379&master_name=heard",
		"HEARD_SECRET":          strings.Repeat("s", 32),
		"HEARD_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.1 2001:db8::/32",
		"HEARD_SMS_NUMBER":      "07700 900000",
		"HEARD_COMMENT_MONTHS":  "24",
		"HEARD_METRICS_ADDR":    "[::1]:9090",
		"HEARD_DRAIN":           "3s",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.1/32"), netip.MustParsePrefix("2001:db8::/32")}
	if cfg.publicURL.String() != "https://heard.example" || cfg.keepMonths != 24 || cfg.drain != 3*time.Second ||
		len(cfg.proxies) != len(want) || cfg.metricsAddr != "[::1]:9090" || cfg.addr != "127.0.0.1:9000" {
		t.Errorf("parsed: %+v", cfg)
	}
	for i := range want {
		if cfg.proxies[i] != want[i] {
			t.Errorf("proxy %d: %v, want %v", i, cfg.proxies[i], want[i])
		}
	}
}

// Every value that cannot be right stops Heard with one sentence naming
// the variable; values that hold a secret are never repeated.
func TestConfigRefusesBadValuesWithOneSentence(t *testing.T) {
	secret := strings.Repeat("s", 32)
	cases := []struct {
		name, variable, value string
		want                  string // in the error
	}{
		{"public URL without a scheme", "HEARD_PUBLIC_URL", "heard.example", "has no scheme"},
		{"public URL host:port without a scheme", "HEARD_PUBLIC_URL", "heard.example:8080", "has no scheme"},
		{"public URL localhost:port without a scheme", "HEARD_PUBLIC_URL", "localhost:8080", "has no scheme"},
		{"public URL not http", "HEARD_PUBLIC_URL", "ftp://heard.example", "must start with https://"},
		{"public URL with a path", "HEARD_PUBLIC_URL", "https://heard.example/sms/twilio", "has a path"},
		{"public URL with a query", "HEARD_PUBLIC_URL", "https://heard.example/?x=1", "has a query"},
		{"public URL with an empty query", "HEARD_PUBLIC_URL", "https://heard.example?", "has a query"},
		{"public URL with a fragment", "HEARD_PUBLIC_URL", "https://heard.example/#top", "has a fragment"},
		{"public URL with no host", "HEARD_PUBLIC_URL", "https:///en/", "has no host"},
		{"public URL with a password", "HEARD_PUBLIC_URL", "https://amy:hunter2@heard.example", "user name or password"},
		{"public URL with a bad port", "HEARD_PUBLIC_URL", "https://heard.example:99999", "port"},
		{"public URL with an empty port", "HEARD_PUBLIC_URL", "https://heard.example:", "port"},
		{"public URL with a space", "HEARD_PUBLIC_URL", "https://heard example", "not an address"},
		{"address without a port", "HEARD_ADDR", "8080", "HEARD_ADDR"},
		{"address with a scheme", "HEARD_ADDR", "http://0.0.0.0:8080", "HEARD_ADDR"},
		{"address with a bad port", "HEARD_ADDR", ":80800", "HEARD_ADDR"},
		{"address with a named port", "HEARD_ADDR", ":http", "HEARD_ADDR"},
		{"metrics address without a port", "HEARD_METRICS_ADDR", "127.0.0.1", "HEARD_METRICS_ADDR"},
		{"short secret", "HEARD_SECRET", "short", "shorter than 32"},
		{"months zero", "HEARD_COMMENT_MONTHS", "0", "from 1 to 36"},
		{"months too many", "HEARD_COMMENT_MONTHS", "37", "from 1 to 36"},
		{"months in words", "HEARD_COMMENT_MONTHS", "thirteen", "from 1 to 36"},
		{"months negative", "HEARD_COMMENT_MONTHS", "-2", "from 1 to 36"},
		{"drain too long", "HEARD_DRAIN", "2m", "HEARD_DRAIN"},
		{"drain negative", "HEARD_DRAIN", "-1s", "HEARD_DRAIN"},
		{"drain without a unit", "HEARD_DRAIN", "5", "HEARD_DRAIN"},
		{"first team's name too long", "HEARD_FIRST_TEAM", strings.Repeat("Team ", 13), "HEARD_FIRST_TEAM"},
		{"first team's name unprintable", "HEARD_FIRST_TEAM", "North\x00Team", "HEARD_FIRST_TEAM"},
		{"proxy CIDR out of range", "HEARD_TRUSTED_PROXIES", "10.0.0.0/33", `"10.0.0.0/33" is not an address or a CIDR`},
		{"proxy name", "HEARD_TRUSTED_PROXIES", "127.0.0.1, proxy.internal", `"proxy.internal"`},
		{"SMS number abroad", "HEARD_SMS_NUMBER", "+1 415 555 0100", "not a UK number"},
		{"SMS number too short", "HEARD_SMS_NUMBER", "07700 9000", "not a UK number"},
		{"SMS number in words", "HEARD_SMS_NUMBER", "text HEARD", "not a UK number"},
		{"SMS number starting 09", "HEARD_SMS_NUMBER", "0909 879 0000", "not a UK number"},
		{"Redis URL of another scheme", "REDIS_URL", "http://:pa55word@redis:6379", "REDIS_URL"},
		{"Redis URL with a bad database", "REDIS_URL", "redis://:pa55word@redis:6379/zero", "REDIS_URL"},
		{"Redis URL unparsable", "REDIS_URL", "redis://:pa55word@red is:6379", "REDIS_URL"},
		{"Twilio token pasted with a line break", "TWILIO_AUTH_TOKEN", "0123456789abcdef0123456789abcdef\n", "TWILIO_AUTH_TOKEN"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			vars := map[string]string{c.variable: c.value}
			if c.variable == "REDIS_URL" {
				vars["HEARD_SECRET"] = secret
			}
			_, err := loadConfig(env(vars))
			if err == nil {
				t.Fatalf("%s=%q was accepted", c.variable, c.value)
			}
			msg := err.Error()
			if !strings.Contains(msg, c.want) || !strings.Contains(msg, c.variable) {
				t.Errorf("%s=%q: %q does not say %q and name %s", c.variable, c.value, msg, c.want, c.variable)
			}
			if strings.Count(msg, "\n") > 0 || strings.Count(msg, ". ") > 0 {
				t.Errorf("more than one sentence: %q", msg)
			}
			for _, hidden := range []string{"pa55word", "hunter2", "short\"", "0123456789abcdef"} {
				if strings.Contains(msg, hidden) {
					t.Errorf("the error repeats a secret (%s): %q", hidden, msg)
				}
			}
		})
	}
}

func TestConfigRequiresTheSecretWithRedis(t *testing.T) {
	_, err := loadConfig(env(map[string]string{"REDIS_URL": "redis://127.0.0.1:6379/0"}))
	if err == nil || !strings.Contains(err.Error(), "HEARD_SECRET is required") {
		t.Errorf("REDIS_URL without HEARD_SECRET: %v", err)
	}
}

func TestUKNumbers(t *testing.T) {
	for number, ok := range map[string]bool{
		"07700 900000": true, "07700900000": true, "+44 7700 900000": true, "+447700900000": true,
		"0161 496 0000": true, "020 7946 0000": true, "(020) 7946-0000": true, "0800 111 1111": true,
		"016977 3999": true, "60777": true, "+44 (0)7700 900000": false, "7700 900000": false,
		"0044 7700 900000": false, "+1 415 555 0100": false, "07700 90000a": false, "0909 879 0000": false,
		"07700 9000000": false, "+44 07700 900000": false, "": false, "12345": false, "07+700900000": false,
		"116 123": false, "0870 123 4567": false, "0701 234 5678": false, "0161 496 000": false,
	} {
		if got := isUKNumber(number); got != ok {
			t.Errorf("isUKNumber(%q) = %v, want %v", number, got, ok)
		}
	}
}

func TestLocalhostPublicURLOnAPublicInterfaceIsWarnedOf(t *testing.T) {
	for _, c := range []struct {
		addr, publicURL string
		warn            bool
	}{
		{":8080", "http://localhost:8080", true},
		{"0.0.0.0:8080", "http://127.0.0.1:8080", true},
		{"[::]:8080", "http://[::1]:8080", true},
		{"192.0.2.10:8080", "http://heard.localhost", true},
		{"127.0.0.1:8080", "http://localhost:8080", false},
		{"localhost:8080", "http://localhost:8080", false},
		{"[::1]:8080", "http://localhost:8080", false},
		{":8080", "https://heard.example", false},
	} {
		cfg, err := loadConfig(env(map[string]string{"HEARD_ADDR": c.addr, "HEARD_PUBLIC_URL": c.publicURL}))
		if err != nil {
			t.Fatal(err)
		}
		got := localPublicURLWarning(cfg)
		if (got != "") != c.warn {
			t.Errorf("listening on %s as %s: warning %q, want one: %v", c.addr, c.publicURL, got, c.warn)
		}
		if c.warn && !strings.Contains(got, c.publicURL) {
			t.Errorf("the warning does not name %s: %q", c.publicURL, got)
		}
	}
}

// The real binary, given a public URL without a scheme, says so in one
// sentence and exits non-zero, before it listens or touches the store.
func TestHeardRefusesToStartWithABadPublicURL(t *testing.T) {
	dir := t.TempDir()
	// A Heard that starts anyway is killed at the deadline, and fails.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, heardBinary(t), "serve")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HEARD_ADDR=" + freeAddr(t), "HEARD_DATA=" + dir, "HEARD_PUBLIC_URL=heard.example"}
	out, err := cmd.CombinedOutput()
	exit, ok := err.(*exec.ExitError)
	if ctx.Err() != nil || !ok || exit.ExitCode() == 0 {
		t.Fatalf("heard started with HEARD_PUBLIC_URL=heard.example (%v): %s", err, out)
	}
	want := `heard: HEARD_PUBLIC_URL="heard.example" has no scheme: write the whole address, starting https://, like https://heard.example` + "\n"
	if string(out) != want {
		t.Errorf("heard said:\n%s\nwant:\n%s", out, want)
	}
	if strings.Contains(string(out), "goroutine") || strings.Contains(string(out), "panic") {
		t.Errorf("a Go trace: %s", out)
	}
	if made, _ := os.ReadDir(dir); len(made) > 0 {
		t.Errorf("heard wrote %s before refusing", made[0].Name())
	}
}

// The real binary, listening on every interface while its public URL is
// localhost, says so once in a WARN log line, and serves.
func TestHeardWarnsOnceOfALocalhostPublicURLOnEveryInterface(t *testing.T) {
	cmd := exec.Command(heardBinary(t), "serve")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HEARD_ADDR=:0", "HEARD_DATA=" + t.TempDir()}
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), `"msg":"listening"`) {
		if time.Now().After(deadline) {
			t.Fatalf("heard did not start: %s", logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	warnings := 0
	for line := range strings.Lines(logs.String()) {
		var entry struct{ Level, Msg string }
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("not a JSON log line: %q", line)
		}
		if strings.Contains(entry.Msg, "HEARD_PUBLIC_URL") {
			warnings++
			if entry.Level != "WARN" || !strings.Contains(entry.Msg, "http://localhost:8080") {
				t.Errorf("the warning: %s", line)
			}
		}
	}
	if warnings != 1 {
		t.Errorf("%d warnings of the localhost public URL, want 1:\n%s", warnings, logs)
	}
}
