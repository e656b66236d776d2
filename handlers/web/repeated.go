package web

import (
	"net/url"
	"slices"
)

// Repeated names the fields of form that came more than once, in order,
// but for those named in many (a group of checkboxes, whose every value is
// read). A page reads one value of every other field, so a second one is
// ambiguous: a form with one is refused, never read by its first value.
func Repeated(form url.Values, many ...string) []string {
	var names []string
	for name, values := range form {
		if len(values) > 1 && !slices.Contains(many, name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}
