package web

import (
	"context"
	"html/template"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"heard/accounts"
	"heard/feedback"
	"heard/locales"
	"heard/localhelp"
)

// LocalHelp is a team's local services as a page shows them to young
// people, with the template "local-help": below the national helplines,
// under the team's name, each card in an element that carries
// localhelp.PageMark. A page with none shows nothing.
type LocalHelp struct {
	Team  string // the team's name
	Cards []localhelp.Card
}

// localFrom says whose the local help is, with the team's name isolated,
// so a name in one script inside a sentence in another keeps its order.
func localFrom(tr *locales.Translator, team string) template.HTML {
	const mark = "\x00"
	before, after, _ := strings.Cut(tr.T("LocalHelpFrom", map[string]any{"Team": mark}), mark)
	return template.HTML(template.HTMLEscapeString(before) + "<bdi>" + template.HTMLEscapeString(team) + "</bdi>" + template.HTMLEscapeString(after))
}

// checkedOn says when a worker last checked a card, as the day's numbers in
// the order the language writes them.
func checkedOn(tr *locales.Translator, day time.Time) string {
	text := tr.T("LocalHelpChecked", map[string]any{"Day": strconv.Itoa(day.Day()),
		"Month": strconv.Itoa(int(day.Month())), "Year": strconv.Itoa(day.Year())})
	if tr.RightToLeft() {
		text = locales.NumbersLeftToRight(text)
	}
	return text
}

// Teams finds a team by its id, for its name.
type Teams interface {
	GetTeam(ctx context.Context, id string) (t accounts.Team, found bool, err error)
}

// LocalHelpFinder finds the local help a round's pages show.
type LocalHelpFinder struct {
	Service *localhelp.Service
	Teams   Teams
	Log     *slog.Logger
}

// ForRound is the local help of the team that owns round, as young people
// see it now: nil for the standing round, a round of no team, a team with
// nothing fresh, or when the store does not answer (the page then shows
// the national helplines alone, never an error).
func (f *LocalHelpFinder) ForRound(ctx context.Context, round feedback.Round) *LocalHelp {
	if f == nil || f.Service == nil || round.Code == feedback.Standing || round.Team == "" || round.Team == accounts.Admins {
		return nil
	}
	cards, err := f.Service.ForYoungPeople(ctx, round.Team)
	if err != nil {
		f.Log.Error("local help: store", "err", err.Error())
		return nil
	}
	if len(cards) == 0 {
		return nil
	}
	team, found, err := f.Teams.GetTeam(ctx, round.Team)
	if err != nil {
		f.Log.Error("local help: store", "err", err.Error())
		return nil
	}
	if !found {
		return nil
	}
	return &LocalHelp{Team: team.Name, Cards: cards}
}
