// Quick exit: works as a plain link without this file. With it, any speech
// stops and the page is blanked at once, history is replaced so Back does not
// return here, and pressing Shift three times in a row does the same from
// anywhere.
//
// So that Back after the exit leads to the page before Heard, Heard keeps at
// most one entry of its own in the tab's history: moving between its pages,
// and sending its form, replace the current entry instead of adding one. The
// browser's own list of visited pages still holds every page: only clearing
// it removes them. Workers' pages keep ordinary history.
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

  if (!window.URL || /^\/workers\//.test(location.pathname)) return;

  // ours is a page of the public site: not another site, another scheme
  // (tel:, sms:), a file, or the workers' side.
  function ours(href) {
    var to = new URL(href, location.href);
    return to.origin === location.origin && !/^\/(workers|static)\//.test(to.pathname);
  }

  document.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest("a[href]");
    // A click meant for a new tab or window, or a download, is left alone.
    if (!a || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey ||
        event.shiftKey || event.altKey || (a.target && a.target !== "_self") || a.hasAttribute("download") ||
        !ours(a.href)) return;
    event.preventDefault();
    // A link within the page (#main) is replaced too: it would add an entry.
    window.location.replace(a.href);
  });

  // The form is sent by fetch so its answer replaces this entry: the thanks
  // page by its address, or the form again (a problem to put right) in place.
  // If anything goes wrong, the form is sent the ordinary way; its token
  // keeps a second sending from counting twice.
  var sending = false;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || form.method !== "post" || !window.fetch || !ours(form.action)) return;
    event.preventDefault();
    if (sending) return;
    sending = true;
    fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" })
      .then(function (response) {
        if (response.redirected && ours(response.url)) return window.location.replace(response.url);
        return response.text().then(function (html) {
          showInPlace(html);
          sending = false;
        });
      })
      .catch(function () { form.submit(); });
  });

  // showInPlace puts the main part of a page that came back from the form in
  // place of this one's.
  function showInPlace(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.getElementById("main");
    var main = document.getElementById("main");
    if (!fresh || !main) throw new Error("not a page of this site");
    main.replaceWith(document.adoptNode(fresh));
    document.title = page.title;
    fresh.focus();
  }
})();
