package handlers

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Helpers that read a page the way a test of its HTML needs: parsed, not
// matched as text, so attribute order and whitespace do not matter.

func parse(t *testing.T, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// all returns every element below n for which match is true, in document order.
func all(n *html.Node, match func(*html.Node) bool) []*html.Node {
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

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func byID(id string) func(*html.Node) bool {
	return func(n *html.Node) bool { return attr(n, "id") == id }
}

func first(n *html.Node, match func(*html.Node) bool) *html.Node {
	if found := all(n, match); len(found) > 0 {
		return found[0]
	}
	return nil
}

func text(n *html.Node) string {
	return strings.Join(strings.Fields(rawText(n)), " ")
}

// rawText keeps the text's own spaces: a no-break space in "16 500" is how
// Polish writes thousands, and must not join two numbers into one.
func rawText(n *html.Node) string {
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

// focusable lists links, buttons and form fields in tab order (the site sets
// no positive tabindex, so document order is tab order).
func focusable(doc *html.Node) []*html.Node {
	return all(doc, func(n *html.Node) bool {
		switch n.Data {
		case "a":
			return hasAttr(n, "href")
		case "button", "input", "select", "textarea", "summary":
			return attr(n, "type") != "hidden"
		}
		return false
	})
}
