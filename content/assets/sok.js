/* Tillitsnavet's header search, on Pagefind's JavaScript API.
 *
 * Pagefind's index is built from the finished site (Swedish stemming, prefix
 * matching, an index in small chunks so a first search on a phone downloads
 * little), from copies of the pages with a few index-only words added
 * (tillitsnavet/publish/search_aids.py). This file turns what a reader typed
 * into Pagefind searches and orders what they find (docs/sok.md):
 *
 *   - Swedish stop words ("vad", "är", "hur") are left out, and each word is
 *     searched on its own: pages are ranked by how many of the words they
 *     have, so one missing word does not empty the list.
 *   - A word typed with å/ä/ö is searched in its marked form ("vård" as
 *     "vqard"), which only words written with å match; without dots a word
 *     finds both ("vard" finds vård and vardag).
 *   - A word in capitals (SKR) is searched whole, as an acronym.
 *   - A genitive ("Kalmars") is also searched without its s.
 *   - Pagefind answers a word it does not know with the longest shorter word
 *     the query begins with ("grundskola" gives "grunden"); such hits are
 *     dropped. A word nothing matches is split into two words of the whole
 *     site, in any of their forms ("tåginformation", "ersättningssystem"; a
 *     first part may be its thesaurus words), or replaced by the closest
 *     word the site has ("Visar träffar för …"); otherwise the box says
 *     there are none, or, when other words found pages, names it ("Inget
 *     för …").
 *   - A word the site lacks is searched as the site's words of its entry in
 *     the Swedish thesaurus (publish/sprak/), before compounds and typos.
 *   - The start page, lists, how-to and tag pages count at half their score.
 *
 * The start page's form asks this box too. Without JavaScript, or opened
 * from disk, both forms send the words to Utforska, which lists the records.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-hub-sok]");
  if (!box) return;
  var toggle = document.getElementById("__search");
  var form = box.querySelector("form");
  var input = box.querySelector("input[name=q]");
  var list = box.querySelector("#hub-sok-resultat");
  var status = box.querySelector("#hub-sok-status");
  var output = box.querySelector(".md-search__output");
  var config = JSON.parse((document.getElementById("__config") || { textContent: "{}" }).textContent);
  var siteRoot = new URL((config.base || ".") + "/", location.href);
  var bundleUrl = new URL(list.getAttribute("data-pagefind"), location.href);
  var pagefind = null;
  var latest = 0;

  // The header's search button on a phone (overrides/partials/header.html): a
  // real <button> that ticks Material's toggle; the change handler below
  // opens the box and moves focus into it.
  var opener = document.querySelector("button[data-hub-sokknapp]");
  if (opener && toggle) opener.addEventListener("click", function () {
    toggle.checked = !toggle.checked;
    toggle.dispatchEvent(new Event("change"));
  });
  // The box shows the five best hits; Enter shows all. Each hit shown is one
  // more file to download (about 2 KB): with ten, a first search at 1,000
  // records went past its 160 KB budget (docs/sok.md).
  var SHOWN = 5;

  // The Snowball project's Swedish stop words, as a reader types them in a question,
  // less those that carry meaning here: "efter", "utan", "mot", "under", "över",
  // "mellan", "inom", "sedan" ("vad hände efter tillitsdelegationen", "styrning utan
  // detaljstyrning"). "före" and "innan" were never on it.
  var STOP = ("och det att i en jag hon som han på den med var sig för så till är men ett om hade de " +
    "av icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde " +
    "något från ut när upp vi dem vara vad än dig kan sina här ha alla någon " +
    "eller allt mycket ju denna själv detta åt varit hur ingen mitt ni bli blev oss din " +
    "dessa några deras blir mina samma vilken er sådan vår blivit dess sådant varför " +
    "varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra ert era vilkas finns fanns " +
    "gör gjorde göra får fick kom").split(" ");

  // --- the same encodings as tillitsnavet/publish/search_aids.py ---------
  var START = "qqsokhjalpqq";
  var INSERTED = "\u2063";
  function fold(word) {
    return word.toLowerCase().replace(/[åä]/g, "a").replace(/ö/g, "o").replace(/[éè]/g, "e")
      .replace(/ü/g, "u").replace(/[áà]/g, "a");
  }
  function mark(word) {
    var lower = word.toLowerCase();
    var marked = lower.replace(/å/g, "qa").replace(/ä/g, "qe").replace(/ö/g, "qo");
    return marked === lower ? null : marked;
  }
  function acronym(word) {
    return /^[A-ZÅÄÖ]{2,6}$/.test(word) ? "qz" + fold(word) + "qz" : null;
  }
  function bare(word) { return fold(word).replace(/[^a-z0-9q]/g, ""); }

  // The Snowball Swedish stemmer, which Pagefind uses (snowballstem.org/algorithms/swedish):
  // only to tell a real match from Pagefind's fallback to a shorter word.
  var VOWEL = /[aeiouyäåö]/;
  var STEP1 = ("heterna hetens anden heten heter arnas ernas ornas andes arens andet arna erna orna " +
    "ande arne aste aren ades erns ade are ern ens het ast ad en ar er or as es at a e").split(" ");
  function stem(word) {
    var w = word.toLowerCase();
    var r1 = w.length;
    for (var i = 1; i < w.length; i++) {
      if (!VOWEL.test(w[i]) && VOWEL.test(w[i - 1])) { r1 = i + 1; break; }
    }
    if (r1 < 3) r1 = 3;
    var inR1 = function (suffix) { return w.length - suffix.length >= r1 && w.slice(-suffix.length) === suffix; };
    var found = STEP1.filter(inR1)[0];
    if (found) w = w.slice(0, -found.length);
    else if (inR1("s") && /[bcdfghjklmnoprtvy]s$/.test(w)) w = w.slice(0, -1);
    if (["dd", "gd", "nn", "dt", "gt", "kt", "tt"].some(inR1)) w = w.slice(0, -1);
    if (inR1("fullt")) w = w.slice(0, -1);
    else if (inR1("löst")) w = w.slice(0, -1);
    else { var s3 = ["lig", "els", "ig"].filter(inR1)[0]; if (s3) w = w.slice(0, -s3.length); }
    return w;
  }

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(bundleUrl.href).then(function (module) {
        // termSimilarity 3 (Pagefind's default is 1): a word of the query's own length
        // outranks longer words it begins ("tillit" the principle before every
        // "Tillitsnätverket"); measured on tests/search/sokfragor.yml (docs/sok.md).
        return module.options({ baseUrl: siteRoot.pathname, ranking: { termSimilarity: 3 } })
          .then(function () { return module; });
      });
      pagefind.catch(function () { pagefind = null; }); // a later keystroke tries again
    }
    return pagefind;
  }

  // The start page, lists, how-to and tag pages carry the filter "slag: sida"
  // (search_index.GUIDES): with the same words they rank after the other pages.
  // Each word is also searched with that filter, which needs no file but the
  // filter's own (a null search with the filter loaded every index chunk).
  var GUIDE_WEIGHT = 0.5;
  var GUIDES = { filters: { slag: "sida" } };

  var siteWords = null;
  // The site's words, each with the number of pages it is on
  // (tillitsnavet/publish/search_aids.py), loaded when a word finds nothing.
  function vocabulary() {
    if (!siteWords) {
      siteWords = fetch(new URL("sokord.json", bundleUrl))
        .then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { siteWords = null; return {}; });
    }
    return siteWords;
  }
  var thesauri = {};
  // Words the site lacks → site words of the same thesaurus entry, by first letter.
  function thesaurus(word) {
    var letter = fold(word)[0];
    if (!/[a-z]/.test(letter || "")) return Promise.resolve({});
    if (!thesauri[letter]) {
      thesauri[letter] = fetch(new URL("tesaurus/" + letter + ".json", bundleUrl))
        .then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { delete thesauri[letter]; return {}; });
    }
    return thesauri[letter];
  }
  // The site's words for ``word`` in the thesaurus: as typed, without dots, or inflected.
  function meaning(word, entries) {
    var lower = word.toLowerCase(), dots = /[åäö]/.test(lower);
    if (entries[lower]) return entries[lower];
    var want = stem(lower);
    if (want.length < 4) return null;  // "res" of "resa" is "resor", not "resenär"
    var keys = Object.keys(entries).filter(function (k) {
      return (dots ? stem(k) : fold(stem(k))) === (dots ? want : fold(want));
    });
    return keys.length ? entries[keys[0]] : null;
  }

  // --- what the reader typed, as searches --------------------------------
  function queryWords(query) {
    // A hyphen joins words the index holds apart ("trust-based", "hälso-").
    var words = query.split(/[\s\u2010-\u2013]+|-(?=\p{L})/u).map(function (w) {
      return w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    }).filter(Boolean);
    var content = words.filter(function (w) { return STOP.indexOf(w.toLowerCase()) < 0; });
    return content.length ? content : words;
  }

  // The forms a word is searched in, best first; the first that finds real hits is used.
  function forms(word) {
    var found = [];
    if (acronym(word)) found.push([acronym(word)]);
    var base = [mark(word) || word.toLowerCase()];
    if (word.length >= 5 && /s$/i.test(word) && !/ss$/i.test(word)) {  // a genitive: Kalmars
      var stemmed = word.slice(0, -1);
      base.push(mark(stemmed) || stemmed.toLowerCase());
    }
    found.push(base);
    return found;
  }

  // Whether Pagefind found ``term`` itself, not a shorter word it falls back to.
  // ``locations`` are the result's own (result.words): Pagefind keeps one data
  // object per page and gives it the locations of the last search that asked
  // for it, so two words whose top hit is the same page saw each other's.
  function realMatch(term, data, locations) {
    if (/^[0-9:.\-]+$/.test(term)) return true;
    var want = bare(stem(term));
    var words = data.content.split(/[\r\n\s]+/g);
    return locations.some(function (at) { return bare(words[at] || "").indexOf(want) === 0; });
  }

  // Pages that have ``term``: {id: {score, result, guide}}, empty if Pagefind only fell back.
  function searchTerm(pf, term) {
    return Promise.all([pf.search(term), pf.search(term, GUIDES)]).then(function (both) {
      var results = both[0].results, guide = {};
      if (!results.length) return {};
      both[1].results.forEach(function (r) { guide[r.id] = true; });
      return results[0].data().then(function (top) {
        if (!realMatch(term, top, results[0].words)) return {};
        var pages = {};
        results.forEach(function (r) { pages[r.id] = { score: r.score, result: r, guide: !!guide[r.id] }; });
        return pages;
      });
    });
  }

  function searchForms(pf, alternatives) {
    return Promise.all(alternatives.map(function (t) { return searchTerm(pf, t); })).then(function (all) {
      var pages = {};
      all.forEach(function (found) {
        Object.keys(found).forEach(function (id) {
          if (!pages[id] || pages[id].score < found[id].score) pages[id] = found[id];
        });
      });
      return pages;
    });
  }

  function searchWord(pf, word) {
    var tries = forms(word);
    function next(i) {
      if (i >= tries.length) return Promise.resolve({});
      return searchForms(pf, tries[i]).then(function (pages) {
        return Object.keys(pages).length ? pages : next(i + 1);
      });
    }
    return next(0);
  }

  // Damerau–Levenshtein distance, cut off above ``limit``.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var d = [];
    for (var i = 0; i <= a.length; i++) { d[i] = [i]; }
    for (var j = 0; j <= b.length; j++) { d[0][j] = j; }
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length][b.length];
  }

  // A word nothing matched: its parts, or the closest word the site has.
  function repair(word) {
    return Promise.all([vocabulary(), thesaurus(word)]).then(function (both) {
      var words = both[0];
      var same = meaning(word, both[1]);
      if (same) return { same: same };
      var typed = /[åäö]/i.test(word) ? word.toLowerCase() : fold(word);
      var key = /[åäö]/i.test(word) ? function (w) { return w; } : fold;
      var known = {};
      Object.keys(words).forEach(function (w) {
        var k = key(w);
        if (!known[k] || words[w] > words[known[k]]) known[k] = w;
      });
      var keys = Object.keys(known);
      // A compound's first part as the site has it: itself, without a linking
      // s or e, with the a it drops ("skol|utveckling"), inflected ("resenärs" →
      // "resenären"), the shortest such form, or the first part of the site's
      // own compounds ("ersättnings|modeller").
      function modifierOf(m) {
        var tries = [m];
        if (/[se]$/.test(m) && m.length > 3) tries.unshift(m.slice(0, -1));
        for (var t = 0; t < tries.length; t++) if (known[tries[t]]) return known[tries[t]];
        if (known[m + "a"]) return known[m + "a"];
        var best = null, begins = null;
        tries.filter(function (x) { return x.length >= 5; }).forEach(function (x) {
          keys.forEach(function (k) {
            if (k.indexOf(x) !== 0 || k.length === x.length) return;
            if (k.length <= x.length + 3) { if (!best || k.length < best.length) best = k; }
            else if (!begins) begins = x;
          });
        });
        return best ? known[best] : begins;
      }
      // Or, before a last part of the site's, the site's words for it in the
      // thesaurus, the word as such ("bistånds|beslut" → "stöd").
      var dots = /[åäö]/i.test(word), entries = both[1];
      var entryKeys = Object.keys(entries);
      function meantBy(m) {
        var tries = /[se]$/.test(m) ? [m.slice(0, -1), m] : [m];
        for (var t = 0; t < tries.length; t++) {
          if (tries[t].length < 5) continue;
          for (var e = 0; e < entryKeys.length; e++) {
            if ((dots ? entryKeys[e] : fold(entryKeys[e])) === tries[t]) return entries[entryKeys[e]];
          }
        }
        return null;
      }
      // Its last part as the site has it: itself, or another form of it, one
      // beginning the other ("system" → "systemet", "samhället" → "samhälle").
      function headOf(h) {
        if (known[h]) return known[h];
        var best = null;
        if (h.length >= 5) keys.forEach(function (k) {
          var short = k.length < h.length ? k : h, long = short === k ? h : k;
          if (short.length >= 5 && long.indexOf(short) === 0 && long.length - short.length <= 3 &&
              (!best || words[known[k]] > words[known[best]])) best = k;
        });
        return best && known[best];
      }
      // A compound ("tåginformation", "ersättningssystem"): split where both
      // parts are the site's, or the last is and the first has site words in
      // the thesaurus ("bistånds|beslut" → "stöd"); the split whose shorter
      // part is longest first.
      var split = null, longest = 0;
      for (var cut = 3; cut <= typed.length - 4; cut++) {
        var tail = typed.slice(cut), shorter = Math.min(cut, tail.length);
        if (shorter <= longest) continue;
        var last = headOf(tail);
        if (!last) continue;
        var first = modifierOf(typed.slice(0, cut));
        var meant = first ? [first] : meantBy(typed.slice(0, cut));
        if (meant) { split = [meant, [last]]; longest = shorter; }
      }
      return split ? { parts: split } : typo();
      function typo() {
        // A typo: the closest word that begins with the same letter, else any word.
        var limit = typed.length <= 9 ? 1 : 2;  // "simhallen" is not "samhället"
        function closest(candidates) {
          var best = null, bestDistance = limit + 1;
          candidates.forEach(function (w) {
            var d = distance(typed, w, limit);
            if (d < bestDistance || (d === bestDistance && best && words[known[w]] > words[known[best]])) {
              best = w; bestDistance = d;
            }
          });
          return best && bestDistance <= limit ? known[best] : null;
        }
        var found = closest(keys.filter(function (k) { return k[0] === typed[0]; })) || closest(keys);
        return found ? { closest: found } : {};
      }
    });
  }

  // Pages with any of ``words`` (a word's thesaurus synonyms).
  function anyOf(pf, words) {
    return Promise.all(words.map(function (w) { return searchWord(pf, w); }))
      .then(function (all) { return merge(all, -1); });
  }

  // Every word searched; pages ordered by how many words they have, then by score.
  function run(query) {
    return loadPagefind().then(function (pf) {
      var words = queryWords(query);
      var shownAs = words.slice();
      return Promise.all(words.map(function (w) { return searchWord(pf, w); })).then(function (found) {
        return Promise.all(found.map(function (pages, i) {
          if (Object.keys(pages).length) return pages;
          return repair(words[i]).then(function (fix) {
            if (fix.parts) {  // each part one word of the site or its thesaurus words
              shownAs[i] = fix.parts.map(function (p) { return p.join("/"); }).join(" ");
              return Promise.all(fix.parts.map(function (p) { return anyOf(pf, p); }))
                .then(function (both) { return merge(both, 0); });
            }
            if (fix.same) {  // the thesaurus: pages with any of its words
              shownAs[i] = fix.same.join(" eller ");
              return anyOf(pf, fix.same);
            }
            if (fix.closest) { shownAs[i] = fix.closest; return searchWord(pf, fix.closest); }
            return {};
          });
        }));
      }).then(function (found) {
        var pages = merge(found, 1);
        var hit = function (w, i) { return Object.keys(found[i]).length > 0; };
        // Words that found nothing, not even repaired, while others did: the box names them.
        var missed = pages.length ? words.filter(function (w, i) { return !hit(w, i); }) : [];
        var kept = shownAs.filter(hit).join(" ");
        var changed = missed.length || kept !== words.join(" ");
        return { pages: pages, missed: missed, shownAs: changed && pages.length ? kept : null };
      });
    });
  }

  // Pages of several words' searches, most words first; ``least`` words a page must have.
  // A guide (the start page, lists, how-to and tag pages) counts at GUIDE_WEIGHT
  // of its score: a title hit still ranks it high, a mention does not.
  function merge(perWord, least) {
    var pages = {};
    perWord.forEach(function (found) {
      var top = Math.max.apply(null, Object.keys(found).map(function (id) { return found[id].score; }).concat([0]));
      Object.keys(found).forEach(function (id) {
        var page = pages[id] || (pages[id] = { words: 0, score: 0, result: found[id].result,
                                               guide: found[id].guide });
        page.words += 1;
        page.score += top ? found[id].score / top : 0;
      });
    });
    var all = Object.keys(pages).map(function (id) { return pages[id]; });
    if (least <= 0) {  // one word's hits: a split word's parts (both, else either: 0), synonyms (any: -1)
      var out = {};
      var every = all.filter(function (p) { return p.words === perWord.length; });
      (every.length && least === 0 ? every : all).forEach(function (p) {
        out[p.result.id] = { score: p.score, result: p.result, guide: p.guide };
      });
      return out;
    }
    all.forEach(function (p) { if (p.guide) p.score *= GUIDE_WEIGHT; });
    return all.sort(function (a, b) { return b.words - a.words || b.score - a.score; });
  }

  // --- drawing -----------------------------------------------------------
  function say(text, query, done) {
    status.textContent = text;
    status.dataset.query = query;
    status.dataset.klar = done ? "ja" : "nej";
  }

  // The words around the first hit, with the hits marked; the index-only words
  // (after an invisible separator, or after START) are not shown.
  function excerpt(data) {
    var all = data.content.split(/[\r\n\s]+/g);
    var end = all.indexOf(START);
    if (end < 0) end = all.length;
    var shown = [], marked = {};
    for (var i = 0; i < end; i++) {
      if (all[i].charAt(0) === INSERTED) continue;
      shown.push({ at: i, word: all[i] });
    }
    data.locations.forEach(function (at) {  // an added word marks the word it was added to
      while (at > 0 && at < end && all[at].charAt(0) === INSERTED) at--;
      if (at < end) marked[at] = true;
    });
    var first = 0;
    while (first < shown.length && !marked[shown[first].at]) first++;
    if (first === shown.length) first = 0;
    var from = Math.max(0, first - 8), to = Math.min(shown.length, from + 24);
    var p = document.createElement("p");
    p.className = "hub-sok-utdrag";
    if (from > 0) p.appendChild(document.createTextNode("… "));
    for (var k = from; k < to; k++) {
      if (marked[shown[k].at]) {
        var m = document.createElement("mark");
        m.textContent = shown[k].word;
        p.appendChild(m);
      } else {
        p.appendChild(document.createTextNode(shown[k].word));
      }
      if (k < to - 1) p.appendChild(document.createTextNode(" "));
    }
    if (to < shown.length) p.appendChild(document.createTextNode(" …"));
    return p;
  }

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
    kind.textContent = [data.meta.typ, data.meta.organisation, data.meta["län"]].filter(Boolean).join(" · ");
    article.appendChild(title);
    if (kind.textContent) article.appendChild(kind);
    article.appendChild(excerpt(data));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  // Offered when nothing is found: what the site does have.
  function offer() {
    var li = document.createElement("li");
    li.className = "md-search-result__item hub-sok-inget";
    var p = document.createElement("p");
    p.className = "md-typeset";
    p.appendChild(document.createTextNode("Prova ett annat ord, eller bläddra bland "));
    [["utforska/", "alla poster i Utforska"], ["taggar/", "ämnesorden"], ["principer/", "principerna"]]
      .forEach(function (link, i, all) {
        var a = document.createElement("a");
        a.href = new URL(link[0], siteRoot).pathname;
        a.textContent = link[1];
        p.appendChild(a);
        p.appendChild(document.createTextNode(i === all.length - 1 ? "." : i === all.length - 2 ? " och " : ", "));
      });
    li.appendChild(p);
    return li;
  }

  function search(all) {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { list.innerHTML = ""; say("Skriv för att söka", "", true); return; }
    if (location.protocol === "file:") {
      say("Sökningen behöver en webbserver. Tryck Enter för att filtrera i Utforska i stället.", query, true);
      return;
    }
    say("Söker …", query, false);
    run(query).then(function (found) {
      if (ticket !== latest) return null;
      var pages = found.pages;
      var shown = all ? pages : pages.slice(0, SHOWN);
      return Promise.all(shown.map(function (p) { return p.result.data(); })).then(function (data) {
        if (ticket !== latest) return;
        list.innerHTML = "";
        data.forEach(function (d) { list.appendChild(item(d)); });
        var n = pages.length;
        var quoted = "\u201d" + query + "\u201d";
        if (n === 0) {
          list.appendChild(offer());
          say("Inga träffar för " + quoted + ".", query, true);
          return;
        }
        var text;
        if (found.missed.length) {  // "Inget för ”Skellefteå”; visar 30 träffar för ”kommun”"
          text = "Inget för " + found.missed.map(function (w) { return "\u201d" + w + "\u201d"; })
            .join(" eller ") + "; visar " + (n === 1 ? "1 träff" : n + " träffar") + " för \u201d" +
            found.shownAs + "\u201d";
        } else {
          text = (n === 1 ? "1 träff" : n + " träffar") + " för " +
            (found.shownAs ? "\u201d" + found.shownAs + "\u201d. Visar träffar för \u201d" + found.shownAs +
              "\u201d i stället för " + quoted : quoted);
        }
        if (n > shown.length) text += " (de " + shown.length + " bästa visas; Enter visar alla)";
        say(text + ".", query, true);
      });
    }).catch(function () {
      if (ticket === latest) say("Sökningen kunde inte laddas. Tryck Enter för att filtrera i Utforska.", query, true);
    });
  }

  // Hidden results are out of the Tab order and of screen readers' reach.
  function showResults(open) {
    if (output) output.inert = !open;
    if (opener) opener.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function open() { if (toggle) toggle.checked = true; showResults(true); input.focus(); }
  function close() {  // focus leaves the results too: none is left on a hidden link
    if (toggle) toggle.checked = false;
    // at once, not when the browser next moves focus out of the now inert results
    if (box.contains(document.activeElement)) document.activeElement.blur();
    showResults(false);
    input.blur();
  }

  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 120); });
  input.addEventListener("focus", function () { if (toggle) toggle.checked = true; showResults(true); });
  form.addEventListener("submit", function (event) {
    if (location.protocol === "file:") return;  // Utforska filters without a server
    event.preventDefault();  // Enter shows every hit the box found, here
    clearTimeout(timer);
    if (toggle) toggle.checked = true;  // also when another form asked (below, utforska.js)
    showResults(true);
    search(true);
  });
  // The start page's form (macros/kortkoder/genvagar.md.j2) is this search too:
  // its words go into this box, which shows every hit. Empty, without
  // JavaScript or opened from disk, it still goes to Utforska.
  var start = document.querySelector("form.hub-startsok");
  if (start) start.addEventListener("submit", function (event) {
    var words = start.querySelector("input[name=q]").value.trim();
    if (location.protocol === "file:" || !words) return;
    event.preventDefault();
    input.value = words;
    form.requestSubmit();
  });
  box.querySelector("button[type=reset]").addEventListener("click", function () {
    input.value = ""; search(); input.focus();
  });
  if (toggle) toggle.addEventListener("change", function () {
    showResults(toggle.checked);
    if (toggle.checked) input.focus();
  });
  showResults(false);

  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (!typing && (event.key === "/" || event.key === "s" || event.key === "S")) {
      event.preventDefault(); open();
    } else if (event.key === "Escape" && box.contains(document.activeElement)) {
      close();
      if (opener && opener.offsetParent !== null) opener.focus();
    } else if (event.key === "ArrowDown" && box.contains(document.activeElement)) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (links[at + 1]) { event.preventDefault(); showResults(true); links[at + 1].focus(); }
    } else if (event.key === "ArrowUp" && box.contains(document.activeElement)) {
      var all = Array.prototype.slice.call(list.querySelectorAll("a"));
      var here = all.indexOf(document.activeElement);
      if (here > 0) { event.preventDefault(); all[here - 1].focus(); }
      else if (here === 0) { event.preventDefault(); input.focus(); }
    }
  });
})();
