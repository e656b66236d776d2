package feedback

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func readCSV(t *testing.T, responses ...Response) [][]string {
	t.Helper()
	var buf bytes.Buffer
	each := func(fn func(Response) error) error {
		for _, r := range responses {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	if err := WriteCSV(&buf, bank(t).Questions, each); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("export does not read back as CSV: %v", err)
	}
	return rows
}

func TestCSVHasAColumnPerQuestion(t *testing.T) {
	r := Response{Round: Standing, Channel: "sms", Lang: "ur", At: now, Answers: map[string]int{"listened": 4, "blamed": RatherNotSay},
		Service: "police", Age: "13-15", Area: "london", Flag: "danger", Comment: "they shouted"}
	rows := readCSV(t, r)
	header := []string{"day", "round", "channel", "lang", "listened", "explained", "one-person", "decisions", "safe", "blamed", "know-help",
		"service", "age", "area", "flag", "comment"}
	want := []string{"2026-11-20", Standing, "sms", "ur", "4", "", "", "", "", "rather not say", "",
		"police", "13-15", "london", "danger", "they shouted"}
	if len(rows) != 2 || !slices.Equal(rows[0], header) || !slices.Equal(rows[1], want) {
		t.Errorf("rows %q\nwant %q\n     %q", rows, header, want)
	}
}

func TestCSVCellsNeverRunAsFormulas(t *testing.T) {
	for _, comment := range []string{"=SUM(A1)", "+1", "-1", "@x", "\t=1", "\r=1", `=HYPERLINK("http://x","click")`} {
		rows := readCSV(t, Response{Channel: "web", Lang: "en", At: now, Comment: comment, Area: "-x"})
		got := rows[1][len(rows[1])-1]
		if got != "'"+comment {
			t.Errorf("comment %q exported as %q, want it quoted", comment, got)
		}
		if area := rows[1][len(rows[1])-3]; area != "'-x" {
			t.Errorf("area exported as %q", area)
		}
	}
	if got := readCSV(t, Response{Channel: "web", Lang: "en", At: now, Comment: "fine = good"})[1]; got[len(got)-1] != "fine = good" {
		t.Errorf("an ordinary comment changed to %q", got[len(got)-1])
	}
}

func TestCSVCommentRoundTrips(t *testing.T) {
	comment := "they said \"wait\", then\nnothing, for weeks\n\n\"again\""
	rows := readCSV(t, Response{Channel: "web", Lang: "en", At: now, Comment: comment}, Response{Channel: "sms", Lang: "pl", At: now})
	if len(rows) != 3 || rows[1][len(rows[1])-1] != comment || rows[2][2] != "sms" {
		t.Errorf("rows %q", rows)
	}
}

func TestJSONNeverCarriesASuppressedNumber(t *testing.T) {
	hidden, _ := json.Marshal(Cell{Key: "police", N: 3, Suppressed: true})
	if string(hidden) != `{"key":"police","suppressed":true}` {
		t.Errorf("a suppressed cell marshals as %s", hidden)
	}
	shown, _ := json.Marshal(Cell{Key: "school", N: 30})
	if string(shown) != `{"key":"school","n":30}` {
		t.Errorf("a shown cell marshals as %s", shown)
	}

	tallies := map[string]int64{"total": 50, "service:police": 3, "service:school": 47, "age:16-17": 2, "area:london": 50}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, BuildResults(bank(t).Questions, Standing, "en", tallies)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\n  \"round\"") {
		t.Errorf("JSON is not indented:\n%s", buf.String())
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	suppressed := 0
	for _, group := range []string{"services", "ages", "areas"} {
		for _, c := range got[group].([]any) {
			cell := c.(map[string]any)
			if cell["suppressed"] == true {
				suppressed++
				if _, ok := cell["n"]; ok || len(cell) != 2 {
					t.Errorf("%s: suppressed cell %v carries more than its key", group, cell)
				}
			}
		}
	}
	// police 3 and school 47; age 16-17 2 and not given 48.
	if suppressed != 4 {
		t.Errorf("%d suppressed cells, want 4:\n%s", suppressed, buf.String())
	}
	for _, n := range []string{"3", "47", "2", "48"} {
		if strings.Contains(buf.String(), `"n": `+n+"\n") {
			t.Errorf("JSON carries the suppressed number %q:\n%s", n, buf.String())
		}
	}
}
