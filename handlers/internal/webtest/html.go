package webtest

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Helpers that read a page the way a test of its HTML needs: parsed, not
// matched as text, so attribute order and whitespace do not matter.

func Parse(t *testing.T, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func Attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func HasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// All returns every element below n for which match is true, in document order.
func All(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var found []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			found = append(found, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return found
}

func Tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func ByID(id string) func(*html.Node) bool {
	return func(n *html.Node) bool { return Attr(n, "id") == id }
}

func First(n *html.Node, match func(*html.Node) bool) *html.Node {
	if found := All(n, match); len(found) > 0 {
		return found[0]
	}
	return nil
}

func Text(n *html.Node) string {
	return strings.Join(strings.Fields(RawText(n)), " ")
}

// RawText keeps the text's own spaces: a no-break space in "16 500" is how
// Polish writes thousands, and must not join two numbers into one.
func RawText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// Focusable lists links, buttons and form fields in tab order (the site sets
// no positive tabindex, so document order is tab order).
func Focusable(doc *html.Node) []*html.Node {
	return All(doc, func(n *html.Node) bool {
		switch n.Data {
		case "a":
			return HasAttr(n, "href")
		case "button", "input", "select", "textarea", "summary":
			return Attr(n, "type") != "hidden"
		}
		return false
	})
}

// Field reads a hidden field's value from a page.
func Field(t *testing.T, body, name string) string {
	n := First(Parse(t, body), func(n *html.Node) bool { return Attr(n, "name") == name })
	if n == nil {
		t.Fatalf("no field %q", name)
	}
	return Attr(n, "value")
}
