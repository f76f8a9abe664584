// Gatehouse pages (builder, approvals, dashboard): what they share. Vanilla JavaScript, no
// dependencies, no build step. Every string from a catalog, an upstream or the audit log is
// third-party text: it is put on the page with textContent (GH.el), never as HTML.
(function () {
  "use strict";
  var TOKEN_KEY = "gatehouse.adminToken";
  var NAME_KEY = "gatehouse.adminName";

  // el("td", {class: "x", "data-tool": name}, [child, "text"]) builds an element; strings
  // become text nodes, so markup in them stays inert.
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined || value === false) { return; }
      if (name === "text") { node.textContent = String(value); }
      else if (name === "value") { node.value = value; }
      else if (name.indexOf("on") === 0) { node.addEventListener(name.slice(2), value); }
      else { node.setAttribute(name, value === true ? "" : String(value)); }
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) { return; }
      node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
    return node;
  }

  // The admin token lives only in this tab's sessionStorage: never a cookie, never the URL.
  var token = {
    get: function () { return sessionStorage.getItem(TOKEN_KEY) || ""; },
    set: function (value) { if (value) { sessionStorage.setItem(TOKEN_KEY, value); } else { sessionStorage.removeItem(TOKEN_KEY); } },
    name: function () { return sessionStorage.getItem(NAME_KEY) || ""; },
    setName: function (value) { if (value) { sessionStorage.setItem(NAME_KEY, value); } else { sessionStorage.removeItem(NAME_KEY); } }
  };

  // api("POST", "/api/policies/validate", body, {admin: true}) resolves to {status, ok, data}
  // (data: the parsed JSON, or {error: …} when the answer was not JSON); it never rejects.
  function api(method, path, body, options) {
    var headers = { "Accept": "application/json" };
    if (body !== undefined && body !== null) { headers["Content-Type"] = "application/json"; }
    if (options && options.admin && token.get()) { headers["Authorization"] = "Bearer " + token.get(); }
    return fetch(path, { method: method, headers: headers, body: body === undefined || body === null ? undefined : JSON.stringify(body),
                         credentials: "omit", cache: "no-store" })
      .then(function (response) {
        return response.text().then(function (text) {
          var data;
          try { data = text ? JSON.parse(text) : {}; } catch (e) { data = { error: text || response.statusText }; }
          return { status: response.status, ok: response.ok, data: data };
        });
      }, function (error) {
        return { status: 0, ok: false, data: { error: "the gateway cannot be reached: " + error.message } };
      });
  }

  // What to say when an admin endpoint refuses.
  function adminProblem(reply) {
    if (reply.status === 401) { return "The admin token is missing or wrong: enter it above."; }
    if (reply.status === 403) { return (reply.data && reply.data.error) || "The admin API is closed on this gateway."; }
    if (reply.status === 404) { return "Not available in this build (the gateway answers 404)."; }
    return (reply.data && reply.data.error) || ("HTTP " + reply.status);
  }

  function download(text, fileName) {
    var link = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/json" })), download: fileName, class: "offscreen" });
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); document.body.removeChild(link); }, 1000);
  }

  function time(iso) {
    if (!iso) { return ""; }
    var date = new Date(iso);
    return isNaN(date) ? String(iso) : date.toLocaleString();
  }

  function badge(level) {
    var known = ["low", "medium", "high", "critical"].indexOf(level) >= 0;
    return el("span", { class: "badge" + (known ? " risk-" + level : ""), text: level || "unknown" });
  }

  // The live stream: GET /api/events read with fetch (EventSource cannot send the
  // Authorization header). Reconnects with Last-Event-ID, so no row is missed.
  // onRow(row) gets each audit row; onState("live" | "waiting" | message) the connection's state.
  function events(query, onRow, onState) {
    var lastID = null;
    var stopped = false;
    var controller = null;
    function connect() {
      if (stopped) { return; }
      if (!token.get()) { onState("Enter the admin token to see live updates."); retry(5000); return; }
      controller = new AbortController();
      var headers = { "Authorization": "Bearer " + token.get(), "Accept": "text/event-stream" };
      if (lastID !== null) { headers["Last-Event-ID"] = lastID; }
      fetch("/api/events" + (query ? "?" + query : ""), { headers: headers, signal: controller.signal, cache: "no-store" })
        .then(function (response) {
          if (!response.ok || !response.body) {
            return response.text().then(function (text) {
              var message = "HTTP " + response.status;
              try { message = JSON.parse(text).error || message; } catch (e) { /* not JSON */ }
              onState(message);
              retry(response.status === 401 || response.status === 403 ? 10000 : 3000);
            });
          }
          onState("live");
          return read(response.body.getReader());
        })
        .catch(function () { if (!stopped) { onState("waiting"); retry(3000); } });
    }
    function read(reader) {
      var decoder = new TextDecoder();
      var buffer = "";
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { onState("waiting"); retry(1000); return; }
          buffer += decoder.decode(chunk.value, { stream: true });
          var blocks = buffer.split(/\r?\n\r?\n/);
          buffer = blocks.pop();
          blocks.forEach(dispatch);
          return pump();
        });
      }
      return pump();
    }
    function dispatch(block) {
      var data = [];
      var id = null;
      block.split(/\r?\n/).forEach(function (line) {
        if (line.indexOf("data:") === 0) { data.push(line.slice(5).replace(/^ /, "")); }
        else if (line.indexOf("id:") === 0) { id = line.slice(3).trim(); }
      });
      if (id !== null) { lastID = id; }
      if (!data.length) { return; }
      try { onRow(JSON.parse(data.join("\n"))); } catch (e) { /* a malformed event is skipped */ }
    }
    var timer = null;
    function retry(delay) {
      if (stopped || timer) { return; }
      timer = setTimeout(function () { timer = null; connect(); }, delay);
    }
    connect();
    return {
      restart: function () { if (controller) { controller.abort(); } clearTimeout(timer); timer = null; connect(); },
      stop: function () { stopped = true; if (controller) { controller.abort(); } }
    };
  }

  // The token form at the top of each page: <form id="token-form"> with #token-input.
  function tokenForm(onChange) {
    var form = document.getElementById("token-form");
    if (!form) { return; }
    var input = document.getElementById("token-input");
    var name = document.getElementById("token-name");
    var state = document.getElementById("token-state");
    input.setAttribute("data-placeholder", input.placeholder || "");
    function show() {
      state.textContent = token.get() ? "Admin token set for this tab." : "No admin token: building, validating and copying work; applying, simulating and live data need it.";
      form.setAttribute("data-has-token", token.get() ? "true" : "false");
      input.placeholder = token.get() ? "set (type to replace)" : (input.getAttribute("data-placeholder") || "");
      if (name) { name.value = token.name(); }
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      token.set(input.value.trim());
      if (name) { token.setName(name.value.trim()); }
      input.value = "";
      show();
      if (onChange) { onChange(); }
    });
    var forget = document.getElementById("token-forget");
    if (forget) {
      forget.addEventListener("click", function () { token.set(""); show(); if (onChange) { onChange(); } });
    }
    show();
  }

  window.GH = { el: el, clear: clear, api: api, adminProblem: adminProblem, download: download, time: time,
                badge: badge, events: events, token: token, tokenForm: tokenForm };
})();
