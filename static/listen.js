// Listen: reads the page's main text aloud with a voice that lives on the
// device (the Web Speech API), so no audio is downloaded and the words are
// sent nowhere. Without this script, or without speech in the browser, the
// controls stay hidden and the page is as it was.
(function () {
  "use strict";
  var box = document.getElementById("listen");
  var speech = window.speechSynthesis;
  if (!box || !speech || !window.SpeechSynthesisUtterance) return;
  var play = box.querySelector(".listen-play");
  var label = play.querySelector("span");
  var icon = play.querySelector("path");
  var stop = box.querySelector(".listen-stop");
  var status = box.querySelector(".listen-status");
  var words = { idle: label.textContent, speaking: box.getAttribute("data-pause"), paused: box.getAttribute("data-resume") };
  var icons = { idle: icon.getAttribute("d"), speaking: "M6 5h4v14H6zm8 0h4v14h-4z", paused: "M7 4v16l13-8z" };
  var state = "idle";
  var run = 0; // counts readings, so events from a stopped one are ignored
  // English is read in a British voice where there is one.
  var preferred = { en: "en-gb" };

  box.hidden = false;
  speech.getVoices(); // some browsers only start finding their voices when asked

  function show(next) {
    state = next;
    label.textContent = words[next];
    icon.setAttribute("d", icons[next]);
    stop.hidden = next === "idle";
    if (next === "idle") status.textContent = "";
  }

  function halt() {
    run++;
    speech.cancel();
    show("idle");
  }

  play.addEventListener("click", function () {
    if (state === "speaking") {
      speech.pause();
      show("paused");
    } else if (state === "paused") {
      speech.resume();
      show("speaking");
    } else {
      start();
    }
  });
  stop.addEventListener("click", function () {
    halt();
    play.focus(); // the Stop button has gone: keep the keyboard's place
  });
  // Leaving the page, or sending its form, ends the reading at once.
  window.addEventListener("pagehide", halt);
  document.addEventListener("submit", halt);

  function start() {
    var mine = ++run;
    status.textContent = "";
    whenVoices(function (voices) {
      if (mine !== run) return;
      // A page is never read in a voice for another language: better to say so.
      var lang = document.documentElement.lang;
      var readable = !voiceFor(voices, lang) ? [] : pieces(document.getElementById("main")).filter(function (piece) {
        return (piece.voice = voiceFor(voices, piece.lang));
      });
      if (!readable.length) {
        status.textContent = box.getAttribute("data-novoice");
        return;
      }
      if (speech.speaking || speech.pending) speech.cancel();
      var left = readable.length;
      readable.forEach(function (piece) {
        var utterance = new SpeechSynthesisUtterance(piece.text);
        utterance.lang = piece.lang;
        utterance.voice = piece.voice;
        utterance.addEventListener("end", function () {
          if (mine === run && --left === 0) show("idle");
        });
        utterance.addEventListener("error", function () {
          if (mine === run) halt();
        });
        speech.speak(utterance);
      });
      if (speech.paused) speech.resume();
      show("speaking");
      status.textContent = box.getAttribute("data-note");
    });
  }

  // whenVoices calls done with the device's voices, waiting a moment for
  // browsers that find them only after the page has loaded.
  function whenVoices(done) {
    var voices = speech.getVoices();
    if (voices.length) return done(voices);
    var timer = setTimeout(ready, 2000);
    speech.addEventListener("voiceschanged", ready);
    function ready() {
      clearTimeout(timer);
      speech.removeEventListener("voiceschanged", ready);
      done(speech.getVoices());
    }
  }

  // voiceFor picks a voice on the device for a language ("ur" matches
  // "ur-PK" and "ur_IN"). Voices of an online service are passed over: they
  // would send the page's words away.
  function voiceFor(voices, lang) {
    var want = lang.toLowerCase().split("-")[0];
    var best = null;
    var score = function (voice) {
      return (voice.lang.toLowerCase().replace("_", "-") === preferred[want] ? 2 : 0) + (voice.default ? 1 : 0);
    };
    voices.forEach(function (voice) {
      if (voice.localService && voice.lang.toLowerCase().split(/[-_]/)[0] === want && (!best || score(voice) > score(best))) best = voice;
    });
    return best;
  }

  // pieces is the main text in reading order, a piece for each block (a
  // heading, a paragraph, a list item), each in its own language: a page not
  // yet translated is read in English by an English voice. Anything hidden,
  // what is typed or chosen in the form, and the small print naming the
  // page's sources are left out.
  function pieces(main) {
    var found = [];
    var text = "";
    var lang = "";
    function end() {
      text = text.replace(/\s+/g, " ").trim();
      if (text) found.push({ text: text, lang: lang });
      text = "";
    }
    function walk(parent) {
      for (var node = parent.firstChild; node; node = node.nextSibling) {
        if (node.nodeType === Node.TEXT_NODE) {
          if (!text.trim()) lang = parent.closest("[lang]").getAttribute("lang");
          text += node.data;
        } else if (node.nodeType === Node.ELEMENT_NODE && !node.matches("[aria-hidden=true], select, textarea, script, style, template, .sources")) {
          var display = getComputedStyle(node).display;
          if (display === "none") continue;
          if (node.tagName === "BR") text += " ";
          var block = display.indexOf("inline") !== 0;
          if (block) end();
          walk(node);
          if (block) end();
        }
      }
    }
    walk(main);
    end();
    return found;
  }
})();
