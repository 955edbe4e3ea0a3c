/* The explorer's filters: AND across facets, OR within one, plus a text
 * filter; every value shows how many records choosing it would leave.
 * The state lives in the URL (?sektor=omsorg&lan=kalmar-lan&q=…), so a view
 * can be bookmarked and shared, and back/forward move between views.
 *
 * The page holds the filters with the whole hub's counts and the first rows
 * (macros/kortkoder/utforskare.md.j2); the rest is in utforska/data/, written
 * by tillitsnavet/render/explorer.py: index.js (every record's facet values,
 * loaded at once so counts stay exact), rader-N.js (what rows show, loaded
 * for the rows on screen) and ord-N.js (words, loaded when someone types).
 * They are scripts, not fetch(): the offline archive runs from a folder on
 * disk, where fetch() is refused. Record text reaches the page as text
 * nodes only, never as HTML.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-hub-utforskare]");
  if (!root) return;
  var form = root.querySelector("form");
  var text = form.querySelector("input[name=q]");
  var counter = root.querySelector("#hub-traffar");
  var list = root.querySelector(".hub-poster");
  var more = root.querySelector("[data-hub-fler]");
  var toggle = root.querySelector("[data-hub-filterknapp]");
  var panel = root.querySelector("#hub-filterpanel");
  var showButton = root.querySelector("[data-hub-visa]");
  var activeBox = root.querySelector("[data-hub-aktiva]");
  var activeList = activeBox.querySelector("ul");
  var activeStatus = root.querySelector("[data-hub-aktiva-status]");
  var printed = document.querySelector(".hub-utskriftsadress"); // the address a printout shows
  var printedBase = printed ? printed.textContent : "";
  var baseTitle = document.title; // "Utforska - Tillitsnavet": the page's name, then the site's
  var titleCut = baseTitle.lastIndexOf(" - ");
  var pageName = titleCut > 0 ? baseTitle.slice(0, titleCut) : baseTitle;
  var siteName = titleCut > 0 ? baseTitle.slice(titleCut) : "";
  var attr = function (name) { return root.getAttribute("data-hub-" + name); };
  var total = +attr("antal"), pageSize = +attr("sida");
  var rowChunk = +attr("rader"), textChunk = +attr("ord");
  var base = attr("data"), version = attr("version");
  var slice = Array.prototype.slice;
  var facets = slice.call(form.querySelectorAll("[data-facett]")).map(function (el) {
    return { key: el.getAttribute("data-facett"), el: el,
             boxes: slice.call(el.querySelectorAll("input[type=checkbox]")),
             chosen: el.querySelector(".hub-valda"),
             legend: el.querySelector("legend").textContent.trim() };
  });
  // A value's own words, as its label shows them ("Kalmar län"), without the count.
  function valueLabel(box) {
    var node = box.nextSibling;
    return node && node.nodeType === 3 ? node.textContent.trim() : box.value;
  }

  // The same folding as tillitsnavet/render/explorer.py: lower case, no diacritics.
  function fold(s) {
    return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  function many(n, one, several) { return n + " " + (n === 1 ? one : several); }

  // --- the data files -----------------------------------------------------

  var loaded = {}, waiting = {}, broken = false;
  window.hubUtforskaData = function (fileVersion, name, data) {
    if (fileVersion !== version) { fail(); return; } // a file from another build
    loaded[name] = data;
    var callbacks = waiting[name] || [];
    delete waiting[name];
    callbacks.forEach(function (callback) { callback(); });
  };

  function fail() {
    if (broken) return;
    broken = true;
    list.removeAttribute("aria-busy");
    counter.textContent = "Posterna kunde inte hämtas. Ladda om sidan.";
  }

  // Run done() once every named file is there; files load once, as scripts.
  function load(names, done) {
    var missing = names.filter(function (name) { return !(name in loaded); });
    var left = missing.length;
    if (!left) { done(); return; }
    missing.forEach(function (name) {
      var first = !waiting[name];
      (waiting[name] = waiting[name] || []).push(function () { if (--left === 0) done(); });
      if (!first) return;
      var script = document.createElement("script");
      script.src = base + name + ".js";
      script.onerror = fail;
      document.head.appendChild(script);
    });
  }

  // index.js: per facet, one segment per record (space-separated), one
  // character per value: its position in the facet (explorer.py's _code).
  var ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var values = null; // values[f][i]: the positions of record i's values in facet f
  function decodeIndex() {
    values = facets.map(function (facet) {
      var column = loaded.index.f[facet.key] || "";
      return column.split(" ").map(function (segment) {
        var found = [];
        for (var j = 0; j < segment.length; j++) {
          var code = segment.charCodeAt(j);
          found.push(code < 256 ? ALPHABET.indexOf(segment[j]) : code - 256);
        }
        return found;
      });
    });
  }

  var texts = null;
  function textFiles() {
    var names = [];
    for (var i = 0; i * textChunk < total; i++) names.push("ord-" + i);
    return names;
  }

  // --- filtering ----------------------------------------------------------

  function chosen() {
    return facets.map(function (facet) {
      return facet.boxes.map(function (box) { return box.checked; });
    });
  }

  function wordsOf(value) { return fold(value).split(/\s+/).filter(Boolean); }

  var matches = null; // positions of the records shown, in list order
  var shown = pageSize;

  function apply() {
    if (broken) return;
    showChosen(); // needs no data: named at once, so nothing moves later
    var words = wordsOf(text.value);
    if (!values || (words.length && !texts)) { // not there yet: apply again when it is
      list.setAttribute("aria-busy", "true");
      load(words.length ? ["index"].concat(textFiles()) : ["index"], function () {
        if (!values) decodeIndex();
        if (words.length && !texts) texts = textFiles().reduce(function (all, name) {
          return all.concat(loaded[name]);
        }, []);
        apply();
      });
      return;
    }
    var state = chosen();
    var wanted = state.map(function (boxes) { return boxes.some(Boolean); });
    var found = [], misses = new Array(total), textOk = new Array(total);
    for (var i = 0; i < total; i++) {
      var row = texts ? texts[i] : "";
      textOk[i] = words.every(function (w) { return row.indexOf(w) !== -1; });
      var missed = [];
      for (var f = 0; f < facets.length; f++) {
        if (wanted[f] && !values[f][i].some(function (v) { return state[f][v]; })) missed.push(f);
      }
      misses[i] = missed;
      if (textOk[i] && !missed.length) found.push(i);
    }
    // How many would remain with a value: every other facet as chosen, this facet = the value.
    facets.forEach(function (facet, f) {
      var counts = facet.boxes.map(function () { return 0; });
      for (var i = 0; i < total; i++) {
        if (!textOk[i] || misses[i].some(function (k) { return k !== f; })) continue;
        values[f][i].forEach(function (v) { counts[v]++; });
      }
      var picked = 0;
      facet.boxes.forEach(function (box, v) {
        var label = box.parentNode, n = counts[v];
        label.querySelector(".hub-antal").textContent = "(" + n + ")";
        label.querySelector(".hub-antal-text").textContent = ", " + many(n, "post", "poster");
        label.classList.toggle("hub-tom", n === 0 && !box.checked);
        if (box.checked) picked++;
      });
      facet.chosen.textContent = picked ? " (" + picked + " " + (picked === 1 ? "vald" : "valda") + ")" : "";
    });
    var picks = state.reduce(function (n, boxes) { return n + boxes.filter(Boolean).length; }, 0);
    toggle.querySelector(".hub-valda-alla").textContent = picks ? "(" + picks + " " + (picks === 1 ? "vald" : "valda") + ")" : "";
    counter.textContent = found.length === total ? many(total, "post", "poster")
      : found.length + " av " + many(total, "post", "poster") + " visas";
    showButton.textContent = "Visa " + many(found.length, "post", "poster");
    nothing(found.length === 0 && total > 0, text.value.trim());
    matches = found;
    render();
  }

  // --- the chosen filters, by name -------------------------------------------

  // The filters in the order they were chosen: "q" (the words) or "key=value".
  // The URL keeps this order, so a shared link names them the same way.
  var order = [];
  function syncOrder() {
    var now = [];
    if (wordsOf(text.value).length) now.push("q");
    facets.forEach(function (facet) {
      facet.boxes.forEach(function (box) { if (box.checked) now.push(facet.key + "=" + box.value); });
    });
    order = order.filter(function (t) { return now.indexOf(t) !== -1; })
      .concat(now.filter(function (t) { return order.indexOf(t) === -1; }));
  }
  function boxOf(token) {
    var cut = token.indexOf("="), key = token.slice(0, cut), value = token.slice(cut + 1);
    for (var f = 0; f < facets.length; f++) {
      if (facets[f].key !== key) continue;
      for (var b = 0; b < facets[f].boxes.length; b++) {
        if (facets[f].boxes[b].value === value) return { facet: facets[f], box: facets[f].boxes[b] };
      }
    }
    return null;
  }
  // What a filter is called: in full on its button ("Län: Kalmar län"), short in the title.
  function named(token) {
    if (token === "q") {
      var quoted = "\u201d" + text.value.trim() + "\u201d";
      // the status line says only that there are words: it does not speak at every letter
      return { full: "Ord: " + quoted, short: quoted, spoken: "orden i textfältet" };
    }
    var found = boxOf(token), label = valueLabel(found.box);
    return { full: found.facet.legend + ": " + label, short: label };
  }
  function drop(token) {
    if (token === "q") text.value = "";
    else boxOf(token).box.checked = false;
    shown = pageSize;
    apply(); toUrl(true);
  }

  var drawnOrder = null, spokenOrder = "";
  function showChosen() {
    syncOrder();
    var key = order.join("&") + "\u0000" + text.value.trim();
    if (key === drawnOrder) return;
    drawnOrder = key;
    // the status line speaks when a filter comes or goes, not at every letter typed
    var speak = order.join("&") !== spokenOrder;
    spokenOrder = order.join("&");
    var names = order.map(named);
    while (activeList.firstChild) activeList.removeChild(activeList.firstChild);
    order.forEach(function (token, i) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "hub-aktiv";
      button.setAttribute("data-hub-filter", token);
      var cross = span("hub-aktiv__kryss", "\u2715 ");
      cross.setAttribute("aria-hidden", "true");
      button.appendChild(cross);
      button.appendChild(document.createTextNode(names[i].full));
      // what it does, with the words it shows (WCAG 2.5.3)
      button.setAttribute("aria-label", "Ta bort filtret " + names[i].full);
      button.addEventListener("click", function () {
        var at = order.indexOf(token);
        drop(token);
        // the focus stays in the row: the next filter, else the one before, else the count
        var buttons = activeList.querySelectorAll("button");
        var next = buttons[Math.min(at, buttons.length - 1)];
        (next || counter).focus();
      });
      li.appendChild(button);
      activeList.appendChild(li);
    });
    activeBox.hidden = !order.length;
    if (speak) activeStatus.textContent = order.length
      ? "Valda filter: " + names.map(function (n) { return n.spoken || n.full; }).join(", ") + "."
      : (activeStatus.textContent ? "Inga filter valda." : "");
    document.title = order.length
      ? pageName + ": " + names.map(function (n) { return n.short; }).join(", ") + siteName
      : baseTitle;
  }

  // No record left: say so, and offer the way on (the site's search finds
  // words on every page, inflected, where this filter takes them literally;
  // it needs a web server, sok.js). Clearing the filters is the other way.
  var empty = document.createElement("p");
  empty.className = "hub-inga";
  empty.hidden = true;
  list.parentNode.insertBefore(empty, list.nextSibling);
  function nothing(none, words) {
    empty.hidden = !none;
    if (!none) return;
    empty.textContent = words ? "Ingen post innehåller \u201d" + words + "\u201d. "
      : "Ingen post har alla de valda filtren. ";
    var header = document.querySelector("[data-hub-sok] form");
    if (words && header && location.protocol !== "file:") {
      var ask = document.createElement("button");
      ask.type = "button";
      ask.className = "md-button md-button--primary";
      ask.textContent = "Sök efter \u201d" + words + "\u201d på hela webbplatsen";
      ask.addEventListener("click", function () {
        header.querySelector("input[name=q]").value = words;
        header.requestSubmit();
      });
      empty.appendChild(ask);
      empty.appendChild(document.createTextNode(" "));
    }
    if (order.length > 1) { // with one filter, dropping it is clearing them all
      var last = order[order.length - 1];
      var back = document.createElement("button");
      back.type = "button";
      back.className = "md-button";
      back.setAttribute("data-hub-ta-bort-sista", last);
      back.textContent = "Ta bort det senaste filtret (" + named(last).full + ")";
      back.addEventListener("click", function () { drop(last); counter.focus(); });
      empty.appendChild(back);
      empty.appendChild(document.createTextNode(" "));
    }
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "md-button";
    clear.textContent = "Rensa alla filter";
    clear.addEventListener("click", function () { root.querySelector("[data-hub-rensa]").click(); });
    empty.appendChild(clear);
  }

  // --- the rows -----------------------------------------------------------

  // The rows drawn so far, by position; the page's own are the first ones.
  var nodes = {};
  slice.call(list.children).forEach(function (li, i) { nodes[i] = li; });

  function span(className, content) {
    var el = document.createElement("span");
    el.className = className;
    el.textContent = content;
    return el;
  }

  // The evidence levels, strongest first (records/kinds.py EVIDENCE_LEVELS).
  var LEVELS = ["forskningsuppf\u00f6ljt", "beskrivet", "omn\u00e4mnt"];

  // One row as the page draws it (utforskare.md.j2's macro rad).
  function rowNode(data) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = data[0];
    link.textContent = data[1];
    li.appendChild(link);
    if (data[5]) { li.appendChild(document.createTextNode(" ")); li.appendChild(span("hub-utkast", "Utkast")); }
    li.appendChild(document.createTextNode(" "));
    // The evidence badge: its rank, strongest first, in words and as three steps (komponenter.j2).
    var rank = LEVELS.indexOf(data[2]) + 1;
    var badge = span("hub-underlag hub-underlag--" + fold(data[2]), "");
    var steps = span("hub-steg", "\u25cf\u25cf\u25cf".slice(0, 4 - rank) + "\u25cb\u25cb".slice(0, rank - 1));
    steps.setAttribute("aria-hidden", "true");
    badge.appendChild(steps);
    badge.appendChild(document.createTextNode(" Underlag " + rank + " av " + LEVELS.length + ": " + data[2]));
    li.appendChild(badge);
    li.appendChild(document.createTextNode("\n"));
    var meta = span("hub-poster__meta", "");
    data[3].forEach(function (part, i) {
      meta.appendChild(document.createTextNode((i ? " · " : "") + part[0]));
      if (part[1]) {
        meta.appendChild(document.createTextNode(" "));
        meta.appendChild(span("hub-obekraftat", "(inte bekräftat av källorna)"));
      }
    });
    li.appendChild(meta);
    li.appendChild(document.createTextNode("\n"));
    li.appendChild(span("hub-poster__sammanfattning", data[4]));
    li.appendChild(document.createTextNode("\n"));
    return li;
  }

  function render(then) {
    var want = matches.slice(0, shown);
    var files = {};
    want.forEach(function (i) {
      var name = "rader-" + Math.floor(i / rowChunk);
      if (!nodes[i] && !(name in loaded)) files[name] = true;
    });
    var names = Object.keys(files);
    if (names.length) { // render again once they are here, with the view of that moment
      list.setAttribute("aria-busy", "true");
      load(names, function () { render(then); });
      return;
    }
    var rows = document.createDocumentFragment();
    want.forEach(function (i) {
      if (!nodes[i]) nodes[i] = rowNode(loaded["rader-" + Math.floor(i / rowChunk)][i % rowChunk]);
      rows.appendChild(nodes[i]);
    });
    while (list.firstChild) list.removeChild(list.firstChild);
    list.appendChild(rows);
    list.removeAttribute("aria-busy");
    var left = matches.length - want.length;
    more.parentNode.hidden = left <= 0;
    more.textContent = "Visa fler poster (" + left + " till)";
    if (then) then();
  }

  more.addEventListener("click", function () {
    if (!matches) { // the page's own first rows: everything, nothing chosen
      matches = [];
      for (var i = 0; i < total; i++) matches.push(i);
    }
    var first = shown;
    shown += pageSize;
    render(function () { // the first new row's link, for keyboard and screen reader users
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    });
  });

  // --- the URL --------------------------------------------------------------

  function toUrl(push) {
    syncOrder();
    var params = new URLSearchParams();
    if (text.value.trim() && order.indexOf("q") === -1) params.set("q", text.value.trim());
    order.forEach(function (token) {
      if (token === "q") { params.set("q", text.value.trim()); return; }
      var cut = token.indexOf("=");
      params.append(token.slice(0, cut), token.slice(cut + 1));
    });
    var query = params.toString();
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      history[push ? "pushState" : "replaceState"](null, "", url);
    }
    showAddress();
  }

  // A printout shows the page's address at the top (overrides/main.html): with the filters.
  function showAddress() {
    if (printedBase) printed.textContent = printedBase + location.search;
  }

  function fromUrl() {
    var params = new URLSearchParams(location.search);
    text.value = params.get("q") || "";
    var any = !!wordsOf(text.value).length;
    facets.forEach(function (facet) {
      var wanted = params.getAll(facet.key);
      facet.boxes.forEach(function (box) {
        box.checked = wanted.indexOf(box.value) !== -1;
        any = any || box.checked;
      });
    });
    // the order the link names them in ("the last filter" is its last one)
    order = [];
    params.forEach(function (value, key) {
      var token = key === "q" ? "q" : key + "=" + value;
      if (order.indexOf(token) === -1 && (key === "q" || boxOf(token))) order.push(token);
    });
    showChosen();
    showAddress();
    shown = pageSize;
    // The page already shows the unfiltered view; anything else needs the index.
    if (any || matches) apply();
  }

  // --- events ---------------------------------------------------------------

  form.addEventListener("change", function (event) {
    if (event.target.type === "checkbox") { shown = pageSize; apply(); toUrl(true); }
  });
  var timer = null;
  text.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { shown = pageSize; apply(); toUrl(false); }, 150);
  });
  root.querySelector("[data-hub-rensa]").addEventListener("click", function () {
    facets.forEach(function (facet) { facet.boxes.forEach(function (box) { box.checked = false; }); });
    text.value = "";
    shown = pageSize;
    apply(); toUrl(true);
    text.focus();
  });
  // On a phone the filters fold away; "Visa N poster" folds them and goes to the rows.
  function openPanel(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    panel.classList.toggle("hub-oppen", open);
  }
  toggle.addEventListener("click", function () {
    openPanel(toggle.getAttribute("aria-expanded") !== "true");
  });
  showButton.addEventListener("click", function () {
    openPanel(false);
    counter.scrollIntoView({ block: "start" });
    counter.focus();
  });
  window.addEventListener("popstate", fromUrl);

  load(["index"], function () { if (!values) decodeIndex(); });
  fromUrl();
})();
