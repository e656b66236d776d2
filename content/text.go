package content

import (
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// chatText renders a page's Markdown as the text of a chat message: headings
// and strong words in *bold* (as WhatsApp shows them), list items as
// bullets, links to other pages as their words, and helplines as their
// numbers, or their names and addresses, from helplines.toml. A page of
// contact cards has none: only the web page shows whether each line is open.
func (lib *Library) chatText(body []byte) (string, error) {
	if strings.Contains(string(body), "{{cards:") {
		return "", nil
	}
	doc := markdown.Parser().Parse(text.NewReader(body))
	var b strings.Builder
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Heading:
			if entering {
				b.WriteString("*")
			} else {
				b.WriteString("*\n\n")
			}
		case *ast.Emphasis:
			mark := "_"
			if n.Level == 2 {
				mark = "*"
			}
			b.WriteString(mark)
		case *ast.ListItem:
			if entering {
				b.WriteString("• ")
			} else {
				b.WriteString("\n")
			}
		case *ast.List:
			if !entering {
				b.WriteString("\n")
			}
		case *ast.Paragraph:
			if !entering && n.Parent().Kind() != ast.KindListItem {
				b.WriteString("\n\n")
			}
		case *ast.Text:
			if entering {
				b.Write(n.Segment.Value(body))
				switch {
				case n.HardLineBreak():
					b.WriteString("\n")
				case n.SoftLineBreak():
					b.WriteString(" ")
				}
			}
		case *ast.String:
			if entering {
				b.Write(n.Value)
			}
		case *ast.CodeSpan, *ast.RawHTML, *ast.HTMLBlock, *ast.FencedCodeBlock, *ast.CodeBlock, *ast.Image:
			return ast.WalkSkipChildren, fmt.Errorf("a %s has no chat form", n.Kind())
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		return "", err
	}
	out := strings.TrimSpace(b.String())
	var firstErr error
	out = placeholder.ReplaceAllStringFunc(out, func(m string) string {
		parts := placeholder.FindStringSubmatch(m)
		s, err := lib.chatLink(parts[1], parts[2])
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return s
	})
	if left := strings.Index(out, "{{"); left >= 0 && firstErr == nil {
		firstErr = fmt.Errorf("unknown placeholder near %q", out[left:min(len(out), left+40)])
	}
	return out, firstErr
}

// chatLink is a placeholder as a chat message carries it: a number to
// call or text, or a helpline's name and address.
func (lib *Library) chatLink(kind, id string) (string, error) {
	h := lib.Helpline(id)
	if h == nil {
		return "", fmt.Errorf("{{%s:%s}}: no such helpline", kind, id)
	}
	for _, c := range h.Contacts {
		switch {
		case kind == "call" && c.Kind == "call", kind == "text" && c.Kind == "text":
			return c.Number, nil
		case kind == "web" && c.URL != "":
			return h.Name + " (" + c.URL + ")", nil
		}
	}
	return "", fmt.Errorf("{{%s:%s}}: that helpline has no contact of that kind", kind, id)
}
