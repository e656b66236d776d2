package workers

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"heard/audit"
	"heard/feedback"
	"heard/handlers/qrsvg"
	"heard/handlers/web"
	"heard/locales"

	"github.com/labstack/echo/v4"
)

// posterView is what the printable poster shows.
type posterView struct {
	Round     feedback.Round
	Word      string // what to text: the round's code, or SAY for the standing round
	QR        template.HTML
	Link      string
	SMSNumber string
	Languages []locales.Language
	Local     *web.LocalHelp // the team's local services, below the national helplines
}

// poster is an A4 page to print: the web address as a QR code drawn here,
// and the code to text, in every language.
func (w *handler) poster(c echo.Context) error {
	round, err := w.findRound(c)
	if err != nil {
		return err
	}
	link := w.feedbackLink(round)
	qr, err := qrsvg.SVG(link, "QR code for "+link)
	if err != nil {
		return err
	}
	if err := w.recordRound(c, audit.PrintedPoster, round); err != nil {
		return w.notRecorded(c)
	}
	v := w.signedIn(c)
	v.Poster = &posterView{Round: round, Word: round.Code, QR: template.HTML(qr), Link: link, Languages: locales.All}
	if round.Code == feedback.Standing {
		v.Poster.Word = w.render.Translator(locales.Default).T("SMS.KeywordSay")
	}
	if slices.Contains(round.Channels, "sms") {
		v.Poster.SMSNumber = w.smsNumber
	}
	v.Poster.Local = w.local.ForRound(c.Request().Context(), round)
	return w.page(c, http.StatusOK, "poster", "Poster: "+round.Title, v)
}

// feedbackLink is the address a poster sends young people to: it picks
// their language when they arrive.
func (w *handler) feedbackLink(round feedback.Round) string {
	base := "http://localhost:8080"
	if w.publicURL != nil && w.publicURL.Host != "" {
		base = (&url.URL{Scheme: w.publicURL.Scheme, Host: w.publicURL.Host, Path: strings.TrimSuffix(w.publicURL.Path, "/")}).String()
	}
	if round.Code == feedback.Standing {
		return base + "/feedback"
	}
	return base + "/feedback/" + round.Code
}
