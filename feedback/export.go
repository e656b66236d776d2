package feedback

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"
)

// WriteCSV writes responses as a spreadsheet: a header row, then one row
// per response with a column per question of the form, in its order. A
// question left blank is an empty cell; rather not say is written out.
// Cells that a spreadsheet would run as a formula are made plain text.
// each calls its function once per response, so a round of a million is
// written as it is read, never held whole.
func WriteCSV(w io.Writer, form []Question, each func(func(Response) error) error) error {
	cw := csv.NewWriter(w)
	header := []string{"day", "round", "channel", "lang"}
	for _, q := range form {
		header = append(header, q.ID)
	}
	header = append(header, "service", "age", "area", "flag", "comment")
	if err := cw.Write(plainCells(header)); err != nil {
		return err
	}
	err := each(func(r Response) error {
		row := []string{r.At.In(UK).Format(time.DateOnly), r.Round, r.Channel, r.Lang} // the day, not the minute: less to tell who answered
		for _, q := range form {
			row = append(row, answerCell(r.Answers, q.ID))
		}
		row = append(row, r.Service, r.Age, r.Area, r.Flag, r.Comment)
		return cw.Write(plainCells(row))
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func answerCell(answers map[string]int, id string) string {
	n, ok := answers[id]
	switch {
	case !ok:
		return ""
	case n == RatherNotSay:
		return "rather not say"
	default:
		return strconv.Itoa(n)
	}
}

// plainCells stops spreadsheets running a cell as a formula (CSV
// injection): a cell that starts like one gets a leading quote, which
// spreadsheets show as text.
func plainCells(row []string) []string {
	for i, cell := range row {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			row[i] = "'" + cell
		}
	}
	return row
}

// WriteJSON writes results as indented JSON. Suppressed cells carry no
// number (see Cell.MarshalJSON).
func WriteJSON(w io.Writer, r Results) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// MarshalJSON writes {"key": ..., "n": ...}, or {"key": ...,
// "suppressed": true} with no number at all, so that an export can never
// give away a suppressed cell.
func (c Cell) MarshalJSON() ([]byte, error) {
	if c.Suppressed {
		return json.Marshal(struct {
			Key        string `json:"key"`
			Suppressed bool   `json:"suppressed"`
		}{c.Key, true})
	}
	return json.Marshal(Count{c.Key, c.N})
}
