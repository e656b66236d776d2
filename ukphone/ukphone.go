// Package ukphone checks that a phone number, as a person wrote it, is a UK
// number that can be called or texted. It never rewrites one: a number is
// shown exactly as it was written, and only a link's digits come from it.
package ukphone

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is what sort of UK number it is.
type Kind int

// The kinds of number Parse accepts. Ofcom's National Telephone Numbering
// Plan sets them by their first digits, and their lengths with them.
const (
	Geographic    Kind = iota + 1 // 01 and 02: a place's landline
	NonGeographic                 // 03: costs the same as 01 and 02; used by public services and charities
	Mobile                        // 071 to 075, 077 to 079, and 07624
	Freephone                     // 0800 and 0808
	Helpline                      // 116 and three digits: European helplines, free to call, dialled as they are
	ShortCode                     // five digits starting 6, 7 or 8: for texting, not calling
)

// Number is a UK number that Parse accepted.
type Number struct {
	Kind Kind
	dial string
}

// Dial is the number as a tel: or sms: link holds it: its digits, with a
// plus before them when it was written with +44 (without the plus, a phone
// would dial 44 as if it were the start of a UK number).
func (n Number) Dial() string { return n.dial }

// Callable reports whether the number takes calls: every kind but a short code does.
func (n Number) Callable() bool { return n.Kind != ShortCode }

// Reason is why Parse refused a number.
type Reason int

// Reasons for refusing a number.
const (
	Empty         Reason = iota + 1
	Characters           // something other than digits, spaces, hyphens, brackets or a leading +
	Brackets             // brackets anywhere but around the area code at the start
	NotUK                // a number abroad, or not a phone number
	DoubleZero           // 0044 written for +44
	ZeroAfter44          // +44 followed by the 0 it replaces
	NoLeadingZero        // a UK number written without its 0
	Length               // too short or too long for numbers that start that way
	NotInUse             // no UK number starts that way
	Emergency            // 999, 112, or 18000 (999 by text relay)
	Police101            // the police's non-emergency number
	NHS111               // the NHS's non-emergency number
	Relay                // a Relay UK prefix (18001, 18002) before the number
	PremiumRate          // 09
	Personal             // 070: looks like a mobile, costs far more
	Pager                // 076 (but 07624): takes no calls
	ServiceCharge        // 084 and 087: the caller pays a service charge
	Corporate            // 05: company networks and internet phones
	Closed               // 0500: freephone numbers that closed in 2017
)

// Problem is a refused number: why, and the words to tell the person who
// wrote it, beside the box they wrote it in.
type Problem struct {
	Reason  Reason
	Message string
}

func (p *Problem) Error() string { return p.Message }

func refuse(r Reason, format string, args ...any) (Number, error) {
	return Number{}, &Problem{Reason: r, Message: fmt.Sprintf(format, args...)}
}

// ordinary names the numbers a young person can call without paying more
// than for any call, in the words of the refusals that send people to them.
const ordinary = "Give the service's ordinary number: one starting 01, 02, 03, 07, 0800 or 0808."

// Words of refusals that more than one check gives.
const (
	onlyDigits = "Use only digits, spaces, hyphens and brackets, and give one number only."
	hyphens    = "Put hyphens only between digits."
	notUK      = "This is not a UK number: give one that starts with 0, or +44."
	brackets   = "Put brackets only around the area code at the start of the number, like (0161)."
)

// maxWritten is the longest a written number may be, in characters: room for
// +44, ten digits and their spaces, but not for two numbers.
const maxWritten = 32

// Parse checks that s is a UK number and says what kind it is. A number is
// 0, or +44, then the national number, of the length its first digits call
// for; or a 116 helpline, or a five-digit short code, as they are.
// Spaces and hyphens may come between digits, and one pair of brackets may
// hold the area code at the start, as in "(0161) 496 ...". Anything else is
// refused with a *Problem; nothing is guessed or corrected.
func Parse(s string) (Number, error) {
	if strings.TrimSpace(s) == "" {
		return refuse(Empty, "Write the phone number.")
	}
	if utf8.RuneCountInString(s) > maxWritten {
		return refuse(Characters, "That is too long for a phone number: give one number only.")
	}
	digits, plus, err := scan(s)
	if err != nil {
		return Number{}, err
	}
	var national string
	switch {
	case plus:
		national = digits[2:] // scan saw +44
		if strings.HasPrefix(national, "0") {
			return refuse(ZeroAfter44, "After +44, leave out the 0 the number starts with in the UK (or write it with the 0 and without +44).")
		}
	case strings.HasPrefix(digits, "0044"):
		return refuse(DoubleZero, "Write the number as it is dialled in the UK: start it with 0, or +44, not 0044.")
	case strings.HasPrefix(digits, "00"):
		return refuse(NotUK, notUK)
	case strings.HasPrefix(digits, "0"):
		national = digits[1:]
	default:
		return short(digits)
	}
	if len(national) <= 5 {
		// 999, 101 or 111 written with a 0 or +44 before it.
		if _, err := short(national); err != nil && err.(*Problem).Reason != NoLeadingZero {
			return Number{}, err
		}
	}
	return classify(national, digits, plus)
}

// scan reads the digits out of s, checking everything between them.
func scan(s string) (digits string, plus bool, err error) {
	if strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= '0' && r <= '9' || unicode.Is(unicode.Zs, r) || strings.ContainsRune("-+()", r))
	}) {
		return "", false, &Problem{Characters, onlyDigits}
	}
	var b strings.Builder
	open, closed := -1, -1 // where the bracketed area code starts and ends, in digits
	var prev rune          // the last rune that was not a space
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case unicode.Is(unicode.Zs, r):
			continue
		case r == '-':
			if b.Len() == 0 || !(prev >= '0' && prev <= '9' || prev == ')') {
				return "", false, &Problem{Characters, hyphens}
			}
		case r == '+':
			if strings.TrimSpace(s[:i]) != "" || !strings.HasPrefix(strings.TrimLeftFunc(s[i+1:], unicode.IsSpace), "44") {
				return "", false, &Problem{NotUK, notUK}
			}
			plus = true
		case r == '(':
			if open >= 0 || b.Len() > 0 || plus || !strings.HasPrefix(s[i+1:], "0") {
				return "", false, &Problem{Brackets, brackets}
			}
			open = b.Len()
		case r == ')':
			if open < 0 || closed >= 0 || prev < '0' || prev > '9' || b.Len()-open < 3 || b.Len()-open > 6 {
				return "", false, &Problem{Brackets, brackets}
			}
			closed = b.Len()
		}
		prev = r
	}
	if open >= 0 && closed < 0 {
		return "", false, &Problem{Brackets, "Close the bracket after the area code, like (0161)."}
	}
	if prev == '-' {
		return "", false, &Problem{Characters, hyphens}
	}
	return b.String(), plus, nil
}

// short checks a number written without 0 or +44: a 116 helpline, a short
// code, or a national number people know by heart (which belongs elsewhere).
func short(digits string) (Number, error) {
	switch {
	case digits == "999" || digits == "112" || digits == "18000":
		return refuse(Emergency, "999 is already at the top of every page young people see. Here, give the service's own number.")
	case digits == "101":
		return refuse(Police101, "101 is the police's national number, and Heard's help page already shows it. Here, give the service's own number.")
	case digits == "111":
		return refuse(NHS111, "111 is the NHS's national number, not a local service's. Give the service's own number.")
	case strings.HasPrefix(digits, "18001") || strings.HasPrefix(digits, "18002"):
		return refuse(Relay, "Give the service's own number, without the Relay UK code before it: people who use Relay UK add it themselves.")
	case len(digits) == 6 && strings.HasPrefix(digits, "116"):
		return Number{Kind: Helpline, dial: digits}, nil
	case len(digits) == 5 && strings.IndexByte("678", digits[0]) >= 0:
		return Number{Kind: ShortCode, dial: digits}, nil
	}
	return refuse(NoLeadingZero, "Start the number with 0 (or +44), as it is written in the UK.")
}

// numberRange is the numbers that start with the same digits (after the 0).
type numberRange struct {
	kind    Kind
	lengths []int  // how long their national numbers are
	refused Reason // non-zero: these numbers are refused, whatever their length
	code    int    // how many digits to name them by, in the words of a refusal
}

// ranges are the UK's numbers by their first digits after the 0; the
// longest prefix that matches says what a number is (Ofcom's National
// Telephone Numbering Plan). Most are 10 digits after the 0. A few 01 areas
// also have 9-digit numbers (five-digit local numbers, and four-digit ones
// after 016977); 0800 also has 9-digit numbers, and Childline's 0800 1111.
var ranges = func() map[string]numberRange {
	geographic := numberRange{kind: Geographic, lengths: []int{10}, code: 4}
	r := map[string]numberRange{
		"1":    geographic,
		"10":   {refused: NotInUse, code: 2},
		"11":   {kind: Geographic, lengths: []int{10}, code: 3}, // 0113 to 0118: seven-digit local numbers
		"2":    {refused: NotInUse, code: 2},
		"3":    {refused: NotInUse, code: 2},
		"4":    {refused: NotInUse, code: 1},
		"5":    {refused: Corporate, code: 1},
		"500":  {refused: Closed, code: 3},
		"6":    {refused: NotInUse, code: 1},
		"7":    {kind: Mobile, lengths: []int{10}, code: 1},
		"70":   {refused: Personal, code: 2},
		"76":   {refused: Pager, code: 2},
		"7624": {kind: Mobile, lengths: []int{10}, code: 4}, // Isle of Man mobiles
		"8":    {refused: NotInUse, code: 2},
		"80":   {refused: NotInUse, code: 3},
		"800":  {kind: Freephone, lengths: []int{9, 10}, code: 3},
		"808":  {kind: Freephone, lengths: []int{10}, code: 3},
		"84":   {refused: ServiceCharge, code: 2},
		"87":   {refused: ServiceCharge, code: 2},
		"9":    {refused: PremiumRate, code: 1},
	}
	for _, city := range []string{"121", "131", "141", "151", "161", "171", "181", "191"} { // 01x1
		r[city] = numberRange{kind: Geographic, lengths: []int{10}, code: 3}
	}
	for _, london := range []string{"20", "23", "24", "28", "29"} {
		r[london] = numberRange{kind: Geographic, lengths: []int{10}, code: 2}
	}
	for _, nonGeo := range []string{"30", "33", "34", "37"} {
		r[nonGeo] = numberRange{kind: NonGeographic, lengths: []int{10}, code: 2}
	}
	// The areas with five-digit local numbers beside six-digit ones.
	for _, mixed := range []string{
		"1204", "1208", "1254", "1276", "1297", "1298", "1363", "1364", "1384", "1386",
		"1404", "1420", "1460", "1461", "1480", "1488", "1524", "1527", "1562", "1566",
		"1606", "1629", "1635", "1647", "1659", "1695", "1726", "1744", "1750", "1768",
		"1827", "1837", "1884", "1900", "1905", "1935", "1946", "1949", "1963", "1995",
	} {
		r[mixed] = numberRange{kind: Geographic, lengths: []int{9, 10}, code: 4}
	}
	r["16977"] = numberRange{kind: Geographic, lengths: []int{9, 10}, code: 5}
	return r
}()

// childline is the one 0800 number with seven digits after the 0.
const childline = "8001111"

// classify checks a national number (the digits after 0 or +44) against
// the range it starts in. digits is everything written, for the words of a
// refusal.
func classify(national, digits string, plus bool) (Number, error) {
	if national == "" {
		return refuse(Length, "Write the whole number, not only its start.")
	}
	var rng numberRange
	for n := len(national); n > 0; n-- {
		if r, ok := ranges[national[:n]]; ok {
			rng = r
			break
		}
	}
	start := "0" + national[:min(rng.code, len(national))] // how the refusal names these numbers
	switch rng.refused {
	case NotInUse:
		return refuse(NotInUse, "No UK numbers start %s. Check the number against the service's own page or letter.", start)
	case PremiumRate:
		return refuse(PremiumRate, "Numbers starting 09 are premium rate: they cost a lot to call. "+ordinary)
	case Personal:
		return refuse(Personal, "Numbers starting 070 are personal numbers: they look like mobile numbers but can cost a lot to call. "+ordinary)
	case Pager:
		return refuse(Pager, "Numbers starting 076 are for pagers, which cannot take a call. "+ordinary)
	case ServiceCharge:
		return refuse(ServiceCharge, "Numbers starting %s cost extra to call, and that can stop a young person calling. "+ordinary, start)
	case Closed:
		return refuse(Closed, "Numbers starting 0500 closed in 2017: they no longer connect. "+ordinary)
	case Corporate:
		return refuse(Corporate, "Numbers starting 05 are for company networks and internet phones, and can cost a lot from a mobile. "+ordinary)
	}
	dial := digits
	if plus {
		dial = "+" + digits
	}
	if national == childline || slices.Contains(rng.lengths, len(national)) {
		return Number{Kind: rng.kind, dial: dial}, nil
	}
	if plus {
		return refuse(Length, "After +44, numbers starting %s have %s digits, and this one has %d. Check it against the service's own page or letter.",
			start[1:], lengths(rng.lengths, 0), len(national))
	}
	return refuse(Length, "Numbers starting %s have %s digits, and this one has %d. Check it against the service's own page or letter.",
		start, lengths(rng.lengths, 1), len(digits))
}

// lengths says "11", or "10 or 11", adding more to each (the 0, when the
// number is written with it).
func lengths(ls []int, more int) string {
	words := make([]string, len(ls))
	for i, l := range ls {
		words[i] = fmt.Sprint(l + more)
	}
	return strings.Join(words, " or ")
}
