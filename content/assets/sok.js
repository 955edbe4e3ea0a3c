/* Tillitsnavet's header search, on Pagefind's JavaScript API.
 *
 * Pagefind's index is built from the finished site (Swedish stemming,
 * å/ä/ö folding, prefix matching, an index split into small chunks so a
 * first search on a phone downloads little). This file only draws the
 * results in Material's own result styles and keeps the box usable by
 * keyboard and screen reader. Without JavaScript, or opened from disk, the
 * form sends the words to the explorer page, which filters by text.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-hub-sok]");
  if (!box) return;
  var toggle = document.getElementById("__search");
  var input = box.querySelector("input[name=q]");
  var list = box.querySelector("#hub-sok-resultat");
  var status = box.querySelector("#hub-sok-status");
  var config = JSON.parse((document.getElementById("__config") || { textContent: "{}" }).textContent);
  var siteRoot = new URL((config.base || ".") + "/", location.href);
  var pagefind = null;
  var latest = 0;

  function open() { if (toggle) toggle.checked = true; input.focus(); }
  function close() { if (toggle) toggle.checked = false; input.blur(); }

  // One Pagefind index for the whole site (tillitsnavet/publish/search_index.py).
  function loadPagefind() {
    if (!pagefind) {
      var bundle = new URL(list.getAttribute("data-pagefind"), location.href);
      pagefind = import(bundle.href).then(function (module) {
        return module.options({ baseUrl: siteRoot.pathname, excerptLength: 24 }).then(function () {
          return module;
        });
      });
      pagefind.catch(function () { pagefind = null; }); // a later keystroke tries again
    }
    return pagefind;
  }

  function say(text) { status.textContent = text; }

  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    var kind = document.createElement("p");
    kind.className = "hub-sok-typ";
    kind.textContent = [data.meta.typ, data.meta.organisation, data.meta["län"]]
      .filter(Boolean).join(" · ");
    var excerpt = document.createElement("p");
    excerpt.className = "hub-sok-utdrag";
    excerpt.innerHTML = data.excerpt; // Pagefind escapes the text and adds only <mark>
    article.appendChild(title);
    if (kind.textContent) article.appendChild(kind);
    article.appendChild(excerpt);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function search() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { list.innerHTML = ""; say("Skriv för att söka"); return; }
    if (location.protocol === "file:") {
      say("Sökningen behöver en webbserver. Tryck Enter för att filtrera i Utforska i stället.");
      return;
    }
    loadPagefind().then(function (pf) { return pf.search(query); }).then(function (found) {
      if (ticket !== latest || !found) return null;
      return Promise.all(found.results.slice(0, 10).map(function (r) { return r.data(); }))
        .then(function (pages) {
          if (ticket !== latest) return;
          list.innerHTML = "";
          pages.forEach(function (p) { list.appendChild(item(p)); });
          var n = found.results.length;
          say(n === 0 ? "Inga träffar för \u201d" + query + "\u201d"
            : (n === 1 ? "1 träff" : n + " träffar") + " för \u201d" + query + "\u201d"
              + (n > 10 ? " (de 10 bästa visas; Enter visar alla i Utforska)" : ""));
        });
    }).catch(function () {
      say("Sökningen kunde inte laddas. Tryck Enter för att filtrera i Utforska.");
    });
  }

  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 120); });
  input.addEventListener("focus", function () { if (toggle) toggle.checked = true; });
  box.querySelector("button[type=reset]").addEventListener("click", function () {
    input.value = ""; search(); input.focus();
  });
  if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });

  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (!typing && (event.key === "/" || event.key === "s" || event.key === "S")) {
      event.preventDefault(); open();
    } else if (event.key === "Escape" && toggle && toggle.checked) {
      close();
      var button = document.querySelector("label.md-header__button[for=__search]");
      if (button) button.focus();
    } else if (event.key === "ArrowDown" && box.contains(document.activeElement)) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (links[at + 1]) { event.preventDefault(); links[at + 1].focus(); }
    } else if (event.key === "ArrowUp" && box.contains(document.activeElement)) {
      var all = Array.prototype.slice.call(list.querySelectorAll("a"));
      var here = all.indexOf(document.activeElement);
      if (here > 0) { event.preventDefault(); all[here - 1].focus(); }
      else if (here === 0) { event.preventDefault(); input.focus(); }
    }
  });
})();
