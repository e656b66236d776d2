package safety

// concepts names each idea the detector knows and lists the words and phrases, in English,
// Polish, Romanian and Urdu (script and Roman), that say it, separated by commas. Entries
// are normalised like messages, so they are written as people type them, and a phrase
// matches word for word. A word may stand in several concepts.
var concepts = map[string]string{
	// People and grammar.
	"I":  "i, ja, eu, میں, main",
	"AM": "am, jestem, sunt, ہوں, hoon, hun, boje, tem",
	"ME": "me, us, mnie, mi, ma, m, mine, مجھے, مجھ, mujhe, mujhay, mjhe, hamein, ہمیں",
	"MY": "my, our, moj, moja, moje, mojej, mojego, moim, meu, mea, mei, mele, میرا, میری, میرے, mera, meri, " +
		"mere",
	"MYSELF": "myself, my self, me self, herself, himself, themselves, themself, yourself, sie, siebie, soba, " +
		"ma, خود, khud, apne aap, اپنے آپ",
	"NEG": "not, never, nie, nigdy, nu, niciodata, نہیں, نہ, nahi, nahin",
	// "not" before these is no denial: "i cant stop hurting myself".
	"UNNEG": "stop, stopping, help, resist, przestac, opresc",
	"IF":    "if, jesli, jezeli, daca, agar, اگر",
	"PERSON": "on jest, ona jest, oni sa, he, she, they, him, her, them, his, someone, somebody, my ex, ex, man, " +
		"men, guy, guys, lad, lads, boys, gang, stranger, strangers, dealer, dealers, boyfriend, " +
		"girlfriend, older boys, ona, oni, ktos, facet, faceci, chlopak, mu, el, ea, ei, ii, cineva, " +
		"barbat, barbati, iubitul, zabije, zabija, وہ, woh, wo, koi, کوئی, آدمی, aadmi, admi, اس, ان",
	"OBJ": "him, them, her, of him, of them, of her, el, اس سے, us se, un se",
	"STRANGER": "a man, man, men, guy, guys, older, stranger, strangers, someone, somebody, bloke, lads, " +
		"older lads, older boys, facet, barbat, آدمی, aadmi",
	"PARTNER": "boyfriend, boyfriends, girlfriend, ex, man, mans, men, mens, guy, guys, lad, lads, bloke, fella, " +
		"he, him, chlopak, facet, mezczyzna, iubit, iubitul, prietenul, barbat, barbatul, مرد, آدمی, " +
		"aadmi, admi, لڑکا, larka",
	"FAMILY": "mum, mom, mam, mummy, mother, dad, daddy, father, parents, nan, nana, nanny, gran, granny, " +
		"grandma, grandad, auntie, sister, brother, sis, bro, stepdad, stepmum, teacher, teachers, sir, " +
		"miss, coach, boss, carer, carers, foster, school, college, staff, worker, police, mama, tata, " +
		"tato, ammi, abbu, امی, ابو, papa",
	"VICTIM": "sister, sis, brother, bro, family, mum, mom, mam, dad, nan, baby, friend, friends, mate, bestie, " +
		"cousin, dog, cat, siostra, siostre, brat, brata, rodzina, rodzine, mame, sora, frate, fratele, " +
		"familia, بہن, بھائی, behen, bhai, ghar walon",
	"SOMEONE": "someone, anyone, somebody, anybody",
	// Things, not people, that "hurt" or "kill": "it hurts my eyes".
	"IDIOMSUBJ": "it, this, that, which, what, said, story, film, video, words, song, speech, exam, homework, " +
		"revision, maths, website, screen",
	// Who helps in feedback: "they help me a lot".
	"HELPERS": "they, she, it, that, this, which, who, worker, workers, staff, youth worker, heard",
	"THIS":    "this, it, that, being, am i",
	"SAY":     "said, says, saying, told me, texted, messaged, threatened",
	"PASSIVE": "got, get, gets, getting, be, been, being, was, were, gonna get, going to get",
	"CAN":     "can, able, moge, moze, pot, poate, سکتا, سکتی, sakta, sakti",
	"IN":      "in, w, میں, mein",
	"THANKS":  "thanks, thank you, thx, ty, cheers, dziekuje, dzieki, multumesc, mersi, shukriya, شکریہ",
	"LAUGH": "lol, lool, lul, lmao, lmfao, rofl, haha, hehe, jk, joking, jokes, kidding, laughing, laughter, " +
		"laugh, xd, xdd",
	"SHORT": "", // set by the tagger on a message of a few words
	"AGE":   "", // set by the tagger on an adult's age, 18 to 69, unless a unit follows ("20 quid",)
	"MANY":  "", // set by the tagger on numbers of 10 or more ("took 20 paracetamol",)
	"UNIT": "quid, pounds, pound, p, pence, mins, minutes, min, hours, hrs, hour, days, day, weeks, week, " +
		"months, times, pm, am, percent, miles, mile, people, calls, texts, messages, minute, seconds, " +
		"sec, secs",
	"YEAROLD": "year old, years old, yr old, yrs old, yo, lat, ani, سال, saal",

	// Danger now.
	// Said alone, enough for danger.
	"ALARM": "get out of here, need to get out, have to get out, bachalo, bacha lo, بچا لو, بچاو, " +
		"on his way to my, on their way to my, trapped, kidnapped, kidnap, kidnapping, hostage, abducted, " +
		"imprisoned, held captive, held prisoner, unsafe, stalker, being held, held me, holding me, " +
		"kept me in, keeping me in, keep me in, trying to break in, breaking in, broke in, break into my, " +
		"breaking into my, someone is in my, someone in my house, someone in my room, somebody is in my, " +
		"coming for me, coming after me, coming to get me, knows where i, knows where my, " +
		"know where i live, found out where i, round my neck, around my neck, by the throat, by my throat, " +
		"been kept, being kept, kept in a, kept inside, banging on my, banging on the, trying to get in, " +
		"trying to get into, drugged, drugged me, spiked, spiked my drink, put something in my drink, " +
		"get me out, rescue me, sos, rape, raped, raping, rapist, being raped, porwany, porwana, porwali, " +
		"uwieziony, uwieziona, ratunku, zgwalcil, zgwalcona, gwalt, idzie po mnie, wie gdzie mieszkam, " +
		"rapit, rapita, sechestrat, sechestrata, salvati ma, salvatima, violat, violata, m a violat, " +
		"stie unde stau, اغوا, agwa, qaid, قید, بچاؤ, bachao, bachaao, ریپ, زیادتی",
	"HURT": "throwing things, threw things, throws things, throwing stuff, threw stuff, threw me, thrown, " +
		"pinned me, pushed me over, pushed me down, pushed me into, pushed me against, slammed, smash, " +
		"smashed, hurt, hurts, hurting, hit, hits, hitting, beat, beats, beating, beaten, beat up, punch, " +
		"punched, punches, punching, battering, batter, bashing, whack, whacked, whacking, thump, thumped, " +
		"thumping, headbutted, stamped on, spat on, attacks, jump me, jumped me, jumping me, assault, " +
		"assaulted, assaulting, bite, biting, bit me, scratched, kick, kicked, kicks, kicking, slap, " +
		"slapped, slaps, slapping, smack, smacked, smacks, strangle, strangled, strangling, choke, choked, " +
		"choking, grab, grabbed, grabs, attack, attacked, attacking, stab, stabbed, stabbing, battered, " +
		"burn, burned, burnt, shove, shoved, bash, bashed, dragged, bije, bil, pobil, bija, krzywdzi, " +
		"skrzywdzi, skrzywdzil, uderza, uderzyl, kopie, bate, batut, loveste, lovit, raneste, ranit, " +
		"مارتا, مارتی, مارا, مارتے, مار, پیٹتا, پیٹا, maarta, maara, maar, peet'ta",
	"INJURED": "bleeding, bruised, bruises, black eye, broken nose, krwawie, sangerez, خون",
	"KILL": "kill, kills, killing, killed, murder, murdered, murdering, shoot, shot, zabije, zabic, zabijesz, " +
		"zabija, omoara, omori, ucide, ucid, مار, قتل, qatl, maar dega, maar dunga, maar dalega",
	"THREATEN": "threatened, threatens, threaten, threatening, threat, threats, grozi, grozil, ameninta, " +
		"amenintat, amenintare, دھمکی, dhamki, dhamkiyan",
	"DEADTHREAT": "i am dead, you are dead, your dead, i am next, you are next, dead meat",
	"WEAPON": "knife, knives, blade, gun, guns, machete, weapon, weapons, acid, shank, noz, noza, nozem, " +
		"pistolet, cutit, cutitul, arma, pistol, چاقو, چھری, بندوق, پستول, chaku, chaqu, churi, bandook",
	"FEAR": "scaring, scare me, frightening, scared, afraid, frightened, terrified, petrified, panicking, " +
		"fear, scares, frightens, boje, przerazona, przerazony, przestraszona, przestraszony, strach, " +
		"frica, tem, speriat, speriata, ingrozit, ingrozita, ڈر, خوف, darr, dar lag, dar lagta, khauf, " +
		"ghabra, ڈرتی, ڈرتا, darti, darta, گھبرا",
	"NOW": "now, right now, tonight, outside, asap, at the moment, teraz, acum, ابھی, abhi",
	"LOCK": "locked, lock, locks, locking, zamknal, zamknela, zamkniety, zamknieta, inchis, inchisa, incuiat, " +
		"incuiata, بند, band kar",
	"INSIDE": "in, inside, room, bedroom, flat, house, basement, cupboard, car, van, shed, attic, pokoju, " +
		"camera, کمرے, کمرہ, kamre, kamra",
	"STUCK": "stuck",
	"PLACE": "here, his, their, flat, house, room, car, van, hotel, this place",
	"STAY":  "stay, stay here, stay at, stay in, stay with, zostac, raman, رہنا",
	"LET": "let, lets, letting, allow, allows, allowed, pozwala, pozwoli, pozwolil, lasa, دیتا, دیتی, دیتے, " +
		"deta, deti, dete",
	"LEAVE": "see anyone, see my friends, see my family, talk to anyone, go anywhere, have my phone, leave, go, " +
		"out, home, escape, get out, get away, wyjsc, wyjscie, isc, wrocic, plec, pleca, merg, ies, جانے, " +
		"جانا, نکلنے, jaane, jane, nikalne",
	"ESCAPE": "leave, escape, get out, get away, go home, leave the house, wyjsc, uciec, pleca, plec, fugi, " +
		"scap, نکل, nikal",
	"TAKE": "took, taken, takes, smashed, grabbed, zabral, zabrala, zabrali, luat, لے لیا, لیا, چھین, chheen, " +
		"le liya",
	"PHONE": "phone, mobile, fone, fon, telefon, telefonu, telefonul, فون, mobail",
	"DRIVE": "took, taken, drove, driven, brought, zabral, zabrali, dus, luat",
	"DEST": "somewhere, away, hotel, hotels, houses, different houses, flats, other towns, other cities, " +
		"his flat, a flat, their flat, a house, his house, another city, another town, different city, " +
		"his car, a car, a van",
	"FOLLOW": "following, followed, follows, follow, stalking, stalked, stalks, sledzi, sledzil, sledza, " +
		"urmareste, urmarit, پیچھا, peecha, pichha",
	// Following on social media is not stalking.
	"PLATFORM": "insta, instagram, ig, tiktok, tik tok, snap, snapchat, twitter, facebook, fb, youtube, twitch, " +
		"online, account, page, socials, social media, back, spotify",
	"OUTSIDE": "outside, waiting outside, driving past, drives past, hanging around, hanging about, afara, باہر, " +
		"bahar, bahir, pod domem, pod moim domem, fata casei",
	"HOME": "house, home, door, front door, flat, window, school, street, road, dom, domem, domu, casa, casei, " +
		"usa, گھر, ghar, darwaza, دروازے",
	"WAITING": "waiting, wait, parked, sitting, standing, banging, knocking, car, van",
	"ONWAY":   "on his way, on their way, coming round, coming over",
	"FINDME":  "find me, get me, come for me, come after me, track me down, hunt me down, catch me",
	"RUNAWAY": "ran away, run away, running away, runaway, missing from home, ucieklam, ucieklem, am fugit, " +
		"بھاگ گئی, bhaag gayi",
	"HIDE": "hiding, hidden, chowam sie, ma ascund, چھپی, chupi",
	"HELP": "help, helpp, 999, call the police, call an ambulance, pomocy, pomoc, pomoz, pomozcie, ajutor, " +
		"ajuta, ajutati, ajutatima, مدد, madad, save me",
	"URGENT": "now, right now, asap, quick, quickly, urgent, urgently, emergency, immediately, please, need, " +
		"999, someone, anyone, sos, teraz, szybko, natychmiast, prosze, acum, repede, va rog, te rog, " +
		"ابھی, جلدی, abhi, jaldi, plz, pliz",
	"COME": "come, get here, send someone, send help, vino, przyjdz, przyjedz, آؤ, aao, ajao",
	"HURRY": "quick, quickly, now, right now, asap, urgent, emergency, immediately, hurry, fast, szybko, teraz, " +
		"repede, acum, جلدی, jaldi",
	// Help with a task, not a rescue: "help me with my cv".
	"ERRAND": "with my, with the, with a, with this, find, finding, understand, homework, form, forms, info, " +
		"information, website, cv, application, question, questions, housing, course, job, benefits, " +
		"appointment, essay, revision, maths, english, login, log in, password, app, page, write, writing, " +
		"read, reading, apply",
	"DANGERWORD": "danger, dangerous, niebezpieczenstwie, niebezpieczenstwo, niebezpiecznie, zagrozenie, zagrozona, " +
		"zagrozony, pericol, periculos, خطرے, خطرہ, khatre, khatra, khatray",
	"SAFE": "safe, bezpieczna, bezpieczny, bezpiecznie, siguranta, sigur, sigura, محفوظ, mehfooz, mehfuz, " +
		"mehfoz",
	"LOST": "know where i am, know where we are, know where we are going, know where i am going, " +
		"know where they are taking me, wiem gdzie jestem, stiu unde sunt, کہاں ہوں, kahan hoon, " +
		"kahan hun, kaha hu",

	// Self-harm and suicide.
	// Said alone, enough for self-harm unless denied.
	"SUICIDE": "suicide, suicidal, sewer slide, no way out, marne ka dil, marne ko dil, مرنے کو دل, مرنے کا دل, " +
		"nu mai exist, sa nu mai exist, sa nu mai traiesc, marna hai, مرنا ہے, mar jana hai, مر جانا ہے, " +
		"self harm, selfharm, self harming, self harmed, self harmer, overdose, overdosed, overdosing, " +
		"noose, hang myself, end my life, end my own life, ending my life, take my life, take my own life, " +
		"taking my life, end it all, ending it all, end it tonight, end everything, off myself, " +
		"top myself, samobojstwo, samobojcze, samobojcza, samobojca, samookaleczenie, okaleczanie, " +
		"okaleczam, odebrac sobie zycie, skonczyc ze soba, sinucidere, sinucid, sinucide, sinucida, " +
		"autovatamare, خودکشی, khudkushi, khudkashi, khud kushi, khudkhushi, apni jaan, اپنی جان, " +
		"jaan de doon",
	// Said alone, enough for self-harm; a "not" inside is part of it.
	"HOPELESS": "goodbye letter, goodbye letters, goodbye note, suicide note, wrote a note, written a note, " +
		"jeena nahi, جینا نہیں, zinda nahi rehna, worth living, nothing to live for, no reason to live, " +
		"cant go on, cant carry on, cant do this anymore, cant do this any more, cant take it anymore, " +
		"cant take it any more, cant cope anymore, cant live like this, better off dead, " +
		"better off without me, better without me, happier without me, nobody would miss me, " +
		"no one would miss me, nobody would care if, no one would care if, nobody would notice if, " +
		"no one would notice if, nobody would care if i, if i was gone, if i wasnt here, if i died, " +
		"a burden, burden to everyone, goodbye forever, this is goodbye, my last message, " +
		"goodbye everyone, wont be here tomorrow, never wake up, give up on life, gave up on life, " +
		"done with life, done with everything, done with it all, done with living, tired of living, " +
		"tired of life, sick of living, hate being alive, wish i was never born, wish i wasnt born, " +
		"never been born, nu mai pot, nie moge juz, nie dam rady, nie mam po co zyc, po co zyc, sensu zyc, " +
		"nu are rost, niciun rost, برداشت نہیں, bardasht nahi, jeene ka koi faida, جینے کا کوئی فائدہ, " +
		"jeene ka faida",
	"WANT": "feel like, want, wants, wanted, wanting, wish, wishing, hope, ready, deserve, deserves, should, " +
		"rather, tempted, chce, chcialbym, chcialabym, chcialem, chcialam, pragne, vreau, vrea, vreu, " +
		"doresc, چاہتا, چاہتی, چاہتے, chahta, chahti, chahte, chahiye, چاہیے, کاش, kash",
	"INTEND": "want, going to, will, about to, planning, plan, decided",
	"PLAN":   "planning, plan, planned, tempted, thinking of, thinking about",
	"DIE":    "die, dies, dead, died, death, dying, umrzec, zginac, mor, muri, moara, mort, moarta",
	// Urdu puts the verb last: "مرنا چاہتا".
	"DIEUR": "مرنا, مر جانا, مر جاؤں, مرجاؤں, marna, mar jana, mar jaun, mar jaon",
	"ENDIT": "end it, ending it, end this",
	"ALLOF": "all, everything, it all, it, the pain, life, wszystko, totul, سب کچھ, sab kuch",
	"END":   "end, stop, over, ended, stopped, skonczy, sa se termine, ختم, khatam",
	"GONE":  "gone, disappeared, not here, not around",
	"SELFACT": "kill, killing, end, ending, hurt, hurting, harm, harming, cut, cutting, burn, burning, hang, " +
		"hanging, drown, starve, starving, stab, stabbing, punish, zabic, zabije, tne, tnac, okaleczac, " +
		"ranie, omor, omoram, tai, ranesc, مار, maar, نقصان, nuqsan, kaat, کاٹ",
	"LIVE": "live, living, alive, exist, existing, be here, here anymore, be around, wake up, carry on, " +
		"keep going, go on, zyc, istniec, traiesc, trai, exista, جینا, جینے, زندہ, jeena, jina, jeene, " +
		"zinda",
	"WAKE": "wake up, wake, waking up, obudzic, trezesc",
	"GOON": "go on, carry on, keep going, cope, take it anymore, take this anymore, take any more, " +
		"do this anymore, do it anymore, handle it anymore, live like this, survive, wytrzymac, rezist, " +
		"سہہ",
	"GIVEUP": "give up, giving up, given up, gave up, poddaje sie, renunt, ہار مان",
	"TIRED":  "tired, sick, exhausted, done, fed up",
	"THINKABOUT": "think about, thinking about, thought about, thoughts of, thoughts about, dream about, myslę o, " +
		"ma gandesc la",
	"NOBODY": "nobody, no one, noone, nikt, nimeni, کوئی نہیں, koi nahi",
	"CARE":   "care, cares, cared, miss, notice, noticed, obchodzi, pasa, پروا, parwah",
	"POINT": "rost, sensu, reason to, a reason, any reason, no point, what is the point, " +
		"what is even the point, pointless, no reason, see the point, see any point, nie ma sensu, po co, " +
		"rostul, کیا فائدہ, kya faida",
	"LIFE": "living, live, life, alive, anymore, any more, existing, exist, being alive, being here, be here, " +
		"zyc, zycie, zycia, traiesc, viata, جینے, زندگی, zindagi, jeene",
	"CUT": "scratch, scratching, scratched, cut, cutting, cuts, slit, slitting, slash, slashing, scars, scar, " +
		"blade, blades, razor, razors, sh, tne, ciac, ciecie, tai, taietura, taieturi, کاٹ, کاٹتی, کاٹتا, " +
		"kaat",
	"BODY": "keep, keeps, still, again, myself, arm, arms, wrist, wrists, leg, legs, thigh, thighs, skin, " +
		"stomach, deep, deeper, relapse, relapsed, started, start, stop, been, rece, nadgarstek, " +
		"nadgarstki, brate, bratul, incheietura, کلائی, kalai, بازو, bazu",
	// Cutting that is not self-harm: hair, class, contact.
	"ORDCUT": "hair, fringe, nails, grass, hedge, paper, cake, onion, onions, food, pizza, bread, wood, back, " +
		"down, off, out, class, lesson, lessons, ties, contact, budget, funding, hours, short, queue, " +
		"corners, team, finger, shaving",
	"PILLS": "pills, tablets, paracetamol, painkillers, ibuprofen, meds, medication, sleeping pills, tabletki, " +
		"tabletek, leki, pastile, pastilele, medicamente, گولیاں, goliyan, golian",
	"LOTS": "all, lots, loads, load, a lot, ready, whole, box, packet, packets, bottle, too many, handful, " +
		"bunch, swallow, swallowed, stockpile, saved up, saving up, saved, stashed, hidden, hoarded, " +
		"stockpiling, saving, hoarding, wszystkie, cale, opakowanie, toate, multe, cutie, ساری, سب, saari, " +
		"sab",
	"METHOD": "rope, noose, ligature",
	"JUMP":   "jump, jumping, jumped, throw myself, step, skoczyc, skocze, sar, sari, arunc, کود, kood",
	"HEIGHT": "bridge, roof, building, cliff, window, balcony, tracks, motorway, rooftop, in front of, mostu, " +
		"moscie, dachu, dach, pod, acoperis, bloc, fereastra, پل, چھت, pul, chhat",
	"DISAPPEAR": "stop living, stop breathing, not be alive, disappear, vanish, sleep forever, go to sleep forever, " +
		"not exist, stop existing, zniknac, dispar, غائب, ghayab",
	"JOIN":   "be with, join, go to, see",
	"HEAVEN": "heaven, in heaven, afterlife, the other side, niebie, rai, جنت, jannat",

	// Disclosure: being groomed or exploited.
	// Said alone, enough for a disclosure.
	"EXPLOITED": "does stuff to me, did stuff to me, does things to me, did things to me, do stuff to me, " +
		"do things to me, use my house, using my house, use my flat, using my flat, took over my house, " +
		"taken over my flat, groomed, grooming me, exploited, exploiting me, being exploited, trafficked, " +
		"trafficking me, pimped, pimping me, pimp, molested, molesting, abused, abusing me, abuses me, " +
		"sexually abused, sexual abuse, passed around, pass me around, passing me around, shared me, " +
		"shares me, sold me, sell me, selling me, running county lines, doing county lines, going country, " +
		"trap house, trap line, plugging, sugar daddy, blackmail, blackmailing, blackmailed, sextortion, " +
		"assaulted, rape, raped, nudes, nude, naked, topless, dick pic, dick pics, sexy pics, " +
		"wykorzystuje, wykorzystuja, wykorzystal, wykorzystali, wykorzystana, wykorzystywana, " +
		"wykorzystywal, being used, using me, uses me, used me, do runs, doing runs, did runs, do drops, " +
		"doing drops, woke up somewhere, wake up somewhere, woke up in a, woke up naked, " +
		"do not remember what happened, can not remember what happened, molestowal, molestuje, " +
		"molestowana, sprzedal mnie, nagie, nagich, nago, abuzat, abuzata, abuzeaza, exploatata, " +
		"exploateaza, exploatat, m a vandut, goale, goala, nud, nuduri, استحصال, بیچ دیا, ziyadti, " +
		"istehsal, bech diya, بلیک میل, ننگی, ننگا, nangi, nanga, زیادتی",
	"TOPIC": "grooming, exploitation, abuse, exploiting, trafficking, county lines, cse, cce",
	"OLDER": "older, old man, old men, years older, grown up, grown man, grown men, adult, adults, twenties, " +
		"thirties, forties, starszy, starszym, starsi, dorosly, doroslym, mai mare, mai in varsta, matur, " +
		"بڑا, بڑی عمر, bari umar, bara",
	"MAKE": "کرواتا, کرواتے, کرواتی, karwata, karwate, make, makes, made, making, force, forces, forced, " +
		"forcing, pressure, pressures, pressured, pressuring, gets me to, got me to, zmusza, zmusil, kaze, " +
		"obliga, forteaza, constrange, زبردستی, مجبور, zabardasti, majboor, majbur",
	"FORCE": "forced, forcing, force, forces, zmusza, zmusil, forteaza, fortat, obliga, obligat, زبردستی, " +
		"zabardasti, zabardasti se",
	"HAVETO": "have to, has to, had to, got to, must, musze, trebuie, پڑتا, parta",
	"THINGS": "do things, do stuff, do bits, do favours, do favors, do sexual, sexual things, sexual stuff, " +
		"sleep with, sleeping with, slept with, have sex, rzeczy, robic rzeczy, lucruri, sa fac, غلط کام, " +
		"galat kaam, ghalat kaam",
	"GOWITH": "go with, going with, sleep with, be with, hook up with, meet up with, see, chodzic z, merg cu, " +
		"ke saath",
	"MATES": "different men, random men, random guys, some men, these men, his mates, his friends, his boys, " +
		"his cousin, his cousins, his mate, his friend, their mates, their friends, other men, other guys, " +
		"other lads, older men, for him, for them, jego kolegami, jego kolegow, prietenii lui, " +
		"prietenilor lui, uske dost, us ke doston, اس کے دوست",
	"FORTHEM": "for him, for them, for his, for their, for my boyfriend, for my boyfriends, for these, for some, " +
		"for older, for a man, for men, for a guy, dla niego, dla nich, pentru el, pentru ei, اس کے لیے, " +
		"uske liye",
	"OWE": "owe, owes, owed, owing, debt, debts, pay it back, pay them back, pay him back, pay back the, " +
		"work it off, winna, winien, dlug, dluzna, dluzny, datorez, datorie, datoria, datorii, قرض, qarz, " +
		"karz, udhaar, ادھار",
	"MONEY": "money, cash, paid, pay, pays, quid, pieniadze, kasa, bani, پیسے, paise",
	"TOUCH": "touch, touches, touched, touching, grope, groped, groping, fondle, fondled, feel me up, " +
		"felt me up, dotyka, dotykal, obmacuje, atinge, atins, pipaie, چھوتا, چھوا, چھوتے, chhoota, chuta, " +
		"chhua",
	"PRIVATE": "body, privates, private parts, chest, boobs, bum, down there, between my legs, cialo, corp, جسم, " +
		"jism",
	"SEX": "sex, sexual, sexually, shag, shagged, sleep with, slept with, sleeping with, oral, blowjob, bj, " +
		"seks, seksu, seksualne, relatii, جنسی, jinsi, hook up with",
	"PICS": "pics, pic, pictures, picture, photos, photo, images, image, videos, video, vids, selfies, " +
		"zdjecia, zdjec, fotki, nagrania, filmiki, poze, pozele, fotografii, filmulete, clipuri, تصویریں, " +
		"تصاویر, تصویر, ویڈیو, tasveer, tasveeren, tasweer",
	"SHARE": "dikha, dikha dega, dikhayega, دکھا, sab ko, share, shared, sharing, post, posted, posting, leak, " +
		"leaked, expose, exposed, send, sent, sending, show everyone, tell everyone, spread, upload, " +
		"uploaded, rozesle, udostepni, wrzuci, pokaze, opublikuje, publica, posta, arata, trimite, " +
		"raspandi, پھیلا, شیئر, share kar, viral",
	"OFME": "of me, of myself, ze mna, cu mine, میری",
	"ASK": "asking, asks, asked, ask, keeps asking, wants, wanted, begging, begs, pressuring, demanding, " +
		"demands, send him, prosi, cere, مانگ, mang, mangta",
	"FILMED": "filmed, filming, films, recorded, recording, records, videoed, nagrywa, nagral, filmat, filmeaza, " +
		"ویڈیو بنائی",
	"ONLINE": "online, internet, snap, snapchat, insta, instagram, tiktok, discord, roblox, fortnite, xbox, " +
		"playstation, gaming, dating app, whatsapp, telegram, kik, omegle, internecie, pe net, انٹرنیٹ",
	"MEET": "meet, meet up, meeting up, meet me, come to my house, come round, send my address, where i live, " +
		"spotkac, spotkanie, ne vedem, intalnim, ملنے, milne, milna",
	"PARTY": "party, parties, impreza, imprezy, imprez, petrecere, petreceri, پارٹی",
	"CARRY": "take, taking, took, carry, carrying, carried, carries, deliver, delivering, delivered, drop, " +
		"drops, dropping, drop off, dropping off, dropped off, hold, holding, hide, hiding, stash, " +
		"stashing, sell, selling, sold, run, running, transport, nosic, przewozic, dostarczac, sprzedawac, " +
		"cara, duc, livra, vinde",
	"STUFF": "stuff, things, bags, bits, packages, parcels, gear, rzeczy, lucruri, chestii, سامان, saman",
	"PACKAGES": "packages, package, parcels, parcel, drugs, drug, gear, weed, coke, crack, heroin, cocaine, " +
		"stuff for them, stuff for him, things for them, paczki, paczke, paczka, narkotyki, droguri, " +
		"colete, colet, pachete, pachet, منشیات, nasha",
	"DRUGS": "weed, drugs, coke, cocaine, crack, ket, ketamine, mdma, skunk, spice, nos, vodka, alcohol, booze, " +
		"beer, cider, narkotyki, trawka, alkohol, wodka, droguri, iarba, alcool, منشیات, شراب, sharab, " +
		"charas",
	"GIVE": "give, gives, gave, giving, given, buy, buys, bought, buying, got me, gets me, pay, pays, paid, " +
		"offer, offers, offered, free, daje, daja, dali, kupuje, kupil, dau, cumpara, ofera, دیتا, دیتے, " +
		"deta, dete, khareed",
	"GIFT": "stuff, things, money, cash, presents, gifts, clothes, trainers, phone, lifts, rides, food, vapes, " +
		"weed, drink, alcohol, nails, makeup, bani, pieniadze, prezenty, cadouri, پیسے, تحفے",
	"THEN": "then, after, afterwards, in return, in exchange, potem, apoi, phir, پھر",
	"EXPECT": "expect, expects, expected, stuff back, something back, want something, wants something, " +
		"wants stuff, want stuff, wants things, want things, wants favours, in return, pay back, owe, " +
		"owe them",
	"SECRET": "keep quiet, stay quiet, keep my mouth shut, our secret, our little secret, keep it a secret, " +
		"keep it secret, keep it quiet, not to tell, can not tell anyone, not allowed to tell, tajemnica, " +
		"nikomu nie mow, secretul, nu spune, kisi ko mat, kisi ko na, کسی کو مت",

	// Ordinary talk that makes a frightening word harmless.
	"EVERYDAY": "exam, exams, test, tests, results, spiders, spider, dark, heights, dogs, needles, injection, " +
		"injections, dentist, clowns, horror, film, films, movie, football, playing, played, fell, fall, " +
		"tripped, accident, pe, rugby, netball, gym, cooking, shaving, sport, training, interview, " +
		"presentation, skateboard, bike, revision, revising, study, studying, homework, game, gaming",
	// Hurt in play or by accident.
	"INJURY": "snowball, snowballs, pillow, ball, nerf, play fight, playfighting, messing about, messing around, " +
		"fell, fall, fallen, falling, tripped, slipped, football, rugby, pe, netball, training, match, " +
		"accident, playing, sport",
	"ATFIRST": "at first, at the start, first time, to begin with, used to",
	// A topic talked about, not lived: "the session on self harm".
	"ABOUT": "session on, session about, page on, page about, talk on, talk about, leaflet on, leaflet about, " +
		"workshop on, workshop about, lesson on, lesson about, learned about, learnt about, " +
		"taught us about, video on, video about, assembly on, assembly about, poster about, posters about, " +
		"prevention, awareness",
	// Phrases that blank out their words: "killing time", "hit me up".
	"IDIOM": "die of embarrassment, die of shame, die of boredom, die of laughter, die my hair, die her hair, " +
		"dye my hair, locked me out, lock me out, killing it, killed it, kill it, killing time, kill time, " +
		"dying of laughter, dying laughing, died laughing, die laughing, dying to, die for that, " +
		"die for a, die for it, bored to death, dead tired, dead on my feet, dead funny, dead good, " +
		"dead nice, dead easy, dead boring, dead serious, dead quiet, phone died, phone is dead, " +
		"phone dead, battery died, battery dead, battery is dead, dead battery, could murder a, " +
		"murder a pizza, this is killing me, it is killing me, that is killing me, " +
		"killing myself laughing, hit me up, hit me back, beat me at, beat me to it, smashed it, smash it, " +
		"hurt my feelings, hurts my feelings, hurting my feelings, hurts my eyes, hurt my eyes, " +
		"hurts my head, hurts my brain, grab me a, grab me some, shot me a, a shot, locked out, " +
		"lock screen, knife crime, gun crime, panic attack, panic attacks, not joking, not kidding, " +
		"no joke, find me a, get me a, get me some, carry on with, skipping rope, go on monday, " +
		"go on tuesday, go on wednesday, go on thursday, go on friday, go on saturday, go on sunday, " +
		"go on today, go on tomorrow, go on the weekend, allowed to go out, allowed out, let me go out, " +
		"let me out late, let me stay out, owe you, owe you one, in touch, touch base, cut myself off, " +
		"shoot me a, go on the, go on a, go on my, go on it, go on holiday, go on there, live with, " +
		"live there, live at, live near, live here, live in a, live in the, live in my, live in care, " +
		"live in foster, wake up early, wake up at, out of bed, cut back, cutting back, cut down, " +
		"cutting down, cut off, cut out, sex ed, sex education, sexual health, safe sex, sexuality, " +
		"help me with, helped me, it helps, that helps, scared the life out of, self harm page, " +
		"suicide prevention, dying my hair, dyeing, hit the, hit it off, kill me now",
}

// rules say which concepts, found together within a few words, mean danger, self-harm or
// a disclosure. Terms may come in any order unless joined by ">"; "A/B" is either. A rule
// with neg is cancelled by a "not" just before it, notAfter by words just before it ("my
// mum will kill me"), notNear by words around it ("killing myself laughing").
var rules = []rule{
	// Danger now.
	{kind: Danger, terms: "ALARM", neg: true},
	{kind: Danger, terms: "RUNAWAY", notNear: "ATFIRST"},
	{kind: Danger, terms: "AM > HIDE", within: 2},
	{kind: Danger, terms: "HURT > ME/MY", within: 3, notAfter: "I IDIOMSUBJ", notNear: "INJURY"},
	{kind: Danger, terms: "ME > HURT", within: 3, notAfter: "IDIOMSUBJ"},
	{kind: Danger, terms: "PERSON > HURT > OBJ", within: 3, notAfter: "IDIOMSUBJ"},
	{kind: Danger, terms: "THREATEN ME/MY/VICTIM/PICS/KILL/HURT", within: 4},
	{kind: Danger, terms: "PERSON > KILL > ME/MY/VICTIM", within: 5, notAfter: "FAMILY", notNear: "LAUGH"},
	{kind: Danger, terms: "ME > KILL", within: 2, notAfter: "FAMILY IDIOMSUBJ", notNear: "LAUGH"}, // "mă omoară", "مجھے مار دے گا"
	{kind: Danger, terms: "WEAPON PERSON/ME/MY/THREATEN", within: 5},
	{kind: Danger, terms: "FEAR AM/NOW/OBJ", within: 4, neg: true, notNear: "EVERYDAY ATFIRST"},
	{kind: Danger, terms: "ME > FEAR", within: 2, neg: true, notNear: "EVERYDAY ATFIRST"},
	{kind: Danger, terms: "PERSON > FEAR > ME", within: 3, notNear: "EVERYDAY ATFIRST"},
	{kind: Danger, terms: "FEAR > ME", within: 1, notAfter: "IDIOMSUBJ", notNear: "EVERYDAY ATFIRST LAUGH"},
	{kind: Danger, terms: "PASSIVE > THREATEN", within: 1, neg: true},
	{kind: Danger, terms: "LOCK ME/INSIDE", within: 3, notNear: "EVERYDAY"},
	{kind: Danger, terms: "STUCK PLACE", within: 2},
	{kind: Danger, terms: "NEG LET LEAVE", within: 5},
	{kind: Danger, terms: "MAKE > STAY", within: 3, notAfter: "FAMILY", notNear: "EVERYDAY"},
	{kind: Danger, terms: "CAN NEG ESCAPE", within: 3},
	{kind: Danger, terms: "TAKE PHONE", within: 3, notAfter: "I FAMILY"},
	{kind: Danger, terms: "DRIVE > ME > DEST", within: 5, notAfter: "I FAMILY"},
	{kind: Danger, terms: "FOLLOW ME/MY", within: 3, notNear: "PLATFORM"},
	{kind: Danger, terms: "PASSIVE > FOLLOW", within: 1, neg: true, notNear: "PLATFORM"},
	{kind: Danger, terms: "PASSIVE > HURT", within: 1, neg: true, notNear: "EVERYDAY LAUGH"},
	{kind: Danger, terms: "FEAR > HOME", within: 3, neg: true, notNear: "EVERYDAY ATFIRST"},
	{kind: Danger, terms: "PERSON OUTSIDE", within: 2},
	{kind: Danger, terms: "OUTSIDE HOME PERSON/WAITING", within: 7},
	{kind: Danger, terms: "HELP URGENT", within: 4, neg: true, notAfter: "HELPERS", notNear: "ERRAND THANKS"},
	{kind: Danger, terms: "HELP SHORT", within: 4, neg: true, notNear: "ERRAND THANKS"},
	{kind: Danger, terms: "COME HURRY/SOMEONE", within: 3, neg: true},
	{kind: Danger, terms: "AM > INJURED", within: 2},
	{kind: Danger, terms: "PERSON > INTEND > FINDME", within: 4},
	{kind: Danger, terms: "ONWAY HOME", within: 4, notNear: "FAMILY"},
	{kind: Danger, terms: "SAY > DEADTHREAT", within: 4, notNear: "LAUGH"},
	{kind: Danger, terms: "PASSIVE > DRIVE > DEST", within: 4},
	{kind: Danger, terms: "DANGERWORD IN/AM/ME/MY/VICTIM/PERSON", within: 2, neg: true, notAfter: "IF"},
	{kind: Danger, terms: "NEG SAFE", within: 3, notAfter: "IF"},
	{kind: Danger, terms: "NEG LOST", within: 3},

	// Self-harm and suicide.
	{kind: SelfHarm, terms: "SUICIDE", neg: true, notAfter: "ABOUT"},
	{kind: SelfHarm, terms: "IF > I > DIE/GONE", within: 3},
	{kind: SelfHarm, terms: "HOPELESS"},
	{kind: SelfHarm, terms: "WANT > DIE", within: 4, neg: true},
	{kind: SelfHarm, terms: "WANT DIEUR", within: 3, neg: true},
	{kind: SelfHarm, terms: "SELFACT MYSELF", within: 2, neg: true, notNear: "EVERYDAY LAUGH"},
	{kind: SelfHarm, terms: "INTEND/WANT > ENDIT", within: 3, neg: true},
	{kind: SelfHarm, terms: "INTEND > CUT", within: 2, notNear: "ORDCUT"},
	{kind: SelfHarm, terms: "GIVEUP ALLOF/MYSELF", within: 3},
	{kind: SelfHarm, terms: "METHOD", notNear: "EVERYDAY"},
	{kind: SelfHarm, terms: "WANT > ALLOF > END", within: 5, neg: true},
	{kind: SelfHarm, terms: "WANT > GONE", within: 3, neg: true},
	{kind: SelfHarm, terms: "TIRED > LIFE/ALLOF", within: 3},
	{kind: SelfHarm, terms: "WANT > JOIN > HEAVEN", within: 8},
	{kind: SelfHarm, terms: "PLAN PILLS", within: 4},
	{kind: SelfHarm, terms: "CAN NEG GOON", within: 4},
	{kind: SelfHarm, terms: "NEG WANT LIVE", within: 5, notNear: "ATFIRST"},
	{kind: SelfHarm, terms: "WANT NEG WAKE", within: 7},
	{kind: SelfHarm, terms: "THINKABOUT > DIE/SUICIDE/ENDIT", within: 3},
	{kind: SelfHarm, terms: "NOBODY CARE DIE/LIVE/GONE", within: 6},
	{kind: SelfHarm, terms: "POINT LIFE", within: 6},
	{kind: SelfHarm, terms: "CUT BODY", within: 3, notNear: "ORDCUT"},
	{kind: SelfHarm, terms: "PILLS LOTS/MANY", within: 4},
	{kind: SelfHarm, terms: "JUMP HEIGHT", within: 5},
	{kind: SelfHarm, terms: "WANT DISAPPEAR", within: 4, neg: true},

	// Disclosure.
	{kind: Disclosure, terms: "EXPLOITED", neg: true, notAfter: "ABOUT"},
	{kind: Disclosure, terms: "FORCE ME", within: 2, notAfter: "FAMILY"},
	{kind: Disclosure, terms: "MAKE/HAVETO > GOWITH > PARTNER/MATES/OLDER", within: 6},
	{kind: Disclosure, terms: "TOPIC > ME", within: 1},
	{kind: Disclosure, terms: "THIS > TOPIC", within: 2},
	{kind: Disclosure, terms: "PARTNER OLDER", within: 4},
	{kind: Disclosure, terms: "PARTNER > AGE", within: 3},
	{kind: Disclosure, terms: "AGE > YEAROLD > PARTNER", within: 5},
	{kind: Disclosure, terms: "MAKE THINGS", within: 5},
	{kind: Disclosure, terms: "MAKE/HAVETO MATES", within: 6},
	{kind: Disclosure, terms: "THINGS OLDER/MATES/AGE", within: 4},
	{kind: Disclosure, terms: "THINGS NEG WANT", within: 6},
	{kind: Disclosure, terms: "OWE PERSON", within: 6},
	{kind: Disclosure, terms: "OWE MONEY", within: 6, notNear: "FAMILY"},
	{kind: Disclosure, terms: "TOUCH ME/PRIVATE", within: 3, notAfter: "IDIOMSUBJ"},
	{kind: Disclosure, terms: "SEX ME/MAKE/OLDER/MATES/AGE/MONEY/PARTNER/GIVE", within: 5},
	{kind: Disclosure, terms: "PICS SHARE PERSON", within: 8},
	{kind: Disclosure, terms: "PICS MONEY PERSON", within: 6},
	{kind: Disclosure, terms: "STRANGER > GIVE > GIFT", within: 5, notAfter: "FAMILY"},
	{kind: Disclosure, terms: "PERSON > FILMED > ME", within: 3},
	{kind: Disclosure, terms: "PARTNER > MONEY > ME", within: 3, notAfter: "FAMILY"},
	{kind: Disclosure, terms: "IF NEG SHARE PERSON", within: 10}, // "if i dont, he'll tell everyone"
	{kind: Disclosure, terms: "PICS ASK PERSON/ONLINE/OLDER", within: 6},
	{kind: Disclosure, terms: "PICS OFME PERSON", within: 5},
	{kind: Disclosure, terms: "PARTY OLDER/AGE/MATES/HAVETO/DRUGS", within: 6},
	{kind: Disclosure, terms: "CARRY PACKAGES/MONEY", within: 4},
	{kind: Disclosure, terms: "CARRY STUFF FORTHEM", within: 5},
	{kind: Disclosure, terms: "CARRY > FORTHEM", within: 1},
	{kind: Disclosure, terms: "GIVE CARRY STUFF", within: 6},
	{kind: Disclosure, terms: "MONEY THINGS", within: 4},
	{kind: Disclosure, terms: "GIVE DRUGS", within: 4},
	{kind: Disclosure, terms: "GIVE THEN OWE/EXPECT", within: 8},
	{kind: Disclosure, terms: "ONLINE MEET PERSON", within: 8},
	{kind: Disclosure, terms: "SECRET PERSON", within: 6},
}

// fuzzy names the concepts whose words of six or more letters a slip of the keyboard is
// mended towards ("supicide", "dangr", "terrifed"); "older" and "alive" stay out, being too
// close to ordinary words ("order", "alike").
var fuzzy = set("ALARM HURT KILL THREATEN WEAPON FEAR DANGERWORD SUICIDE SELFACT MYSELF CUT PILLS " +
	"EXPLOITED TOPIC TOUCH SEX LOCK FOLLOW HELP DISAPPEAR PARTNER OWE PICS")

// plainWords are everyday words one slip away from a risk word ("based", "bashed"): they are
// never respelled.
var plainWords = set("treat treats tapped based strange tables tablet meditation mediation snack snacks " +
	"snacked pumped rapping reaping staring stare spike spied violate viola killer locker sacked splitting " +
	"fondly sacred kicker bearing")
