package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"heard/locales"
	"heard/safety"
	"heard/sms"
)

// playSMS runs the SMS conversation in a terminal, for trying it and for
// training: each line typed is a text, each answer what the phone would get.
// Nothing is stored and Twilio is not involved.
func playSMS(cfg config, args []string, in io.Reader, out io.Writer) error {
	flags := flag.NewFlagSet("sms", flag.ContinueOnError)
	lang := flags.String("lang", locales.Default, "language to start in: en, pl, ro or ur")
	channel := flags.String("channel", string(sms.SMS), "how the texts come: sms or whatsapp")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if _, ok := locales.Lookup(*lang); !ok {
		return fmt.Errorf("no language %q", *lang)
	}
	if !sms.Channel(*channel).Valid() {
		return fmt.Errorf("no channel %q (sms or whatsapp)", *channel)
	}
	_, _, engine, err := loadWords(cfg.publicURL.String())
	if err != nil {
		return err
	}
	engine = engine.For(sms.Channel(*channel))
	interactive := isTerminal(in)
	if interactive {
		fmt.Fprintln(out, "Type a text and press Enter (Ctrl-D ends). Nothing is kept.")
	}
	conv := sms.Conversation{Lang: *lang}
	lines := bufio.NewScanner(in)
	for {
		if interactive {
			fmt.Fprint(out, "you> ")
		}
		if !lines.Scan() {
			return lines.Err()
		}
		next, reply := engine.Handle(conv, lines.Text())
		conv = next
		text := reply.Text
		if text == "" {
			text = "(no reply)"
		}
		if sms.Channel(*channel) == sms.WhatsApp {
			fmt.Fprintf(out, "heard> %s\n       [WhatsApp, %d characters]\n", text, utf8.RuneCountInString(text))
			continue
		}
		enc, segments := sms.Segments(text)
		fmt.Fprintf(out, "heard> %s\n       [%s, %d text(s)]\n", text, enc, segments)
	}
}

// checkSafety runs `heard safety` with the command line's arguments.
func checkSafety(in io.Reader, out io.Writer) error {
	return safetyCommand(os.Args[2:], in, out)
}

// safetyCommand prints the detector's verdict for each line of in: the word, a tab,
// and the line, for checking the detector when its words change. With --explain it says
// why, line by line (for reviewing the vocabulary). With --eval FILE it reads labelled
// phrases (lang<TAB>category<TAB>text) and prints, per language, the confusion matrix,
// recall per category and false alarms: numbers, never phrases.
func safetyCommand(args []string, in io.Reader, out io.Writer) error {
	flags := flag.NewFlagSet("safety", flag.ContinueOnError)
	flags.SetOutput(out)
	eval := flags.String("eval", "", "a file of labelled phrases (lang<TAB>category<TAB>text) to score the detector on")
	explain := flags.Bool("explain", false, "say why each line gets its verdict: the ideas read in each word, the rules, the model's chances")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *eval != "" {
		f, err := os.Open(*eval)
		if err != nil {
			return err
		}
		defer f.Close()
		examples, err := safety.ReadExamples(f)
		if err != nil {
			return fmt.Errorf("%s: %w", *eval, err)
		}
		return safety.WriteReport(out, safety.Evaluate(examples))
	}
	lines := bufio.NewScanner(in)
	lines.Buffer(make([]byte, 64<<10), 1<<20)
	w := bufio.NewWriter(out)
	defer w.Flush()
	for lines.Scan() {
		if *explain {
			fmt.Fprintf(w, "%s\n", lines.Text())
			if _, err := safety.Explain(lines.Text()).WriteTo(w); err != nil {
				return err
			}
			w.WriteString("\n")
			continue
		}
		fmt.Fprintf(w, "%s\t%s\n", safety.Assess(lines.Text()).Verdict(), lines.Text())
	}
	return lines.Err()
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
