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

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) { return; }
      var text = source.textContent;
      copyText(text).then(function () {
        button.textContent = "Copied";
        button.setAttribute("data-copied", "true");
        setTimeout(function () { button.textContent = "Copy"; button.removeAttribute("data-copied"); }, 2000);
      }, function () {
        button.textContent = "Press Ctrl+C";
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      });
    });
  });

  // Search: search-index.js (a script, so it loads from file:// too) is fetched on first use.
  var index = null;
  var waiting = [];
  function withIndex(callback) {
    if (index) { callback(index); return; }
    waiting.push(callback);
    if (waiting.length > 1) { return; }
    var script = document.createElement("script");
    script.src = root + "search-index.js";
    script.onload = function () {
      index = (window.GATEHOUSE_SEARCH || []).map(function (entry) {
        return { name: entry[0], lower: entry[0].toLowerCase(), server: entry[1], serverLower: entry[1].toLowerCase(),
                 path: entry[2], level: entry[3], category: entry[4] };
      });
      var callbacks = waiting;
      waiting = [];
      callbacks.forEach(function (cb) { cb(index); });
    };
    document.head.appendChild(script);
  }

  function rank(entry, query) {
    if (entry.lower === query) { return 0; }
    if (entry.lower.indexOf(query) === 0) { return 1; }
    var at = entry.lower.indexOf(query);
    if (at > 0) { return 2 + at / 1000; }
    if (entry.serverLower.indexOf(query) >= 0) { return 5; }
    return -1;
  }

  function search(entries, query, limit) {
    var found = [];
    for (var i = 0; i < entries.length; i++) {
      var score = rank(entries[i], query);
      if (score >= 0) { found.push({ score: score, entry: entries[i] }); }
    }
    found.sort(function (a, b) { return a.score - b.score || a.entry.name.length - b.entry.name.length || (a.entry.name < b.entry.name ? -1 : 1); });
    return found.slice(0, limit).map(function (item) { return item.entry; });
  }

  function show(list, results, query) {
    list.textContent = "";
    if (!results.length) {
      var none = document.createElement("li");
      none.className = "empty";
      none.textContent = "No tool matches \u201c" + query + "\u201d";
      list.appendChild(none);
    }
    results.forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + entry.path;
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
      list.appendChild(item);
    });
    list.hidden = false;
  }

  document.querySelectorAll("input[data-search]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-results") || "search-results");
    if (!list) { return; }
    function update() {
      var query = input.value.trim().toLowerCase();
      if (!query) { list.hidden = true; list.textContent = ""; return; }
      withIndex(function (entries) {
        if (input.value.trim().toLowerCase() === query) { show(list, search(entries, query, 20), input.value.trim()); }
      });
    }
    input.addEventListener("focus", function () { withIndex(function () {}); });
    input.addEventListener("input", update);
    input.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector("a");
      if (first) { window.location.href = first.href; }
    });
    document.addEventListener("click", function (event) {
      if (!input.form.contains(event.target)) { list.hidden = true; }
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
