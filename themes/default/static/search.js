// Offline search. The index is a set of small JavaScript files next to the search page
// (data/*.js), loaded with <script> tags so it works from file:// as well as from a server.
// Text is normalised by the same rules as the build (the tables come with data/index.js);
// words match as typed, as the beginning of longer words, and, failing that, shortened or one
// letter away; pages with every word come first, then pages with some of the telling words;
// scores were computed by the build. The steps are those of query() in src/search/mod.rs.
(function () {
  "use strict";
  var store = {};
  var waiting = {};
  var S = (window.quartierSearch = window.quartierSearch || {});
  S.put = function (key, value) {
    store[key] = value;
    (waiting[key] || []).forEach(function (f) { f(value); });
    delete waiting[key];
  };
  function load(key, file) {
    return new Promise(function (resolve) {
      if (store[key]) return resolve(store[key]);
      (waiting[key] = waiting[key] || []).push(resolve);
      if (document.querySelector('script[data-key="' + key + '"]')) return;
      var s = document.createElement("script");
      s.src = "data/" + file;
      s.setAttribute("data-key", key);
      s.onerror = function () { S.put(key, null); };
      document.head.appendChild(s);
    });
  }
  // The same steps as normalize() in src/search.rs.
  function normalize(text, m) {
    var lower = text.normalize("NFKD").toLowerCase();
    var out = "";
    for (var ch of lower) {
      if (Object.prototype.hasOwnProperty.call(m.map, ch)) out += m.map[ch];
      else if (!/\p{M}/u.test(ch)) out += ch;
    }
    // German digraphs in every language, until nothing changes ("uuee" → "uue" → "uu").
    for (var folded = ""; folded !== out; ) {
      folded = out;
      out = out.split("ae").join("a").split("oe").join("o").split("ue").join("u");
    }
    return out;
  }
  function tokenize(text) { return text.match(/[\p{L}\p{N}]+/gu) || []; }
  function shardKey(word) { return Array.from(word).slice(0, 2).join(""); }
  function add(stems, stem, share) { stems.set(stem, Math.max(stems.get(stem) || 0, share)); }
  function withPrefix(shard, prefix, stems, share) {
    for (var surface in shard.v) if (surface.startsWith(prefix)) add(stems, shard.v[surface], share);
  }
  function oneEditApart(a, b) {
    a = Array.from(a); b = Array.from(b);
    var short = a.length <= b.length ? a : b, long = a.length <= b.length ? b : a;
    if (long.length - short.length > 1 || a.join("") === b.join("")) return false;
    var start = 0;
    while (start < short.length && short[start] === long[start]) start++;
    if (short.length === long.length) return short.slice(start + 1).join("") === long.slice(start + 1).join("");
    return short.slice(start).join("") === long.slice(start + 1).join("");
  }
  // The same steps as candidate_stems() in src/search/mod.rs: stem → share of the score (of 2).
  function candidates(shard, word, isLast) {
    var stems = new Map();
    if (!shard) return stems;
    var chars = Array.from(word);
    if (Object.prototype.hasOwnProperty.call(shard.v, word)) add(stems, shard.v[word], 2);
    if (chars.length >= 3 || (isLast && chars.length >= 2)) withPrefix(shard, word, stems, isLast ? 2 : 1);
    var most = chars.length >= 8 ? 3 : 2;
    for (var cut = 1; stems.size === 0 && cut <= most && chars.length >= 3 + cut; cut++) withPrefix(shard, chars.slice(0, chars.length - cut).join(""), stems, 2);
    if (stems.size === 0 && chars.length >= 5) {
      var three = chars.slice(0, 3).join("");
      for (var surface in shard.v) if (surface.startsWith(three) && oneEditApart(word, surface)) add(stems, shard.v[surface], 1);
    }
    return stems;
  }
  function hex(key) {
    return Array.from(new TextEncoder().encode(key)).map(function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }
  // The shards a word needs: by two characters, or by three where the build split a large one
  // (for a two-letter last word, all of them). A missing file simply means no match.
  function shardsFor(manifest, lang, word, isLast) {
    var two = shardKey(word);
    var third = manifest.deep[two];
    var keys = [two];
    if (third !== undefined) {
      if (Array.from(word).length >= 3) keys = [Array.from(word).slice(0, 3).join("")];
      else if (isLast) keys = Array.from(third).map(function (c) { return two + c; });
      else keys = [];
    }
    return Promise.all(keys.map(function (k) { return load(lang + "/t-" + k, "t-" + hex(k) + ".js"); })).then(function (parts) {
      var merged = { v: {}, p: {} };
      parts.forEach(function (part) {
        if (!part) return;
        Object.assign(merged.v, part.v);
        Object.assign(merged.p, part.p);
      });
      return merged;
    });
  }
  // Adjacent words the pages write as one, as join_split_words() in src/search/mod.rs.
  function joinSplitWords(words, shards) {
    var out = [];
    for (var i = 0; i < words.length; i++) {
      var shard = shards[i];
      if (i + 1 < words.length && Array.from(words[i]).length >= 3 && shard) {
        var both = words[i] + words[i + 1];
        var occurs = Object.prototype.hasOwnProperty.call(shard.v, both);
        if (!occurs && i + 2 === words.length) for (var surface in shard.v) if (surface.startsWith(both)) { occurs = true; break; }
        if (occurs) { out.push({ word: both, shard: shard }); i++; continue; }
      }
      out.push({ word: words[i], shard: shard });
    }
    return out;
  }
  // A word the pages write as two, as split_joined_words() in src/search/mod.rs: after the
  // longest beginning that is a word of the pages, where the rest matches. The rests' shards
  // are loaded first, so this returns a promise of the words.
  function splitJoinedWords(manifest, lang, words) {
    return Promise.all(words.map(function (w, i) {
      var isLast = i === words.length - 1;
      var chars = Array.from(w.word);
      if (chars.length < 7 || !w.shard || candidates(w.shard, w.word, isLast).size > 0) return [w];
      var cuts = [];
      for (var k = chars.length - 3; k >= 3; k--) {
        if (Object.prototype.hasOwnProperty.call(w.shard.v, chars.slice(0, k).join(""))) cuts.push(k);
      }
      return Promise.all(cuts.map(function (k) { return shardsFor(manifest, lang, chars.slice(k).join(""), isLast); })).then(function (shards) {
        for (var j = 0; j < cuts.length; j++) {
          var right = chars.slice(cuts[j]).join("");
          if (candidates(shards[j], right, isLast).size > 0) return [{ word: chars.slice(0, cuts[j]).join(""), shard: w.shard }, { word: right, shard: shards[j] }];
        }
        return [w];
      });
    })).then(function (parts) { return [].concat.apply([], parts); });
  }
  // Whether `doc` is in one of the [first, last] runs (offices, listing pages) of the manifest.
  function within(runs, doc) {
    return (runs || []).some(function (r) { return doc >= r[0] && doc <= r[1]; });
  }
  function run(manifest, lang, text) {
    var raw = tokenize(normalize(text, manifest));
    if (raw.length === 0) return Promise.resolve([]);
    return Promise.all(raw.map(function (w, i) { return shardsFor(manifest, lang, w, i === raw.length - 1); })).then(function (shards) {
      return splitJoinedWords(manifest, lang, joinSplitWords(raw, shards));
    }).then(function (words) {
      // A word for an office (or its hours, with an ending too) asks for office pages: they
      // come first, and the other words decide which.
      var officeWords = manifest.officeWords || [];
      function isOfficeWord(w) { return officeWords.some(function (o) { return w.word.startsWith(o); }); }
      var namesOffice = words.some(isOfficeWord);
      if (namesOffice && words.some(function (w) { return !isOfficeWord(w); })) words = words.filter(function (w) { return !isOfficeWord(w); });
      var perWord = words.map(function (w, i) {
        var scores = new Map();
        candidates(w.shard, w.word, i === words.length - 1).forEach(function (share, stem) {
          (w.shard.p[stem] || []).forEach(function (posting) {
            scores.set(posting[0], Math.max(scores.get(posting[0]) || 0, Math.floor((posting[1] * share) / 2)));
          });
        });
        return scores;
      });
      var all = null;
      perWord.forEach(function (scores) {
        if (all === null) { all = new Map(scores); return; }
        var next = new Map();
        all.forEach(function (s, doc) { if (scores.has(doc)) next.set(doc, s + scores.get(doc)); });
        all = next;
      });
      function first(doc) { return namesOffice && within(manifest.offices, doc) ? 1 : 0; }
      var ranked = Array.from(all || new Map()).sort(function (a, b) { return first(b[0]) - first(a[0]) || b[1] - a[1] || a[0] - b[0]; });
      var found = ranked.map(function (e) { return e[0]; });
      if (perWord.length > 1) {
        // Then pages with some of the words: how many telling ones (a word on more than half
        // of the pages does not count), then the score, a rare word weighing up to 20 times.
        var some = new Map();
        perWord.forEach(function (scores) {
          if (scores.size === 0) return;
          var telling = scores.size * 2 <= manifest.docs ? 1 : 0;
          var weight = Math.min(Math.ceil(Math.max(manifest.docs, 1) / scores.size), 20);
          scores.forEach(function (score, doc) {
            var entry = some.get(doc) || [0, 0];
            some.set(doc, [entry[0] + telling, entry[1] + score * weight]);
          });
        });
        var seen = new Set(found);
        Array.from(some).filter(function (e) { return e[1][0] > 0 && !seen.has(e[0]); })
          .sort(function (a, b) { return b[1][0] - a[1][0] || first(b[0]) - first(a[0]) || b[1][1] - a[1][1] || a[0] - b[0]; })
          .forEach(function (e) { found.push(e[0]); });
      }
      // Pages that list everything (home, partner directory) after the pages about the thing.
      return found.filter(function (d) { return !within(manifest.listings, d); }).concat(found.filter(function (d) { return within(manifest.listings, d); }));
    });
  }
  S.normalize = normalize;
  S.run = run;

  function plural(manifest, n) {
    var category = "other";
    try { category = new Intl.PluralRules(document.documentElement.lang).select(n); } catch (e) { /* keep other */ }
    var text = manifest.labels["search_results." + category] || manifest.labels["search_results.other"];
    return text.replace("{n}", String(n));
  }

  function start() {
    var form = document.querySelector(".search-form");
    if (!form) return;
    var lang = form.getAttribute("data-lang");
    var input = document.getElementById("search-query");
    var kind = document.getElementById("search-kind");
    var district = document.getElementById("search-district");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    load(lang + "/index", "index.js").then(function (manifest) {
      if (!manifest) return;
      S.manifest = manifest;
      // Each search has a ticket; one overtaken by a newer one (typing) shows nothing.
      var ticket = 0;
      function find() {
        var mine = ++ticket;
        var text = input.value.trim();
        list.textContent = "";
        if (Array.from(normalize(text, manifest).replace(/[^\p{L}\p{N}]/gu, "")).length < 2) {
          status.textContent = text ? manifest.labels.search_too_short : "";
          return Promise.resolve();
        }
        return run(manifest, lang, text).then(function (found) {
          // Without a filter only the first ten results need their titles; the count is of all.
          var filtered = kind.value || district.value;
          var total = found.length;
          found = found.slice(0, filtered ? 200 : 10);
          var shards = {};
          found.forEach(function (d) { shards[Math.floor(d / manifest.perShard)] = true; });
          return Promise.all(Object.keys(shards).map(function (n) { return load(lang + "/d-" + n, "d-" + n + ".js"); })).then(function () {
            if (mine !== ticket) return;
            list.textContent = "";
            var shown = found.map(function (d) {
              var docs = store[lang + "/d-" + Math.floor(d / manifest.perShard)] || [];
              return docs[d % manifest.perShard];
            }).filter(function (doc) {
              return doc && (!kind.value || doc[1] === kind.value) && (!district.value || doc[2].indexOf(district.value) >= 0);
            });
            shown.slice(0, 10).forEach(function (doc) {
              var li = document.createElement("li");
              var a = document.createElement("a");
              a.href = "../../" + doc[0].replace(/^\//, "") + "index.html";
              a.textContent = doc[3];
              var meta = document.createElement("span");
              meta.className = "search-kind";
              var names = doc[2].map(function (id) { return manifest.districts[id] || id; }).join(manifest.labels.list_separator || ", ");
              meta.textContent = " · " + (manifest.labels["search_kind_" + doc[1]] || "") + (names ? " · " + names : "");
              var p = document.createElement("p");
              p.textContent = doc[4];
              li.appendChild(a);
              li.appendChild(meta);
              li.appendChild(p);
              list.appendChild(li);
            });
            var count = filtered ? shown.length : total;
            status.textContent = count ? plural(manifest, count) : manifest.labels.search_results_none;
          });
        });
      }
      // Offline on phones: once the service worker runs, fetch this language's whole index
      // through it, then say that search works without a network. Not before the first
      // search (or a quiet moment): the first results wait only for their own few files.
      var saving = false;
      function saveForOffline() {
        if (saving || !("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
        saving = true;
        var stamp = "quartier-offline-" + lang + "-" + manifest.version;
        var note = document.getElementById("offline-note");
        var done = false;
        try { done = localStorage.getItem(stamp) === "1"; } catch (e) { /* private mode */ }
        if (done && note) note.hidden = false;
        if (!done) navigator.serviceWorker.ready.then(function () {
          return fetch("data/files.json").then(function (r) { return r.json(); }).then(function (files) {
            return Promise.all(files.map(function (f) { return fetch("data/" + f); }));
          }).then(function () {
            try { localStorage.setItem(stamp, "1"); } catch (e) { /* private mode */ }
            if (note) note.hidden = false;
          });
        }).catch(function () { /* stays online-only */ });
      }
      function later() {
        setTimeout(function () {
          if ("requestIdleCallback" in window) window.requestIdleCallback(saveForOffline);
          else saveForOffline();
        }, 5000);
      }
      later();
      function search() { return find().then(later); }
      S.search = search;
      // Results as you type, a moment after the last key; Enter still searches at once.
      var typing = null;
      input.addEventListener("input", function () {
        clearTimeout(typing);
        typing = setTimeout(search, 250);
      });
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        clearTimeout(typing);
        if (location.protocol !== "file:") history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
        search();
      });
      kind.addEventListener("change", search);
      district.addEventListener("change", search);
      var q = new URLSearchParams(location.search).get("q");
      if (q) { input.value = q; search(); }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
