// Offline search. The index is a set of small JavaScript files next to the search page
// (data/*.js), loaded with <script> tags so it works from file:// as well as from a server.
// Text is normalised by the same rules as the build (the tables come with data/index.js);
// every word must match; the last word matches as a prefix; scores were computed by the build.
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
    // Until nothing changes, as in src/search.rs ("uuee" → "uue" → "uu").
    if (m.digraphs) {
      for (var folded = ""; folded !== out; ) {
        folded = out;
        out = out.split("ae").join("a").split("oe").join("o").split("ue").join("u");
      }
    }
    return out;
  }
  function tokenize(text) { return text.match(/[\p{L}\p{N}]+/gu) || []; }
  function shardKey(word) { return Array.from(word).slice(0, 2).join(""); }
  function withPrefix(shard, prefix, stems) {
    for (var surface in shard.v) if (surface.startsWith(prefix)) stems.add(shard.v[surface]);
  }
  // The same steps as candidate_stems() and query() in src/search.rs.
  function candidates(shard, word, isLast) {
    var stems = new Set();
    if (!shard) return stems;
    var chars = Array.from(word);
    if (isLast && chars.length >= 2) withPrefix(shard, word, stems);
    else if (Object.prototype.hasOwnProperty.call(shard.v, word)) stems.add(shard.v[word]);
    for (var cut = 1; stems.size === 0 && cut <= 2 && chars.length - cut >= 4; cut++) withPrefix(shard, chars.slice(0, chars.length - cut).join(""), stems);
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
  function run(manifest, lang, text) {
    var words = tokenize(normalize(text, manifest));
    if (words.length === 0) return Promise.resolve([]);
    return Promise.all(words.map(function (w, i) { return shardsFor(manifest, lang, w, i === words.length - 1); })).then(function (shards) {
      var total = null;
      words.forEach(function (word, i) {
        var scores = new Map();
        candidates(shards[i], word, i === words.length - 1).forEach(function (stem) {
          (shards[i].p[stem] || []).forEach(function (posting) {
            scores.set(posting[0], Math.max(scores.get(posting[0]) || 0, posting[1]));
          });
        });
        if (total === null) total = scores;
        else {
          var next = new Map();
          total.forEach(function (s, doc) { if (scores.has(doc)) next.set(doc, s + scores.get(doc)); });
          total = next;
        }
      });
      return Array.from(total || new Map()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; }).map(function (e) { return e[0]; });
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
      function search() {
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
              var names = doc[2].map(function (id) { return manifest.districts[id] || id; }).join(", ");
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
      S.search = search;
      // Offline on phones: once the service worker runs, fetch this language's whole index
      // through it, then say that search works without a network.
      if ("serviceWorker" in navigator && /^https?:$/.test(location.protocol)) {
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
      form.addEventListener("submit", function (e) {
        e.preventDefault();
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
