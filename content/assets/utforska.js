/* The explorer's filters: AND across facets, OR within one, plus a text
 * filter; every value shows how many records choosing it would leave.
 * The state lives in the URL (?sektor=omsorg&lan=kalmar-lan&q=…), so a view
 * can be bookmarked and shared, and back/forward move between views.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-hub-utforskare]");
  if (!root) return;
  var form = root.querySelector("form");
  var text = form.querySelector("input[name=q]");
  var counter = root.querySelector("#hub-traffar");
  var items = Array.prototype.slice.call(root.querySelectorAll(".hub-poster > li"));
  var facets = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-facett]"))
    .map(function (f) { return f.getAttribute("data-facett"); });

  // The same folding as tillitsnavet/render/explorer.py: lower case, no diacritics.
  function fold(s) {
    return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  var rows = items.map(function (li) {
    var values = {};
    facets.forEach(function (key) {
      var raw = li.getAttribute("data-" + key) || "";
      values[key] = raw ? raw.split(" ") : [];
    });
    return { li: li, values: values, text: li.getAttribute("data-text") || "" };
  });

  function selected() {
    var state = {};
    facets.forEach(function (key) {
      state[key] = Array.prototype.slice.call(form.querySelectorAll("input[name=" + key + "]:checked"))
        .map(function (box) { return box.value; });
    });
    return state;
  }

  function matchesText(row, words) {
    return words.every(function (w) { return row.text.indexOf(w) !== -1; });
  }

  function matchesFacet(row, key, wanted) {
    if (!wanted.length) return true;
    return row.values[key].some(function (v) { return wanted.indexOf(v) !== -1; });
  }

  var boxes = {};
  facets.forEach(function (key) {
    boxes[key] = Array.prototype.slice.call(form.querySelectorAll("input[name=" + key + "]"));
  });

  function apply() {
    var state = selected();
    var words = fold(text.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    // One pass per facet over the rows (not per value), so 10,000 records stay quick.
    rows.forEach(function (row) {
      row.textOk = matchesText(row, words);
      row.misses = facets.filter(function (k) { return !matchesFacet(row, k, state[k]); });
      var hide = !(row.textOk && row.misses.length === 0);
      if (row.li.hidden !== hide) row.li.hidden = hide; // touch only rows that change
      if (!hide) shown++;
    });
    // How many would remain with a value: every other facet as chosen, this facet = the value.
    facets.forEach(function (key) {
      var counts = {};
      rows.forEach(function (row) {
        if (!row.textOk || row.misses.some(function (k) { return k !== key; })) return;
        row.values[key].forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      boxes[key].forEach(function (box) {
        var n = counts[box.value] || 0;
        var label = box.parentNode;
        label.querySelector(".hub-antal").textContent = "(" + n + ")";
        label.querySelector(".hub-antal-text").textContent = n === 1 ? ", 1 post" : ", " + n + " poster";
        label.classList.toggle("hub-tom", n === 0 && !box.checked);
      });
    });
    counter.textContent = shown === rows.length ? rows.length + " poster"
      : shown + " av " + rows.length + " poster visas";
  }

  function toUrl(push) {
    var params = new URLSearchParams();
    if (text.value.trim()) params.set("q", text.value.trim());
    var state = selected();
    facets.forEach(function (key) { state[key].forEach(function (v) { params.append(key, v); }); });
    var query = params.toString();
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      history[push ? "pushState" : "replaceState"](null, "", url);
    }
  }

  function fromUrl() {
    var params = new URLSearchParams(location.search);
    text.value = params.get("q") || "";
    facets.forEach(function (key) {
      var wanted = params.getAll(key);
      form.querySelectorAll("input[name=" + key + "]").forEach(function (box) {
        box.checked = wanted.indexOf(box.value) !== -1;
      });
    });
    apply();
  }

  form.hidden = false;
  form.addEventListener("change", function (event) {
    if (event.target.type === "checkbox") { apply(); toUrl(true); }
  });
  var timer = null;
  text.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { apply(); toUrl(false); }, 150);
  });
  root.querySelector("[data-hub-rensa]").addEventListener("click", function () {
    form.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = false; });
    text.value = "";
    apply(); toUrl(true);
    text.focus();
  });
  window.addEventListener("popstate", fromUrl);
  fromUrl();
})();
