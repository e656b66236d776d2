package feedback

// Principle is one of See Me, Hear Me's seven principles, as a report
// names it, with what young people's feedback can and cannot show of it.
type Principle struct {
	Number      int
	Name        string
	Evidence    string // what in a round's results speaks to it
	Beyond      string // what feedback alone cannot show
	ShowsAreas  bool   // the breakdown by area is evidence for it
	ShowsVoices bool   // how many took part, and what changed, is evidence for it
}

// Principles are the framework's seven, in its order (Children's
// Commissioner, "If only someone had listened", 2013).
var Principles = []Principle{
	{Number: 1, Name: "The child's best interests come first",
		Evidence: "Whether young people felt safe, and whether anyone made them feel it was their fault.",
		Beyond:   "Whether decisions were in the child's best interests needs case review as well."},
	{Number: 2, Name: "Children take part in decisions and are kept informed",
		Evidence: "Whether young people were listened to, told what would happen next, and part of decisions about them.",
		Beyond:   "Records of how each young person's views changed a decision."},
	{Number: 3, Name: "One enduring, trusted relationship",
		Evidence: "Whether young people had one person who stuck with them.",
		Beyond:   "How long those relationships lasted, from case records."},
	{Number: 4, Name: "Local problem-profiling",
		Evidence:   "Where answers came from (the breakdown by area) and which services young people met.",
		Beyond:     "Feedback is not a problem profile: areas must study local patterns of exploitation themselves.",
		ShowsAreas: true},
	{Number: 5, Name: "Information sharing between agencies",
		Evidence: "Nothing directly: young people rarely see how agencies share. Comments may mention having to tell their story again.",
		Beyond:   "An audit of the information-sharing protocol."},
	{Number: 6, Name: "Supported, trained staff",
		Evidence: "Nothing directly; how young people were treated reflects how staff are supported.",
		Beyond:   "Staff supervision, training and reflection time, from the service."},
	{Number: 7, Name: "Evaluation and review with children involved",
		Evidence:    "How many young people took part and how, whether they know where to get help now, and what changed because of what they said.",
		Beyond:      "Whether young people helped shape the questions and read the results.",
		ShowsVoices: true},
}
