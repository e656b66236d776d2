// Package audit is the workers' side's record of who did what to which round,
// account or team, and when: never anything a young person wrote.
package audit

import (
	"errors"
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"

	"heard/accounts"
	"heard/feedback"
	"heard/localhelp"
)

// Action is what a worker did: one of a closed list. It is a number, kept
// and shown by its name, so no text of anyone's choosing can pass for one.
type Action uint8

// The actions recorded. Each is about a round, an account, a team, or only
// the worker who did it (see subjectOf).
const (
	SignedIn Action = iota + 1
	SignedInWithRecoveryCode
	EnrolledTwoFactor
	RenewedRecoveryCodes
	ViewedComments
	ExportedCSV
	ExportedJSON
	PrintedPoster
	PrintedReport
	CreatedRound
	OpenedRound
	ClosedRound
	PublishedPost
	TookDownPost
	InvitedAccount
	DisabledAccount
	EnabledAccount
	UnlockedAccount
	ResetPassword
	ResetTwoFactor
	MovedTeam
	ChangedRole
	CreatedTeam
	ChangedTeamTwoFactorRule
	AddedAccount
	AcceptedInvite
	UsedResetLink
	AddedLocalHelp
	ChangedLocalHelp
	CheckedLocalHelp
	RemovedLocalHelp
	actionEnd
)

type subject uint8

const (
	aboutNothing subject = iota // only the worker who did it
	aboutRound
	aboutAccount
	aboutTeam
	aboutLocalHelp // one of a team's local services, by its name
)

var actions = [actionEnd]struct {
	name, words string
	about       subject
}{
	SignedIn:                 {"signed-in", "signed in", aboutNothing},
	SignedInWithRecoveryCode: {"signed-in-with-recovery-code", "signed in with a recovery code", aboutNothing},
	EnrolledTwoFactor:        {"enrolled-two-factor", "set up a second factor", aboutNothing},
	RenewedRecoveryCodes:     {"renewed-recovery-codes", "made new recovery codes", aboutNothing},
	ViewedComments:           {"viewed-comments", "viewed the comments", aboutRound},
	ExportedCSV:              {"exported-csv", "exported the CSV", aboutRound},
	ExportedJSON:             {"exported-json", "exported the JSON", aboutRound},
	PrintedPoster:            {"printed-poster", "printed the poster", aboutRound},
	PrintedReport:            {"printed-report", "printed the report", aboutRound},
	CreatedRound:             {"created-round", "created the round", aboutRound},
	OpenedRound:              {"opened-round", "opened the round", aboutRound},
	ClosedRound:              {"closed-round", "closed the round", aboutRound},
	PublishedPost:            {"published-post", "published a post", aboutRound},
	TookDownPost:             {"took-down-post", "took down a post", aboutRound},
	InvitedAccount:           {"invited-account", "invited", aboutAccount},
	DisabledAccount:          {"disabled-account", "disabled", aboutAccount},
	EnabledAccount:           {"enabled-account", "enabled", aboutAccount},
	UnlockedAccount:          {"unlocked-account", "unlocked", aboutAccount},
	ResetPassword:            {"reset-password", "reset the password of", aboutAccount},
	ResetTwoFactor:           {"reset-two-factor", "reset the second factor of", aboutAccount},
	MovedTeam:                {"moved-team", "moved to another team", aboutAccount},
	ChangedRole:              {"changed-role", "changed the role of", aboutAccount},
	CreatedTeam:              {"created-team", "created the team", aboutTeam},
	ChangedTeamTwoFactorRule: {"changed-team-two-factor-rule", "changed whether the team needs a second factor", aboutTeam},
	AddedAccount:             {"added-account", "added the account of", aboutAccount},
	// The worker who used their link is Who: the account is theirs.
	AcceptedInvite:   {"accepted-invite", "made their account with an invitation", aboutNothing},
	UsedResetLink:    {"used-reset-link", "chose a new password with a reset link", aboutNothing},
	AddedLocalHelp:   {"added-local-help", "added the local service", aboutLocalHelp},
	ChangedLocalHelp: {"changed-local-help", "changed the local service", aboutLocalHelp},
	CheckedLocalHelp: {"checked-local-help", "checked the local service", aboutLocalHelp},
	RemovedLocalHelp: {"removed-local-help", "removed the local service", aboutLocalHelp},
}

// Valid reports whether a is one of the actions.
func (a Action) Valid() bool { return a > 0 && a < actionEnd }

// String is the action's name, as kept.
func (a Action) String() string {
	if !a.Valid() {
		return fmt.Sprintf("Action(%d)", uint8(a))
	}
	return actions[a].name
}

// Words say what was done, for workers' pages: "exported the CSV".
func (a Action) Words() string {
	if !a.Valid() {
		return ""
	}
	return actions[a].words
}

func (a Action) MarshalText() ([]byte, error) {
	if !a.Valid() {
		return nil, fmt.Errorf("audit: no action %d", uint8(a))
	}
	return []byte(actions[a].name), nil
}

// UnmarshalText reads an action's name; any other text is an error.
func (a *Action) UnmarshalText(b []byte) error {
	for i := SignedIn; i < actionEnd; i++ {
		if actions[i].name == string(b) {
			*a = i
			return nil
		}
	}
	return fmt.Errorf("audit: %q is not an action", b)
}

// Entry is one thing a worker did. It has no field for free text, and Check
// refuses any field that is not what it says it is: an email, a round's
// code, a team's name, a local service's name. Which of Round, Account,
// Team and LocalHelp an entry carries depends on its action.
type Entry struct {
	// Who did it: a worker's email, or Operator.
	Who  string `json:"who"`
	What Action `json:"what"`
	// Round is the round's code, for what is done to a round or its posts.
	Round string `json:"round,omitempty"`
	// Account is the email of the account an admin changed.
	Account string `json:"account,omitempty"`
	// Team is the team it happened in: the round's, the account's, the
	// worker's, or the team an admin changed.
	Team string `json:"team,omitempty"`
	// LocalHelp is the name of the team's local service that was added,
	// changed, checked or removed (as the team's workers wrote it: young
	// people write nothing there). For a change, its new name.
	LocalHelp string `json:"localHelp,omitempty"`
	// At is when, to the minute, in UTC.
	At time.Time `json:"at"`
}

// Operator is Who for what was done with `heard user` or `heard team` on the
// server, by whoever runs Heard.
const Operator = "operator"

// MaxTeamName is the longest team name an entry carries, in characters.
const MaxTeamName = 80

// ErrBadEntry is wrapped by every reason Check refuses an entry.
var ErrBadEntry = errors.New("audit: not an entry")

// Check says what is wrong with an entry, if anything.
func (e Entry) Check() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrBadEntry}, args...)...)
	}
	switch {
	case e.Who != Operator && !accounts.ValidEmail(e.Who):
		return bad("who is not a worker's email")
	case !e.What.Valid():
		return bad("no action")
	case e.Round != "" && e.Round != feedback.Standing && !feedback.ValidCode(e.Round):
		return bad("round is not a round's code")
	case e.Account != "" && !accounts.ValidEmail(e.Account):
		return bad("account is not an email")
	case e.Team != "" && !validTeam(e.Team):
		return bad("team is not a team's name")
	case e.LocalHelp != "" && !localhelp.ValidName(e.LocalHelp):
		return bad("local help is not a local service's name")
	case e.At.Unix() < 0 || e.At.Location() != time.UTC || !e.At.Equal(e.At.Truncate(time.Minute)):
		return bad("the time is not a whole minute in UTC, since 1970")
	}
	switch about := actions[e.What].about; {
	case (about == aboutRound) != (e.Round != ""):
		return bad("%s is about a round: only it has one", e.What)
	case (about == aboutAccount) != (e.Account != ""):
		return bad("%s is about an account: only it has one", e.What)
	case (about == aboutTeam || about == aboutLocalHelp) && e.Team == "":
		return bad("%s is about a team, and names none", e.What)
	case (about == aboutLocalHelp) != (e.LocalHelp != ""):
		return bad("%s is about a local service: only it has one", e.What)
	}
	return nil
}

// validTeam reports whether name can be a team's name: a line of printable
// characters, not too long, without spaces at its ends.
func validTeam(name string) bool {
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > MaxTeamName {
		return false
	}
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	first, _ := utf8.DecodeRuneInString(name)
	last, _ := utf8.DecodeLastRuneInString(name)
	return !unicode.IsSpace(first) && !unicode.IsSpace(last)
}
