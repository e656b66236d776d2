package handlers

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"heard/store"
)

// TestTheThanksPageLeadsWithHelpForEveryFlagInEveryLanguage sends a comment of each kind
// of risk in each language (Roman Urdu on the English form) and checks the thanks page
// starts with 999 and Childline, then the help that fits the kind.
func TestTheThanksPageLeadsWithHelpForEveryFlagInEveryLanguage(t *testing.T) {
	st, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f := newFormSite(t, st)
	const (
		fearless     = "https://www.fearless.org/"
		reportRemove = "https://www.childline.org.uk/info-advice/bullying-abuse-safety/online-mobile-safety/remove-nude-image-shared-online/"
	)
	extra := map[string][]string{
		"danger": nil, "disclosure": nil, "selfharm": {"tel:116123", "sms:85258?body=SHOUT"},
		"exploitation": {fearless}, "images": {reportRemove},
	}
	comments := map[string]map[string]string{
		"en": {"danger": "he has a knife and says he will kill me", "selfharm": "i want to kill myself",
			"disclosure": "my uncle touches me at night", "exploitation": "they make me sell drugs and say i owe them",
			"images": "he is blackmailing me with my nudes"},
		"pl": {"danger": "on ma nóż i mówi że mnie zabije", "selfharm": "chcę się zabić", "disclosure": "wujek mnie dotyka w nocy",
			"exploitation": "każą mi sprzedawać narkotyki i mówią że mam dług", "images": "szantażuje mnie nagimi zdjęciami"},
		"ro": {"danger": "are un cuțit și zice că mă omoară", "selfharm": "vreau să mă sinucid", "disclosure": "unchiul mă atinge noaptea",
			"exploitation": "mă pun să vând droguri și zic că le datorez", "images": "mă șantajează cu poze nud"},
		"ur": {"danger": "اس کے پاس چاقو ہے اور کہتا ہے مجھے مار دے گا", "selfharm": "میں خودکشی کرنا چاہتی ہوں",
			"disclosure": "چچا رات کو مجھے چھوتے ہیں", "exploitation": "وہ مجھ سے منشیات بکواتے ہیں اور کہتے ہیں قرض ہے",
			"images": "وہ ننگی تصویروں سے مجھے بلیک میل کر رہا ہے"},
		"ur-Latn": {"danger": "uske paas chaku hai aur kehta hai mujhe maar dega", "selfharm": "main khudkushi karna chahti hoon",
			"disclosure": "chacha raat ko mujhe chhoote hain", "exploitation": "woh mujh se drugs bikwate hain aur kehte hain qarz hai",
			"images": "woh nangi pics se mujhe blackmail kar raha hai"},
	}
	for written, byKind := range comments {
		lang := written
		if written == "ur-Latn" {
			lang = "en"
		}
		for kind, comment := range byKind {
			rec := f.post(lang, url.Values{"token": {f.token(lang)}, "comment": {comment}})
			want := "/" + lang + "/feedback/thanks?help=" + kind
			if got := rec.Header().Get("Location"); got != want {
				t.Errorf("%s %s: redirect to %q, want %q", written, kind, got, want)
				continue
			}
			page := httptest.NewRecorder()
			f.handler.ServeHTTP(page, httptest.NewRequest(http.MethodGet, want, nil))
			links := all(first(parse(t, page.Body.String()), tag("main")), tag("a"))
			wantLinks := append([]string{"tel:999", "tel:08001111"}, extra[kind]...)
			if len(links) < len(wantLinks) {
				t.Errorf("%s %s: %d links on the thanks page", written, kind, len(links))
				continue
			}
			for i, w := range wantLinks {
				if got := attr(links[i], "href"); got != w {
					t.Errorf("%s %s: link %d is %q, want %q", written, kind, i, got, w)
				}
			}
		}
	}
	plain := httptest.NewRecorder()
	f.handler.ServeHTTP(plain, httptest.NewRequest(http.MethodGet, "/en/feedback/thanks?help=nonsense", nil))
	if links := all(first(parse(t, plain.Body.String()), tag("main")), tag("a")); len(links) > 0 && attr(links[0], "href") == "tel:999" {
		t.Error("an unknown help= still leads with help; only a verdict should")
	}
}
