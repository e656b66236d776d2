package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// Messages holds every interface string in English, the source language:
// the website's and the SMS channel's. `goi18n extract` reads the literals
// to write active.en.toml; translators then work from the merge files.
var Messages = concat(webMessages, smsMessages, whatsappMessages, pictureMessages, feedbackMessages)

func concat(lists ...[]*i18n.Message) []*i18n.Message {
	var all []*i18n.Message
	for _, l := range lists {
		all = append(all, l...)
	}
	return all
}

var webMessages = []*i18n.Message{
	// Every page.
	&i18n.Message{ID: "SkipLink", Description: "First link on every page, for keyboard users", Other: "Skip to main content"},
	&i18n.Message{ID: "QuickExit", Description: "Button that leaves the site at once", Other: "Quick exit"},
	&i18n.Message{ID: "QuickExitHint", Description: "Shown next to the quick exit button", Other: "or press Shift 3 times"},
	&i18n.Message{ID: "HomeLink", Description: "Link to the home page, beside the site name", Other: "Heard home page"},
	&i18n.Message{ID: "LanguagesLabel", Description: "Name of the language menu, read by screen readers", Other: "Languages"},
	&i18n.Message{ID: "HelpBlockLabel", Description: "Name of the box with emergency numbers on every page", Other: "Help now"},
	&i18n.Message{ID: "HelpBlockDanger", Description: "Followed by the number 999", Other: "In danger now? Call"},
	&i18n.Message{ID: "HelpBlockChildline", Description: "Followed by Childline's number", Other: "Talk to Childline, free, any time:"},
	&i18n.Message{ID: "HelpBlockMore", Description: "Link to the page with all helplines", Other: "More ways to get help"},
	&i18n.Message{ID: "TopicsHeading", Description: "Heading above the list of information pages", Other: "Find out more"},
	&i18n.Message{ID: "FooterNavLabel", Description: "Name of the footer menu, read by screen readers", Other: "More pages"},
	&i18n.Message{ID: "FooterHelp", Other: "Get help now"},
	&i18n.Message{ID: "FooterAbout", Other: "About Heard"},
	&i18n.Message{ID: "FooterPrivacy", Other: "Privacy"},
	&i18n.Message{ID: "FooterTagline", Description: "Short line at the bottom of every page", Other: "You will not be in trouble for telling. What happened is not your fault."},
	&i18n.Message{ID: "FallbackNote", Description: "Shown when a page is not translated yet and appears in English", Other: "This page is not in your language yet, so it is in English."},
	&i18n.Message{ID: "UnreviewedNote", Description: "Shown on pages translated by us but not yet checked by a native speaker", Other: "This translation has not been checked by a native speaker yet."},
	&i18n.Message{ID: "ReadingTime", Description: "How long a page takes to read", One: "About {{.Count}} minute to read", Other: "About {{.Count}} minutes to read"},

	// Read-aloud, on every page once its script runs.
	&i18n.Message{ID: "Listen", Description: "Button that reads the page aloud with the phone's own voice", Other: "Listen"},
	&i18n.Message{ID: "ListenPause", Description: "The same button while the page is being read aloud", Other: "Pause"},
	&i18n.Message{ID: "ListenResume", Description: "The same button while reading aloud is paused", Other: "Carry on"},
	&i18n.Message{ID: "ListenStop", Description: "Button that stops reading aloud", Other: "Stop"},
	&i18n.Message{ID: "ListenNote", Description: "Shown when reading aloud starts", Other: "People near you may hear this. With headphones, only you will hear it."},
	&i18n.Message{ID: "ListenNoVoice", Description: "When the phone or computer has no voice for the page's language; said in that language", Other: "Sorry, your phone or computer has no English voice, so it cannot read this page aloud."},

	// The home page's three ways in.
	&i18n.Message{ID: "WayHelpNow", Other: "I need help now"},
	&i18n.Message{ID: "WayIsThisMe", Other: "Is this happening to me?"},
	&i18n.Message{ID: "WayFriend", Other: "Worried about a friend"},

	// Helpline cards on the help page.
	&i18n.Message{ID: "ContactCall", Description: "Before a phone number", Other: "Call"},
	&i18n.Message{ID: "ContactTextphone", Description: "Before a textphone number, for deaf people", Other: "Textphone"},
	&i18n.Message{ID: "ContactText", Description: "Before a short number; Keyword is the word to send", Other: "Text {{.Keyword}} to"},
	&i18n.Message{ID: "ContactTextAny", Description: "Before a number you can text with any message", Other: "Text"},
	&i18n.Message{ID: "ContactEmergencySMS", Description: "How deaf or speech-impaired people register to text 999 (it works only after registering, so it is not for someone who simply can't speak now); Keyword is the word to send, and the number follows", Other: "Deaf or speech-impaired? Register first, then you can text in an emergency. To register, text {{.Keyword}} to"},
	&i18n.Message{ID: "ContactChat", Other: "Chat online with a counsellor"},
	&i18n.Message{ID: "ContactEmail", Description: "Before an email address", Other: "Email"},
	&i18n.Message{ID: "ContactEmailAccount", Other: "Email them (you make a free account first)"},
	&i18n.Message{ID: "ContactReport", Other: "Report online"},
	&i18n.Message{ID: "ContactWeb", Other: "Visit the website"},
	&i18n.Message{ID: "HoursAlways", Other: "24 hours, every day"},
	&i18n.Message{ID: "HoursUnknown", Description: "When we do not know a service's opening hours", Other: "Check their website for opening times"},
	&i18n.Message{ID: "DaysMonFri", Other: "Monday to Friday"},
	&i18n.Message{ID: "DaysSatSun", Other: "Saturday and Sunday"},
	&i18n.Message{ID: "DaysMonSun", Other: "Every day"},
	&i18n.Message{ID: "OpenNow", Other: "Open now"},
	&i18n.Message{ID: "OpenUntil", Description: "Time is like 22:00, UK time", Other: "Open now, until {{.Time}}"},
	&i18n.Message{ID: "ClosedNow", Description: "A helpline that does not open again today or tomorrow; its days and hours follow", Other: "Closed now"},
	&i18n.Message{ID: "OpensToday", Description: "Time is like 08:00, UK time", Other: "Closed now. Opens today at {{.Time}}"},
	&i18n.Message{ID: "OpensTomorrow", Description: "Time is like 09:00, UK time", Other: "Closed now. Opens tomorrow at {{.Time}}"},
	&i18n.Message{ID: "UKTime", Description: "After opening hours", Other: "(UK time)"},
	&i18n.Message{ID: "BillHidden", Other: "Won't show on your phone bill"},
	&i18n.Message{ID: "BillMostlyHidden", Other: "Won't show on most mobile phone bills"},
	&i18n.Message{ID: "HelplineCost", Description: "Label before what a helpline costs", Other: "Cost:"},

	// Who each helpline is for, and what it costs. Keep the facts exactly.
	&i18n.Message{ID: "Who.emergency", Other: "Police, ambulance or fire. For anyone in danger right now."},
	&i18n.Message{ID: "SilentSolution", Description: "On the 999 card: the Silent Solution, for someone who cannot speak. Number is 999", Other: "Can't speak? Call {{.Number}} from a mobile. When a recorded voice asks, press 55. You will be put through to the police, who ask yes or no questions. Pressing 55 does not tell them where you are."},
	&i18n.Message{ID: "Cost.emergency", Other: "Free"},
	&i18n.Message{ID: "Who.police-101", Other: "Police, not an emergency. Report something that already happened, or ask for advice."},
	&i18n.Message{ID: "Cost.police-101", Other: "Free"},
	&i18n.Message{ID: "Who.childline", Other: "For anyone under 19. Talk about anything."},
	&i18n.Message{ID: "Cost.childline", Other: "Free from mobiles, landlines and payphones"},
	&i18n.Message{ID: "Who.ceop", Other: "Worried about sexual abuse or grooming online? Tell the police's CEOP team. You will be asked who you are: it is not anonymous."},
	&i18n.Message{ID: "Cost.ceop", Other: "Free"},
	&i18n.Message{ID: "Who.thinkuknow", Other: "Learn how to stay safer online, for your age."},
	&i18n.Message{ID: "Cost.thinkuknow", Other: "Free"},
	&i18n.Message{ID: "Who.fearless", Other: "Tell about a crime without giving your name. They remove your IP address. They can't send help to you, because they don't know who you are. If you call, they answer as Crimestoppers."},
	&i18n.Message{ID: "Cost.fearless", Other: "Free"},
	&i18n.Message{ID: "Who.shout", Other: "For anyone struggling to cope, any age. Text with a trained volunteer."},
	&i18n.Message{ID: "Cost.shout", Other: "Free"},
	&i18n.Message{ID: "Who.samaritans", Other: "For anyone who is struggling, including thoughts of suicide."},
	&i18n.Message{ID: "Cost.samaritans", Other: "Free from mobiles and landlines, even with no credit"},
	&i18n.Message{ID: "Who.themix", Other: "For under 25s."},
	&i18n.Message{ID: "Cost.themix", Other: "Free"},
	&i18n.Message{ID: "Who.nspcc", Other: "For adults worried about a child: parents, carers, teachers."},
	&i18n.Message{ID: "Cost.nspcc", Other: "Free"},
	&i18n.Message{ID: "Who.report-remove", Other: "Under 18? Get a nude or sexual image of you taken off the internet."},
	&i18n.Message{ID: "Cost.report-remove", Other: "Free"},
	&i18n.Message{ID: "Who.runaway-helpline", Other: "For young people thinking of running away, or who have run away or are missing. It is private, but they may tell someone if a person is at risk of serious harm."},
	&i18n.Message{ID: "Cost.runaway-helpline", Other: "Free"},
	&i18n.Message{ID: "Who.help-at-hand", Other: "For children in care or leaving care, children with a social worker, children living away from home, and children who came to the UK alone to ask for asylum. Advice, and someone to speak up for you when your rights are not respected."},
	&i18n.Message{ID: "Cost.help-at-hand", Other: "Free"},

	// A team's local help, below the national helplines on its round's pages and posters.
	&i18n.Message{ID: "LocalHelpTitle", Description: "Heading above local services a team of youth workers listed (a clinic, a youth service), below the national helplines", Other: "Near you"},
	&i18n.Message{ID: "LocalHelpFrom", Description: "Under the heading Near you; Team is the name of the team of youth workers who listed these services", Other: "Local help from {{.Team}}"},
	&i18n.Message{ID: "LocalHelpHours", Description: "Before a local service's opening times, written by the team in its own words", Other: "Open:"},
	&i18n.Message{ID: "LocalHelpChecked", Description: "When a youth worker last checked a local service's details; Day, Month and Year are numbers (14, 3, 2026): put them in the order and with the marks your language uses for dates", Other: "Checked on {{.Day}}/{{.Month}}/{{.Year}}"},

	// Error pages.
	&i18n.Message{ID: "NotFoundTitle", Other: "We can't find that page"},
	&i18n.Message{ID: "NotFoundText", Other: "The page may have moved, or the link may be wrong. That's OK."},
	&i18n.Message{ID: "MethodNotAllowedTitle", Other: "That didn't work"},
	&i18n.Message{ID: "MethodNotAllowedText", Other: "This page can't do that. Try going back, or start again."},
	&i18n.Message{ID: "ServerErrorTitle", Other: "Something went wrong on our side"},
	&i18n.Message{ID: "ServerErrorText", Other: "It's not your fault. Please try again in a minute."},
	&i18n.Message{ID: "BadRequestTitle", Other: "We couldn't read that"},
	&i18n.Message{ID: "BadRequestText", Other: "Something in the address or the request was too long or not right. Try going back, or start again."},
	&i18n.Message{ID: "ErrorGoHome", Other: "Go to the start"},
	&i18n.Message{ID: "ErrorGetHelp", Other: "If you need help now, you can still get it."},
	&i18n.Message{ID: "ChooseLanguage", Other: "Choose your language"},
}
