/* Lumbung search. partials/search.html loads this file when the reader first focuses the search
   box; it then loads Pagefind and the index of the page's language (built by lumbung/search/).
   On pages not in English it also searches the English index for pages not yet translated into
   the page's language, labelled English and linked to their page in this language's frame.

   Khmer, Thai, Lao and Burmese are indexed as ICU split them into words. A query is split with
   Intl.Segmenter, then re-split into words the index holds (the language's word list), because
   browsers do not always split these scripts as ICU does. */
(function () {
  "use strict";
  var form = document.getElementById("lb-search");
  if (!form || form.hasAttribute("data-started")) return;
  form.setAttribute("data-started", "");

  var data = form.dataset;
  var input = form.elements.q;
  var lang = data.lang;
  var status = document.getElementById("lb-search-status");
  var list = document.createElement("ul");
  var HAIR = /\u200a/g;
  var MAX = 10, DELAY = 120;
  var Segmenter = typeof Intl.Segmenter === "function" ? Intl.Segmenter : null;

  list.id = "lb-search-results";
  list.className = "lb-results";
  list.hidden = true;
  list.setAttribute("aria-labelledby", "lb-search-status");
  document.getElementById("lb-search-out").appendChild(list);
  status.className = "lb-search-status";

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = data.css;
  document.head.appendChild(css);

  var ready = false;
  var engine = start().then(function (value) { ready = true; return value; });

  /* Loading ------------------------------------------------------------------------------ */

  function start() {
    var bundle = new URL(data.bundle, location.href).href;
    var words = data.words
      ? fetch(data.words).then(function (r) { return r.ok ? r.text() : ""; }, function () { return ""; })
      : Promise.resolve("");
    return Promise.all([import(bundle + "pagefind.js"), words]).then(function (loaded) {
      var e = { pagefind: loaded[0], bundle: bundle, vocab: vocabulary(loaded[1]), english: null };
      e.own = data.indexed === "1" ? e.pagefind.createInstance({ basePath: bundle }) : null;
      englishFor(e, "");
      var setup = e.own && data.exact === "1" ? e.own.options({ exactDiacritics: true }) : null;
      return Promise.resolve(setup).then(function () { return e; });
    });
  }

  // Pages in Latin script (or with no index of their own) search English pages from the
  // start; Khmer, Thai, Lao and Burmese pages once a query has Latin letters in it, as only
  // such a query can match an English page (sparing them a second WebAssembly module, ~70 KB).
  function englishFor(e, query) {
    var wanted = !e.own || data.exact !== "1" || /\p{Script=Latin}/u.test(query);
    if (!e.english && wanted && lang !== data.default) {
      e.english = instanceFor(e.pagefind, e.bundle, data.default);
    }
    return e.english;
  }

  // Pagefind picks an instance's index from <html lang> when the instance is created, so the
  // English instance of a Khmer page is created while the attribute says "en", then put back.
  // It runs on the main thread: Pagefind keeps one WebAssembly module per thread, and the
  // English one (with its stemmer) differs from the page language's, used in the web worker.
  function instanceFor(pagefind, bundle, code) {
    var html = document.documentElement, own = html.getAttribute("lang");
    html.setAttribute("lang", code);
    try {
      return pagefind.createInstance({ basePath: bundle, noWorker: true });
    } finally {
      html.setAttribute("lang", own);
    }
  }

  function vocabulary(text) {
    var words = text.split("\n").filter(Boolean);
    if (!words.length) return null;
    return { has: new Set(words), sorted: words.sort() };
  }

  /* Splitting a query into the index's words -------------------------------------------- */

  function runs(text) {
    if (!Segmenter) return text.split(/\s+/).filter(Boolean).map(function (w) { return [w]; });
    var out = [], run = [];
    for (var s of new Segmenter(lang, { granularity: "word" }).segment(text)) {
      if (s.isWordLike) { run.push(s.segment); continue; }
      if (run.length) out.push(run);
      run = [];
    }
    if (run.length) out.push(run);
    return out;
  }

  function graphemeEnds(text) {
    var ends = [0];
    if (!Segmenter) {
      var at = 0;
      for (var ch of text) { at += ch.length; ends.push(at); }
      return ends;
    }
    for (var g of new Segmenter(lang, { granularity: "grapheme" }).segment(text)) {
      ends.push(g.index + g.segment.length);
    }
    return ends;
  }

  function startsWord(vocab, piece) {
    var lo = 0, hi = vocab.sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (vocab.sorted[mid] < piece) lo = mid + 1; else hi = mid;
    }
    return lo < vocab.sorted.length && vocab.sorted[lo].startsWith(piece);
  }

  // The fewest pieces that are words of the index; a piece the index lacks costs more, and
  // keeps Intl.Segmenter's boundaries when it can. The last piece may be a word being typed.
  function resplit(run, vocab) {
    var text = run.join("").toLocaleLowerCase(lang);
    var ends = graphemeEnds(text), n = ends.length;
    var cuts = new Set([0]), at = 0;
    run.forEach(function (w) { at += w.length; cuts.add(at); });
    var cost = new Array(n).fill(Infinity), from = new Array(n).fill(-1);
    cost[0] = 0;
    for (var i = 0; i < n - 1; i++) {
      if (cost[i] === Infinity) continue;
      for (var j = i + 1; j < n && j - i <= 30; j++) {
        var piece = text.slice(ends[i], ends[j]), c = Infinity;
        if (vocab.has.has(piece)) c = 1;
        else if (j === n - 1 && startsWord(vocab, piece)) c = 1.5;
        else if (cuts.has(ends[i]) && cuts.has(ends[j]) && !cutInside(cuts, ends, i, j)) c = 3;
        else if (j === i + 1) c = 5;
        if (cost[i] + c < cost[j]) { cost[j] = cost[i] + c; from[j] = i; }
      }
    }
    var pieces = [];
    for (var k = n - 1; k > 0; k = from[k]) pieces.unshift(text.slice(ends[from[k]], ends[k]));
    return pieces;
  }

  function cutInside(cuts, ends, i, j) {
    for (var k = i + 1; k < j; k++) if (cuts.has(ends[k])) return true;
    return false;
  }

  // Only runs with letters of other scripts than Latin are re-split: Latin-script words are
  // already apart, and an English word typed on a Khmer page must stay whole.
  function terms(query, vocab) {
    if (!vocab) return query;
    var words = [];
    runs(query).forEach(function (run) {
      var other = /[^\p{Script=Latin}\p{N}\p{P}]/u.test(run.join(""));
      words.push.apply(words, other ? resplit(run, vocab) : run);
    });
    return words.join(" ");
  }

  /* Searching ---------------------------------------------------------------------------- */

  function hasMarks(text) {
    return /\p{M}/u.test(text.normalize("NFD"));
  }

  // Pagefind folds accents; a query that has them lists exact matches first ("đảo" before
  // "đào tạo"), then the rest. Each hit is {result, tier, english}; tier 0 sorts first.
  async function ranked(instance, term, options, exactFirst, english) {
    function hits(results, tier) {
      return results.map(function (r) { return { result: r, tier: tier, english: english }; });
    }
    if (!exactFirst) return hits((await instance.search(term, options)).results, 0);
    await instance.options({ exactDiacritics: true });
    var exact = (await instance.search(term, options)).results;
    await instance.options({ exactDiacritics: false });
    var loose = (await instance.search(term, options)).results;
    var seen = new Set(exact.map(function (r) { return r.id; }));
    return hits(exact, 0).concat(hits(loose.filter(function (r) { return !seen.has(r.id); }), 1));
  }

  // How many of the query's words the instance's pages hold as such (a quoted search finds
  // only whole words). Pagefind answers a word it lacks with the longest word it has that
  // begins it ("than" for "thang", "in" for "incubator"): such hits must not outrank real
  // ones from the other index.
  async function known(instance, term, options) {
    var count = 0;
    for (var word of term.split(" ")) {
      if ((await instance.search('"' + word + '"', options)).results.length) count++;
    }
    return count;
  }

  async function searchIn(instance, term, options, exactFirst, english, both) {
    var hits = await ranked(instance, term, options, exactFirst, english);
    var words = hits.length && both ? await known(instance, term, options) : 0;
    hits.forEach(function (hit) { hit.known = words; });
    return hits;
  }

  // This language's pages and English pages not translated into it, in one list: first the
  // index that knows more of the query's words, then exact accents, then Pagefind's score.
  async function search(e, query) {
    var term = terms(query, e.vocab);
    var marked = hasMarks(term);
    var both = Boolean(e.own && englishFor(e, query));
    var found = await Promise.all([
      e.own ? searchIn(e.own, term, {}, marked && data.exact !== "1", false, both) : [],
      e.english ? searchIn(e.english, term, { filters: { for: lang } }, marked, true, both) : [],
    ]);
    return found[0].concat(found[1]).sort(function (a, b) {
      return b.known - a.known || a.tier - b.tier || b.result.score - a.result.score ||
        a.english - b.english;
    });
  }

  var seq = 0, timer = 0, queue = Promise.resolve(), broken = false;

  function schedule(now) {
    clearTimeout(timer);
    timer = setTimeout(run, now ? 0 : DELAY);
  }

  async function run() {
    var query = input.value.trim(), mine = ++seq;
    if (!query) { close(); say(""); return; }
    if (!ready) say(data.loading);
    try {
      var e = await engine;
      var job = queue.then(function () { return mine === seq ? search(e, query) : null; });
      queue = job.catch(function () {});
      var found = await job;
      if (found && mine === seq) await render(query, found, mine);
    } catch (error) {  // the index could not be loaded: let the form lead to the catalog again
      broken = true;
      say("");
      console.warn("Lumbung search:", error);
    }
  }

  /* Showing results ---------------------------------------------------------------------- */

  function say(text) {
    status.textContent = text;
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  async function render(query, hits, mine) {
    var items = await Promise.all(hits.slice(0, MAX).map(function (hit) {
      return hit.result.data().then(function (d) { return item(d, hit.english); });
    }));
    if (mine !== seq) return;
    say(hits.length ? count(hits.length) : format(data.none, { query: query }));
    list.replaceChildren.apply(list, items);
    list.hidden = !items.length;
    form.setAttribute("data-shown", query);  // what the list shows now (tests wait for it)
  }

  function count(n) {
    var one = new Intl.PluralRules(lang).select(n) === "one";
    return format(one ? data.result : data.results, { count: new Intl.NumberFormat(lang).format(n) });
  }

  function item(d, isEnglish) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = new URL(data.root + data.prefix + d.meta.path, location.href).href;
    var title = document.createElement("span");
    title.className = "lb-result-title";
    title.textContent = (d.meta.title || d.meta.path).replace(HAIR, "");
    var about = document.createElement("span");
    about.className = "lb-result-meta";
    var type = d.meta.type && form.getAttribute("data-type-" + d.meta.type);
    about.textContent = [type, isEnglish ? data.english : data.own]
      .filter(Boolean).join(" · ");
    var text = document.createElement("span");
    text.className = "lb-result-excerpt";
    text.appendChild(excerpt(d));
    if (d.meta.lang && d.meta.lang !== lang) {
      title.lang = d.meta.lang;
      text.lang = d.meta.lang;
    }
    a.append(title, about, text);
    li.appendChild(a);
    return li;
  }

  function decodeJoins(b64) {
    if (!b64) return null;
    var raw = atob(b64), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  // Pagefind gives back a record's words joined by spaces; put the text back as written
  // (no space where the index only marked a word break) and mark the words that matched.
  function excerpt(d) {
    var words = d.content.split(" ");
    var joins = decodeJoins(d.meta.joins);
    var size = joins ? 48 : 30;
    var matched = new Set(d.locations);
    var best = d.weighted_locations.slice().sort(function (x, y) {
      return y.balanced_score - x.balanced_score;
    })[0];
    var centre = best ? best.location : 0;
    var from = Math.max(0, Math.min(centre - (size >> 1), words.length - size));
    var to = Math.min(words.length, from + size);
    var out = document.createDocumentFragment();
    if (from > 0) out.append("… ");
    for (var i = from; i < to; i++) {
      if (matched.has(i)) {
        var mark = document.createElement("mark");
        mark.textContent = words[i];
        out.append(mark);
      } else {
        out.append(words[i]);
      }
      var joined = joins && (joins[i >> 3] >> (i & 7)) & 1;
      if (i < to - 1 && !joined) out.append(" ");
    }
    if (to < words.length) out.append(" …");
    return out;
  }

  /* Opening, closing, keys --------------------------------------------------------------- */

  function close() {
    list.hidden = true;
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  input.addEventListener("input", function () { schedule(false); });
  input.addEventListener("focus", function () { if (list.children.length) list.hidden = false; });
  form.addEventListener("submit", function (event) {
    if (broken) return;
    event.preventDefault();
    schedule(true);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && !list.hidden && links().length) {
      event.preventDefault();
      links()[0].focus();
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  list.addEventListener("keydown", function (event) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at >= 0) {
      event.preventDefault();
      (all[at + 1] || all[at]).focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at > 0 ? all[at - 1] : input).focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
      input.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target) && !list.contains(event.target)) close();
  });

  if (input.value.trim()) schedule(true);
})();
