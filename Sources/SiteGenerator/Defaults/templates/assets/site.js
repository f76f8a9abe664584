// Gatehouse docs site: copy buttons and search. Vanilla JavaScript, no dependencies; everything
// from the catalog is inserted with textContent, never as HTML.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";

  // Copy buttons: <button data-copy="ID"> copies the text of the element with that id, exactly.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  // The button is hidden in the HTML: without JavaScript it could do nothing. Its outcome is
  // announced through the live region beside it.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    var status = button.parentNode.querySelector(".copy-status");
    function announce(text) { if (status) { status.textContent = ""; status.textContent = text; } }
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) { return; }
      var text = source.textContent;
      copyText(text).then(function () {
        button.textContent = "Copied";
        button.setAttribute("data-copied", "true");
        announce("Copied policy.json to the clipboard");
        setTimeout(function () { button.textContent = "Copy"; button.removeAttribute("data-copied"); }, 2000);
      }, function () {
        button.textContent = "Press Ctrl+C";
        announce("Copying failed: the policy is selected, press Ctrl+C");
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      });
    });
  });

  // Search. The index is split into shards (SearchIndex.swift): search/index.js lists them,
  // search/t/<key>.js holds the terms whose key is <key> and the tools they occur in, and
  // search/r/<n>.js what a result shows for tools n*100 onwards. Each is a script that calls
  // GATEHOUSE_SEARCH(path, data) — scripts, not fetch, so the site searches from file:// too.
  var loaded = {};
  var pending = {};
  window.GATEHOUSE_SEARCH = function (path, data) {
    loaded[path] = data;
    var callbacks = pending[path] || [];
    delete pending[path];
    callbacks.forEach(function (cb) { cb(data); });
  };
  function load(path, callback) {
    if (Object.prototype.hasOwnProperty.call(loaded, path)) { callback(loaded[path]); return; }
    if (pending[path]) { pending[path].push(callback); return; }
    pending[path] = [callback];
    var script = document.createElement("script");
    script.src = root + "search/" + path + ".js";
    script.onerror = function () { window.GATEHOUSE_SEARCH(path, null); };
    document.head.appendChild(script);
  }
  function loadAll(paths, callback) {
    var left = paths.length;
    if (!left) { callback(); return; }
    paths.forEach(function (path) { load(path, function () { left -= 1; if (!left) { callback(); } }); });
  }

  // The rules of SearchTerms.swift: lowercased runs of letters and digits, two or more, cut at 64.
  var STOP = ("an and are as at be by for from if in is it of on or that the this to with you your can will which its into").split(" ");
  var TERM_LIMIT = 64;
  function terms(text) {
    return (text.toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) || [])
      .map(function (t) { return Array.from(t).slice(0, TERM_LIMIT).join(""); })
      .filter(function (t) { return Array.from(t).length >= 2; });
  }
  function shardKey(term, depth) {
    return Array.from(term).slice(0, depth).map(function (c) {
      var cp = c.codePointAt(0);
      if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39)) { return c; }
      var low = (cp & 0xff).toString(16);
      return "_" + (low.length === 1 ? "0" + low : low);
    }).join("");
  }
  // The shards that can hold `term` (and, for a prefix, every term that starts with it).
  function shardsFor(term, prefix, manifest) {
    var found = [];
    for (var depth = 6; depth >= 1; depth--) {
      if (manifest.shardSet[shardKey(term, depth)]) { found.push(shardKey(term, depth)); break; }
    }
    if (prefix) {
      var whole = shardKey(term, TERM_LIMIT);
      manifest.shards.forEach(function (key) {
        if (key.length > whole.length && key.indexOf(whole) === 0) { found.push(key); }
      });
    }
    return found.map(function (key) { return "t/" + key; });
  }
  // tool number -> best field for one query term, from the loaded shards.
  var FIELD_WEIGHT = function (field) { return field >= 3 ? 8 : field === 2 ? 4 : field === 1 ? 2 : 1; };
  function matches(term, prefix, manifest) {
    var best = {};
    shardsFor(term, prefix, manifest).forEach(function (path) {
      var shard = loaded[path];
      if (!shard) { return; }
      Object.keys(shard).forEach(function (key) {
        var exact = key === term;
        if (!exact && !(prefix && key.indexOf(term) === 0)) { return; }
        var code = 0;
        shard[key].forEach(function (delta) {
          code += delta;
          var id = Math.floor(code / 16), field = code % 16;
          var weight = FIELD_WEIGHT(field) + (exact ? 0.5 : 0);
          var seen = best[id];
          if (!seen || seen.weight < weight) { best[id] = { weight: weight, field: field }; }
        });
      });
    });
    return best;
  }
  var manifest = null;
  function withManifest(callback) {
    if (manifest) { callback(manifest); return; }
    load("index", function (data) {
      if (!data) { return; }
      manifest = data;
      manifest.shardSet = {};
      data.shards.forEach(function (key) { manifest.shardSet[key] = true; });
      callback(manifest);
    });
  }
  // Every tool matching all the query's words, ranked: the exact name, then tools whose name
  // holds every word (fewer other words first), then by where the words occur (name, title,
  // server or what it touches, description); ties stay worst first, the index's order.
  function search(query, callback) {
    var words = terms(query);
    var wanted = words.filter(function (t) { return STOP.indexOf(t) < 0; });
    if (!wanted.length) { wanted = words; }
    if (!wanted.length) { callback(null); return; }
    var prefix = !/\s$/.test(query);
    var joined = Array.from(words.join("")).slice(0, TERM_LIMIT).join("");
    withManifest(function (m) {
      var paths = shardsFor(joined, false, m);
      wanted.forEach(function (t) { paths = paths.concat(shardsFor(t, true, m)); });
      loadAll(paths, function () {
        var perTerm = wanted.map(function (t) { return matches(t, prefix || wanted.length > 1, m); });
        var exactName = matches(joined, false, m);
        perTerm.sort(function (a, b) { return Object.keys(a).length - Object.keys(b).length; });
        var found = [];
        Object.keys(perTerm[0]).forEach(function (key) {
          var score = 0, inName = true, words = 0;
          for (var i = 0; i < perTerm.length; i++) {
            var hit = perTerm[i][key];
            if (!hit) { return; }
            score += hit.weight;
            if (hit.field < 3) { inName = false; } else if (hit.field < 15) { words = hit.field - 2; }
          }
          var id = +key;
          var exact = exactName[key] && exactName[key].field === 15;
          found.push({ id: id, tier: exact ? 0 : inName ? 1 : 2, score: score, words: inName ? words : 0 });
        });
        found.sort(function (a, b) { return a.tier - b.tier || b.score - a.score || a.words - b.words || a.id - b.id; });
        callback(found.map(function (f) { return f.id; }), m);
      });
    });
  }
  function withRecords(ids, size, callback) {
    var paths = [];
    ids.forEach(function (id) { var p = "r/" + Math.floor(id / size); if (paths.indexOf(p) < 0) { paths.push(p); } });
    loadAll(paths, function () {
      callback(ids.map(function (id) {
        var shard = loaded["r/" + Math.floor(id / size)];
        var r = shard && shard[id % size];
        return r ? { name: r[0], server: r[1], path: r[2], level: r[3], category: r[4] } : null;
      }).filter(Boolean));
    });
  }

  var PAGE = 20;
  function plural(n) { return n === 1 ? "1 tool" : n.toLocaleString("en") + " tools"; }
  function option(list, index) {
    var item = document.createElement("li");
    item.setAttribute("role", "option");
    item.id = list.id + "-option-" + index;
    item.setAttribute("aria-selected", "false");
    return item;
  }
  function resultItem(list, index, entry) {
    var item = option(list, index);
    var link = document.createElement("a");
    link.href = root + entry.path;
    link.tabIndex = -1;
    var name = document.createElement("span");
    name.className = "name";
    name.textContent = entry.name;
    var badge = document.createElement("span");
    badge.className = "badge risk-" + entry.level;
    badge.textContent = entry.level;
    var server = document.createElement("span");
    server.className = "server";
    server.textContent = " " + entry.server + " \u00b7 " + entry.category;
    link.appendChild(name);
    link.appendChild(document.createTextNode(" "));
    link.appendChild(badge);
    link.appendChild(server);
    item.appendChild(link);
    return item;
  }

  document.querySelectorAll("input[data-search]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-results") || "search-results");
    var status = document.getElementById(list && list.getAttribute("data-status"));
    if (!list) { return; }
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Matching tools");
    var state = { query: null, ids: [], shown: 0, active: -1, pendingActive: -1 };

    function announce(text) { if (status) { status.textContent = text; } }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      state.active = -1;
    }
    function options() { return list.querySelectorAll("li[role=option]"); }
    function activate(index) {
      var all = options();
      if (!all.length) { return; }
      if (index < 0) { index = all.length - 1; }
      if (index >= all.length) { index = 0; }
      all.forEach(function (o) { o.classList.remove("active"); o.setAttribute("aria-selected", "false"); });
      state.active = index;
      all[index].classList.add("active");
      all[index].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    }
    function showMore(query, m) {
      var next = state.ids.slice(state.shown, state.shown + PAGE);
      withRecords(next, m.records, function (entries) {
        if (state.query !== query) { return; }
        var more = list.querySelector("li.more");
        if (more) { list.removeChild(more); }
        entries.forEach(function (entry) { list.appendChild(resultItem(list, state.shown++, entry)); });
        if (state.shown < state.ids.length) {
          more = option(list, "more");
          more.className = "more";
          var button = document.createElement("button");
          button.type = "button";
          button.tabIndex = -1;
          button.textContent = "Show " + Math.min(PAGE, state.ids.length - state.shown) + " more (" + state.shown + " of " + plural(state.ids.length) + " shown)";
          button.addEventListener("click", function () { showMore(query, m); input.focus(); });
          more.appendChild(button);
          list.appendChild(more);
        }
        list.hidden = false;
        list.removeAttribute("aria-busy");
        input.setAttribute("aria-expanded", "true");
        if (state.pendingActive >= 0) { activate(state.pendingActive); state.pendingActive = -1; }
      });
    }
    function update() {
      var query = input.value;
      if (!query.trim()) { state.query = null; close(); list.textContent = ""; list.removeAttribute("aria-busy"); announce(""); return; }
      state.query = query;
      // Busy until this query's results are on the list (the records load after the count).
      list.setAttribute("aria-busy", "true");
      search(query, function (ids, m) {
        if (state.query !== query) { return; }
        if (!ids) { close(); list.textContent = ""; list.removeAttribute("aria-busy"); announce(""); return; }
        state.ids = ids;
        state.shown = 0;
        state.active = -1;
        input.removeAttribute("aria-activedescendant");
        list.textContent = "";
        var count = document.createElement("li");
        count.className = "count";
        count.setAttribute("role", "presentation");
        count.textContent = ids.length ? plural(ids.length) + " match \u201c" + query.trim() + "\u201d" : "No tool matches \u201c" + query.trim() + "\u201d";
        list.appendChild(count);
        announce(count.textContent);
        if (!ids.length) { list.hidden = false; list.removeAttribute("aria-busy"); input.setAttribute("aria-expanded", "true"); return; }
        showMore(query, m);
      });
    }
    input.addEventListener("focus", function () { withManifest(function () {}); });
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); if (list.hidden && state.query) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } activate(state.active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); activate(state.active - 1); }
      else if (event.key === "Escape") { if (!list.hidden) { event.preventDefault(); close(); } }
      else if (event.key === "Enter" && state.active >= 0) {
        event.preventDefault();
        var chosen = options()[state.active];
        var button = chosen && chosen.querySelector("button");
        if (button) { state.pendingActive = state.active; button.click(); return; }
        var link = chosen && chosen.querySelector("a");
        if (link) { window.location.href = link.href; }
      }
    });
    input.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector("li[role=option] a");
      if (first) { window.location.href = first.href; }
    });
    document.addEventListener("click", function (event) {
      // A "show more" button is gone by the time the click reaches the document.
      if (event.target.isConnected && !input.form.contains(event.target)) { close(); }
    });
    var params = new URLSearchParams(window.location.search);
    if (params.get("q") && input.offsetParent !== null) { input.value = params.get("q"); update(); }
  });

  // The server directory's filter: hides the rows of this page that do not contain the text.
  document.querySelectorAll("input[data-filter-table]").forEach(function (input) {
    var table = document.querySelector("table." + input.getAttribute("data-filter-table"));
    if (!table) { return; }
    input.closest(".filter").hidden = false;
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      table.querySelectorAll("tbody tr").forEach(function (row) {
        row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) < 0;
      });
    });
  });
})();
