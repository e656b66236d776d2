package accounts

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
)

// Team is a group of participation workers (a council's exploitation team,
// a youth service, a charity's project) who share rounds and posts, and
// see no other team's.
type Team struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	// RequireTwoFactor: the team's workers must have a second factor
	// before they may sign in (admins always must). An admin sets it.
	RequireTwoFactor bool `json:"requireTwoFactor,omitempty"`
}

// Admins owns what belongs to no team: the standing round, its posts, and
// what an admin without a team makes. Only admins see it. No team has it
// as its id (NewTeamID makes hex), and "" means a record from before teams.
const Admins = "admins"

// MaxTeamName is the longest a team's name may be, in characters.
const MaxTeamName = 60

var (
	ErrBadTeamName   = fmt.Errorf("accounts: a team's name needs 1 to %d characters, letters, digits, spaces and punctuation", MaxTeamName)
	ErrTeamNameTaken = errors.New("accounts: another team has that name")
	ErrNoTeam        = errors.New("accounts: there is no such team")
	ErrTeamNeeded    = errors.New("accounts: a worker belongs to a team: say which")
)

// CheckTeamName returns a team's name as it is kept (spaces trimmed and
// collapsed), or ErrBadTeamName.
func CheckTeamName(name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" || !utf8.ValidString(name) || utf8.RuneCountInString(name) > MaxTeamName {
		return "", ErrBadTeamName
	}
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return "", ErrBadTeamName
		}
	}
	return name, nil
}

// TeamNameKey is how team names are compared: spacing collapsed and case
// folded (Unicode's full folding, so "STRASSE" and "Straße" are one name).
// Two teams never share a key.
func TeamNameKey(name string) string {
	return cases.Fold().String(strings.Join(strings.Fields(name), " "))
}

// NewTeamID is a new team's id: random, so it names nothing and never
// equals Admins.
func NewTeamID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
