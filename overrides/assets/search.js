/* Lumbung search. partials/search.html loads this file when the reader first focuses the search
   box; it then loads Pagefind with the index of the page's language (built by lumbung/search/),
   which holds that language's pages only, and merges into it the index of the English originals
   not yet translated into that language: those are listed after the page language's own results,
   labelled English, and link to their page in this language's frame. A merged index runs on the
   WebAssembly module of the first, so one module is loaded whatever is found. Everything runs on
   the main thread (no web worker to download), and a query fetches the stored text of its first
   few results only; "More results" fetches the next ones.

   Khmer, Thai, Lao and Burmese are indexed as ICU split them into words. A query is split with
   Intl.Segmenter, then re-split into words the index holds (the language's word list), because
   browsers do not always split these scripts as ICU does. Their indexes spell letters and marks
   with stand-ins (lumbung/search/text.py), which a query is put into and results are taken out of. */
(function () {
  "use strict";
  var form = document.getElementById("lb-search");
  if (!form || form.hasAttribute("data-started")) return;
  form.setAttribute("data-started", "");

  var data = form.dataset;
  // The words this script shows, in the page's language (lumbung.site.theme.search_scripts).
  var ui = window.LB_SEARCH_WORDS || {};
  var input = form.elements.q;
  var lang = data.lang;
  var status = document.getElementById("lb-search-status");
  var list = document.createElement("ul");
  var HAIR = /\u200a/g;
  // DELAY: ms without typing before a search starts; each half-typed word searched fetches the
  // index chunks of every word it begins.
  var FIRST = 5, MORE = 10, DELAY = 250;
  var Segmenter = typeof Intl.Segmenter === "function" ? Intl.Segmenter : null;

  var more = document.createElement("button");
  list.id = "lb-search-results";
  list.className = "lb-results";
  list.hidden = true;
  list.setAttribute("aria-labelledby", "lb-search-status");
  more.type = "button";
  more.className = "lb-more";
  more.textContent = ui.more;
  more.hidden = true;
  document.getElementById("lb-search-out").append(list, more);
  status.className = "lb-search-status";

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = data.css;
  document.head.appendChild(css);

  var ready = false;
  var engine = start().then(function (value) { ready = true; return value; });

  /* Loading ------------------------------------------------------------------------------ */

  // Pagefind picks the index of the page's language (<html lang>). A bundle of originals holds
  // one index, which Pagefind picks whatever the language asked for. URLs in both are site-root.
  // A large index is split into shards (lumbung/search/shards.py): the first is in its bundle,
  // each further one a bundle of its own, merged in before the first search. The originals,
  // with their shards, are merged in by the first query they could match (withOriginals).
  function start() {
    var bundle = new URL(data.bundle, location.href).href;
    steadyFetch(new URL(bundle).pathname);
    var originals = data.originals ? new URL(data.originals, location.href).href : "";
    var shards = addresses(data.shards), originalsShards = addresses(data.originalsShards);
    var words = data.words
      ? fetch(data.words).then(function (r) { return r.ok ? r.text() : ""; }, function () { return ""; })
      : Promise.resolve("");
    return Promise.all([import(bundle + "pagefind.js"), words]).then(async function (loaded) {
      var pagefind = loaded[0], e = { pf: null, vocab: vocabulary(loaded[1]), originals: [],
                                      make: pagefind.createInstance, base: "", merged: [],
                                      exact: null }, own = [];
      if (data.indexed === "1") {
        e.base = bundle;
        own = shards;
        e.originals = originals ? [originals].concat(originalsShards) : [];
      } else if (originals) {  // no page of its own yet: the originals' index is the only one
        e.base = originals;
        own = originalsShards;
      }
      if (e.base) {
        e.pf = e.make({ basePath: e.base, baseUrl: "/", noWorker: true });
        await merge(e, own, { baseUrl: "/" });
      }
      e.sharded = own.length > 0;
      e.filtered = !!originals;
      return e;
    });
  }

  function addresses(list) {
    return (list || "").split(" ").filter(Boolean).map(function (url) {
      return new URL(url, location.href).href;
    });
  }

  // Merge bundles into the search, and into the instance kept for accented queries if there
  // is one (accentEngine); each stays listed to be merged into one made later.
  function merge(e, urls, options) {
    return Promise.all(urls.map(function (url) {
      e.merged.push([url, options]);
      return Promise.all([e.pf.mergeIndex(url, options)].concat(e.exact
        ? [e.exact.mergeIndex(url, Object.assign({}, options, { exactDiacritics: true }))] : []));
    }));
  }

  // Pagefind's options() reach the first index of an instance only, not those merged into it.
  // An index in shards therefore gets a second instance for accented queries, every index of
  // which matches accents as typed, made at the first such query (its files are those the first
  // instance fetched, and those the same query fetches).
  async function accentEngine(e) {
    if (!e.exact) {
      var exact = e.make({ basePath: e.base, baseUrl: "/", noWorker: true, exactDiacritics: true });
      await Promise.all(e.merged.map(function (m) {
        return exact.mergeIndex(m[0], Object.assign({}, m[1], { exactDiacritics: true }));
      }));
      e.exact = exact;
    }
    return e.exact;
  }

  // Pagefind keeps an index chunk it could not fetch as loaded, and reads an error page as a
  // chunk: on a patchy connection a query would then miss pages until the page is reloaded, and
  // the same words typed again would find fewer. The bundle's files are asked for again (twice
  // at most) when a fetch fails or is answered with an error.
  function steadyFetch(prefix) {
    var plain = window.fetch.bind(window);
    window.fetch = function (input, init) {
      var url = typeof input === "string" ? input : input && input.url;
      if (!url || new URL(url, location.href).pathname.indexOf(prefix) !== 0) {
        return plain(input, init);
      }
      function attempt(n) {
        var again = function () {
          return new Promise(function (resolve) { setTimeout(resolve, 300 * (n + 1)); })
            .then(function () { return attempt(n + 1); });
        };
        return plain(input, init).then(function (response) {
          return response.ok || n >= 2 ? response : again();
        }, function (error) {
          if (n >= 2) throw error;
          return again();
        });
      }
      return attempt(0);
    };
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

  /* Stand-ins (lumbung/search/text.py: ENCODED_BLOCKS) ----------------------------------- */

  var BLOCKS = [[0x0E00, 0x0EFF, 0xA000], [0x1000, 0x109F, 0xA100], [0x1780, 0x17FF, 0xA1A0]];
  var KEPT = /[\p{N}\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}]/u;

  function shift(text, from, to) {
    var out = "";
    for (var ch of text) {
      var code = ch.codePointAt(0);
      for (var b of BLOCKS) {
        var first = b[from], span = b[1] - b[0];
        if (code >= first && code <= first + span) {
          if (from === 0 && KEPT.test(ch)) break;
          ch = String.fromCodePoint(b[to] + code - first);
          break;
        }
      }
      out += ch;
    }
    return out;
  }

  function encode(text) { return data.encoded === "1" ? shift(text, 0, 2) : text; }
  function decode(text) { return data.encoded === "1" ? shift(text, 2, 0) : text; }

  /* Searching ---------------------------------------------------------------------------- */

  // Every text compared, typed or shown is in Unicode normalisation form C, as the index is
  // (lumbung/search/records.py): phone keyboards type precomposed letters, text pasted from Word
  // or a PDF may spell the same letters with combining marks.
  function nfc(text) {
    return text.normalize("NFC");
  }

  function hasMarks(text) {
    return /\p{M}/u.test(text.normalize("NFD"));
  }

  // A merged index runs on the first one's WebAssembly module. The originals match words with
  // their accents as typed: folded, a Vietnamese "tổ" would find the English "to". Pagefind lists
  // pages that have every word of a query, so a query with a word no original could hold is not
  // worth merging them for (nor could it match one: the results are the same either way).
  async function withOriginals(e, term) {
    if (!e.originals.length || !english(term)) return;
    var urls = e.originals;
    e.originals = [];
    await merge(e, urls, { baseUrl: "/", exactDiacritics: true });
  }

  // Results: {result, own, tier}. Every page is "for" the languages it is listed in: its own,
  // or for an English original, those with no version of it. A result's id names its index
  // (the shards of the page language's index have its name too).
  // The filter is asked for whether the originals are merged yet or not, so that a query finds
  // the same pages whatever was typed before it.
  async function find(e, pf, term, tier) {
    var found = await pf.search(term, e.filtered ? { filters: { for: lang } } : {});
    return found.results.map(function (r) {
      return { result: r, own: r.id.indexOf(lang + "_") === 0, tier: tier };
    });
  }

  // Whether the English originals could hold every word of a query: a word with a letter none
  // of them uses (lumbung/search/publish.py: letters) could only match by accent folding.
  function english(term) {
    return Array.from(nfc(term).toLocaleLowerCase()).every(function (ch) {
      return ch < "\u0080" || !/\p{L}/u.test(ch) || data.alphabet.indexOf(ch) >= 0;
    });
  }

  // Pagefind matches each word typed as the start of longer words too, and (English,
  // Indonesian) by its stem. Pages with the words exactly as typed come first; Pagefind's own
  // ranking orders each tier. Unstemmed indexes tell them with Pagefind's quoted search
  // (documented: an exact phrase), which reads the same index chunks as the plain search.
  // Stemmed ones keep each page's words as written in a field of their own, each wrapped in
  // the digit 1 (lumbung/search/records.py: exact_forms).
  async function tiers(e, pf, term, tier) {
    var ranked = await find(e, pf, term, tier + 1);
    var exactTerm = data.stemmed === "1" ? asWritten(term) : '"' + term + '"';
    if (!exactTerm) return ranked;
    var exact = new Set((await find(e, pf, exactTerm, tier)).map(function (h) {
      return h.result.id;
    }));
    ranked.forEach(function (h) { if (exact.has(h.result.id)) h.tier = tier; });
    return ranked;
  }

  function asWritten(term) {
    return (term.toLocaleLowerCase(lang).match(/[\p{L}\p{N}]+/gu) || [])
      .filter(function (w) { return /\p{L}/u.test(w); })
      .map(function (w) { return "1" + w + "1"; }).join(" ");
  }

  // Pagefind folds accents; a query that has them lists exact matches first ("đảo" before
  // "đào tạo"), then the rest (both searches read the same index chunks).
  async function search(e, query) {
    if (!e.pf) return [];
    var term = encode(terms(nfc(query), e.vocab)), hits;
    await withOriginals(e, term);
    if (data.encoded === "1" || !hasMarks(term)) {
      hits = await tiers(e, e.pf, term, 0);
    } else {
      var accented;
      if (e.sharded) {
        accented = await tiers(e, await accentEngine(e), term, 0);
      } else {
        await e.pf.options({ exactDiacritics: true });
        accented = await tiers(e, e.pf, term, 0);
        await e.pf.options({ exactDiacritics: false });
      }
      var seen = new Set(accented.map(function (h) { return h.result.id; }));
      hits = accented.concat((await tiers(e, e.pf, term, 2)).filter(function (h) {
        return !seen.has(h.result.id);
      }));
    }
    return hits.sort(function (a, b) { return b.own - a.own || a.tier - b.tier; });  // stable
  }

  // One thing at a time reaches Pagefind (searches, and the stored text of results): each
  // waits for the one before, and is dropped if the reader has typed on meanwhile. A query is
  // searched once per page view; asked again, it gets the same results.
  var seq = 0, timer = 0, lock = Promise.resolve(), broken = false, memo = new Map();
  var shown = { query: "", hits: [], count: 0 };

  function exclusive(work) {
    var done = lock.then(work);
    lock = done.catch(function () {});
    return done;
  }

  function lookup(e, asked) {
    if (!memo.has(asked)) {
      memo.set(asked, search(e, asked).catch(function (error) {
        memo.delete(asked);
        throw error;
      }));
    }
    return memo.get(asked);
  }

  function schedule(now) {
    clearTimeout(timer);
    timer = setTimeout(function () { run(now); }, now ? 0 : DELAY);
  }

  // A single letter typed is not searched yet, alone or after other words (it would fetch
  // every index chunk of words beginning with it); Enter searches it all the same.
  function run(now) {
    var query = nfc(input.value).trim(), mine = ++seq;
    if (!query || (!now && Array.from(query).length < 2)) { close(); say(""); return; }
    var asked = now ? query : query.replace(/\s+\S$/u, "");
    if (!ready) say(ui.loading);
    exclusive(async function () {
      if (mine !== seq) return;
      var hits = await lookup(await engine, asked);
      if (mine !== seq) return;
      var first = await items(hits.slice(0, FIRST));
      if (mine === seq) render(query, hits, first);
    }).catch(function (error) {  // the index could not be loaded: let the form lead on again
      broken = true;
      say("");
      console.warn("Lumbung search:", error);
    });
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

  function items(hits) {
    return Promise.all(hits.map(function (hit) {
      return hit.result.data().then(function (d) { return item(d, hit.own); });
    }));
  }

  function render(query, hits, first) {
    shown = { query: query, hits: hits, count: first.length };
    say(hits.length ? count(hits.length) : format(ui.none, { query: query }));
    list.replaceChildren.apply(list, first);
    list.hidden = !first.length;
    more.hidden = shown.count >= hits.length;
    form.setAttribute("data-shown", query);  // what the list shows now (tests wait for it)
  }

  // The next results, fetched when asked for; focus moves to the first of them.
  function showMore() {
    var mine = seq;
    return exclusive(async function () {
      var from = shown.count;
      var next = await items(shown.hits.slice(from, from + MORE));
      if (mine !== seq || shown.count !== from) return;
      list.append.apply(list, next);
      shown.count += next.length;
      more.hidden = shown.count >= shown.hits.length;
      if (next.length) next[0].querySelector("a").focus();
    });
  }

  function count(n) {
    var one = new Intl.PluralRules(lang).select(n) === "one";
    return format(one ? ui.result : ui.results, { count: new Intl.NumberFormat(lang).format(n) });
  }

  function filter(d, name) {
    var values = d.filters && d.filters[name];
    return values && values.length ? values[0] : "";
  }

  // An original's URL is its path in every language: here, after this language's prefix.
  function item(d, own) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    var path = (own ? "" : data.prefix) + d.url.replace(/^\//, "");
    a.href = new URL(data.root + path, location.href).href;
    var title = document.createElement("span");
    title.className = "lb-result-title";
    title.textContent = nfc(decode(d.meta.title || path).replace(HAIR, ""));
    var about = document.createElement("span");
    about.className = "lb-result-meta";
    var kind = filter(d, "type"), written = own ? lang : data.source;
    var type = kind && (ui.types || {})[kind];
    about.textContent = [type, written !== lang ? ui.english : ui.own]
      .filter(Boolean).join(" · ");
    var text = document.createElement("span");
    text.className = "lb-result-excerpt";
    text.appendChild(excerpt(d));
    if (written !== lang) {
      title.lang = written;
      text.lang = written;
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
    var words = nfc(decode(d.content)).split(" ");
    var joins = decodeJoins(filter(d, "joins"));
    // Short, with the best match near the start: a phone shows its first line only.
    var size = joins ? 30 : 18, before = joins ? 4 : 3;
    var matched = new Set(d.locations);
    var best = d.weighted_locations.slice().sort(function (x, y) {
      return y.balanced_score - x.balanced_score;
    })[0];
    var centre = best ? best.location : 0;
    var from = Math.max(0, Math.min(centre - before, words.length - size));
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
    more.hidden = true;
  }

  function open() {
    if (!list.children.length) return;
    list.hidden = false;
    more.hidden = shown.count >= shown.hits.length;
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  input.addEventListener("input", function () { schedule(false); });
  input.addEventListener("focus", open);
  more.addEventListener("click", showMore);
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
      (all[at + 1] || (more.hidden ? all[at] : more)).focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at > 0 ? all[at - 1] : input).focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      input.focus();  // before closing: focusing the box opens the list again
      close();
    }
  });
  more.addEventListener("keydown", function (event) {
    var all = links();
    if (event.key === "ArrowUp" && all.length) {
      event.preventDefault();
      all[all.length - 1].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      input.focus();  // before closing: focusing the box opens the list again
      close();
    }
  });
  document.addEventListener("click", function (event) {
    var inside = [form, list, more].some(function (el) { return el.contains(event.target); });
    if (!inside) close();
  });

  if (input.value.trim()) schedule(true);
})();
