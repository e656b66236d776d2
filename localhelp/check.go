package localhelp

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"heard/ukphone"
)

// check says what is wrong with an entry's fields, if anything.
func check(e Entry) Problems {
	problems := Problems{}
	add := func(field, problem string) {
		if problem != "" {
			problems[field] = problem
		}
	}
	add("name", checkName(e.Name))
	add("phone", checkPhone(e.Phone))
	add("web", checkWeb(e.Web))
	add("hours", checkHours(e.Hours, e.Phone != ""))
	if e.Phone == "" && e.Web == "" {
		problems["phone"] = "Give a phone number or a web address, or both, so young people can reach the service."
	}
	return problems
}

// ValidName reports whether name can be a kept entry's name: the audit
// trail holds entries by their names, and refuses anything else there.
func ValidName(name string) bool { return name == strings.TrimSpace(name) && checkName(name) == "" }

func checkName(name string) string {
	switch {
	case name == "":
		return "Give the service's name, as young people would know it."
	case !utf8.ValidString(name) || utf8.RuneCountInString(name) > MaxName:
		return "Keep the name under 60 characters: the name young people would know it by."
	case hasControl(name):
		return "Write the name on one line."
	case phoneLike(name):
		return "Put the phone number in its own box, where it is checked, not in the name."
	}
	return ""
}

func checkPhone(phone string) string {
	if phone == "" {
		return ""
	}
	n, err := ukphone.Parse(phone)
	switch {
	case err != nil:
		return err.Error()
	case !n.Callable():
		return "Five-digit numbers are for texting, not calling. Give a number young people can call."
	}
	return ""
}

func checkWeb(web string) string {
	if web == "" {
		return ""
	}
	const copyIt = " Copy it from the address bar of the service's website."
	lower := strings.ToLower(web)
	switch {
	case !utf8.ValidString(web) || utf8.RuneCountInString(web) > MaxWeb:
		return "Keep the web address under 200 characters: the service's main page is best."
	case strings.ContainsFunc(web, func(r rune) bool { return unicode.IsSpace(r) || hasControl(string(r)) }):
		return "A web address has no spaces." + copyIt
	case !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "http://"):
		return "Write the whole address, starting https://." + copyIt
	}
	u, err := url.Parse(web)
	switch {
	case err != nil:
		return "That is not a web address Heard can link to." + copyIt
	case u.User != nil:
		return "Leave out anything before an @ in the address: give the service's own address." + copyIt
	case u.Port() != "" || strings.HasSuffix(u.Host, ":"):
		return "Leave out the port (a colon and digits after the name)." + copyIt
	case !isHostName(u.Hostname()):
		return "Give the address of a website by its name, like https://www.example.org." + copyIt
	}
	return ""
}

// hostLabel is one part of a host name between dots: letters, digits and
// hyphens, as DNS has them (an international name comes as xn--).
var hostLabel = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`)

// isHostName reports whether host is a name on the internet, like
// www.example.nhs.uk: not an address in digits, nor a name of one part,
// which only a local network knows.
func isHostName(host string) bool {
	labels := strings.Split(strings.ToLower(host), ".")
	if len(labels) < 2 || len(host) > 253 {
		return false
	}
	for _, l := range labels {
		if len(l) > 63 || !hostLabel.MatchString(l) {
			return false
		}
	}
	tld := labels[len(labels)-1]
	return strings.HasPrefix(tld, "xn--") || strings.Trim(tld, "abcdefghijklmnopqrstuvwxyz") == ""
}

func checkHours(hours string, hasPhone bool) string {
	switch {
	case hours == "" && hasPhone:
		return "Say when someone answers the phone, like Monday to Friday, 9am to 5pm."
	case !utf8.ValidString(hours) || utf8.RuneCountInString(hours) > MaxHours:
		return "Keep the opening hours under 100 characters, like Monday to Friday, 9am to 5pm."
	case hasControl(hours):
		return "Write the opening hours on one line."
	case phoneLike(hours):
		return "Put the phone number in its own box, where it is checked. Write times without 5 digits in a row, like 9.30am to 4.30pm."
	}
	return ""
}

// hasControl reports whether s holds a control character (a line break, a
// tab) or one that reorders text, which could show the words on a
// right-to-left page in an order the team never wrote.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) })
}

var (
	// pageNumber is how the site's test finds a phone number in a page's
	// text (handlers' TestEveryPhoneNumberIsAVerifiedHelpline): digits, in
	// any script, with single spaces or hyphens between; five or more of
	// them make a number.
	pageNumber = regexp.MustCompile(`\p{Nd}+(?:[ -]\p{Nd}+)*`)
	// writtenNumber is a number written any other way: digits with spaces,
	// dots, brackets, hyphens or a plus between.
	writtenNumber = regexp.MustCompile(`\p{Nd}+(?:[\p{Zs}\s.()+-]+\p{Nd}+)*`)
)

// phoneLike reports whether s holds what looks like a phone number: five
// or more digits that the site's number test would read as one, or five or
// more written with other marks between, in groups of which one has three
// digits or more (times, like 9.30-17.00, come in groups of two).
func phoneLike(s string) bool {
	for _, run := range pageNumber.FindAllString(s, -1) {
		if digits, _ := countDigits(run); digits >= 5 {
			return true
		}
	}
	for _, run := range writtenNumber.FindAllString(s, -1) {
		if digits, group := countDigits(run); digits >= 5 && group >= 3 {
			return true
		}
	}
	return false
}

// countDigits counts the digits in s, and the most in one unbroken group.
func countDigits(s string) (digits, longest int) {
	group := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			digits++
			group++
			longest = max(longest, group)
		} else {
			group = 0
		}
	}
	return digits, longest
}
