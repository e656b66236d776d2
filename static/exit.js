// Quick exit: works as a plain link without this file. With it, any speech
// stops and the page is blanked at once, history is replaced so Back does not
// return here, and pressing Shift three times in a row does the same from
// anywhere.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) return;
  var presses = [];

  function leave(event) {
    if (event) event.preventDefault();
    if (window.speechSynthesis) window.speechSynthesis.cancel();
    document.documentElement.className += " leaving";
    document.title = "";
    window.location.replace(link.href);
  }

  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    // Only Shift pressed on its own counts: Shift+Tab, moving backwards
    // through the page, must never throw a keyboard user off the site.
    if (event.key !== "Shift") {
      presses = [];
      return;
    }
    if (event.repeat) return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1500; });
    presses.push(now);
    if (presses.length >= 3) leave();
  });
})();
