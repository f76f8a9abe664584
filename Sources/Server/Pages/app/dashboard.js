// The dashboard: GET /api/dashboard (upstreams, calls per minute, denials), /api/approvals and
// /api/pins, kept current by the audit log's live events. Everything from upstreams and the
// audit log goes on the page through GH.el (textContent) only.
(function () {
  "use strict";
  var el = GH.el;
  var $ = function (id) { return document.getElementById(id); };
  var DECISIONS = ["allow", "rate_limited", "require_approval", "deny"];
  var summary = null;

  function problem(text) {
    var node = $("dashboard-problem");
    node.hidden = !text;
    node.textContent = text || "";
  }

  // ---- Summary (upstreams, chart, denials)

  function loadSummary() {
    if (!GH.token.get()) { problem("Enter the admin token to see the dashboard."); return; }
    GH.api("GET", "/api/dashboard?minutes=60", null, { admin: true }).then(function (reply) {
      if (!reply.ok) { problem(GH.adminProblem(reply)); return; }
      problem(null);
      summary = reply.data;
      renderUpstreams();
      renderChart();
      renderDenials();
    });
  }

  function renderUpstreams() {
    var body = GH.clear($("upstreams").tBodies[0]);
    summary.upstreams.forEach(function (upstream) {
      var crash = upstream.lastCrash;
      body.appendChild(el("tr", { "data-server": upstream.server }, [
        el("td", {}, [el("code", { text: upstream.server }), " " + upstream.transport]),
        el("td", {}, [el("span", { class: "badge health-" + upstream.health, text: upstream.health })]),
        el("td", { text: upstream.sessions }),
        el("td", { text: upstream.policy ? upstream.policy.source + ", since " + GH.time(upstream.policy.activatedAt) : "" }),
        el("td", { text: crash ? GH.time(crash.time) + ": " + (crash.reason || crash.error || "") + " (" + upstream.crashesToday + " today)" : "none today" })
      ]));
    });
    if (!summary.upstreams.length) { body.appendChild(el("tr", {}, [el("td", { colspan: "5", class: "hint", text: "No upstream is configured." })])); }
  }

  function renderChart() {
    var chart = GH.clear($("call-chart"));
    var buckets = summary.callsPerMinute;
    var peak = 1;
    buckets.forEach(function (bucket) {
      var total = DECISIONS.reduce(function (sum, d) { return sum + (bucket[d] || 0); }, 0);
      peak = Math.max(peak, total);
    });
    buckets.forEach(function (bucket) {
      var total = DECISIONS.reduce(function (sum, d) { return sum + (bucket[d] || 0); }, 0);
      var column = el("div", { class: "bar", title: new Date(bucket.minute).toLocaleTimeString() + ": " +
        DECISIONS.map(function (d) { return (bucket[d] || 0) + " " + d; }).join(", ") });
      DECISIONS.forEach(function (d) {
        if (!bucket[d]) { return; }
        var part = el("div", { class: "segment decision-" + d });
        part.style.height = (100 * bucket[d] / peak) + "%";
        column.appendChild(part);
      });
      column.setAttribute("data-total", total);
      chart.appendChild(column);
    });
    var totals = summary.totals;
    $("call-totals").textContent = DECISIONS.map(function (d) { return (totals[d] || 0) + " " + d.replace("_", " "); }).join(" · ") +
      (summary.truncated ? " (busiest minutes only)" : "");
  }

  function renderDenials() {
    var body = GH.clear($("denials").tBodies[0]);
    summary.denials.forEach(addDenial);
    if (!summary.denials.length) { body.appendChild(el("tr", { class: "empty" }, [el("td", { colspan: "6", class: "hint", text: "No call was refused." })])); }
  }

  function addDenial(row, atTop) {
    var body = $("denials").tBodies[0];
    var empty = body.querySelector("tr.empty");
    if (empty) { body.removeChild(empty); }
    var line = el("tr", { "data-id": row.id }, [
      el("td", { text: GH.time(row.time) }), el("td", { text: row.server || "" }), el("td", {}, [el("code", { text: row.tool || "" })]),
      el("td", { text: row.grant || "" }), el("td", {}, [el("span", { class: "decision decision-" + row.decision, text: row.decision })]),
      el("td", { text: row.reason || "" })
    ]);
    if (atTop && body.firstChild) { body.insertBefore(line, body.firstChild); } else { body.appendChild(line); }
    while (body.rows.length > 20) { body.removeChild(body.lastChild); }
  }

  // A live tool_call row: count it in its minute and, when refused, list it.
  function countCall(row) {
    if (!summary) { return; }
    var minute = new Date(row.time);
    minute.setSeconds(0, 0);
    var buckets = summary.callsPerMinute;
    var last = buckets[buckets.length - 1];
    if (!last || new Date(last.minute) < minute) {
      last = { minute: minute.toISOString() };
      DECISIONS.forEach(function (d) { last[d] = 0; });
      buckets.push(last);
      if (buckets.length > 61) { buckets.shift(); }
    }
    if (row.decision in last) { last[row.decision] += 1; summary.totals[row.decision] = (summary.totals[row.decision] || 0) + 1; }
    renderChart();
    if (row.decision === "deny" || row.decision === "rate_limited") { addDenial(row, true); }
  }

  // ---- Approvals and pins (endpoints of their own; 404 in builds without them)

  function loadApprovals() {
    if (!GH.token.get()) { return; }
    GH.api("GET", "/api/approvals", null, { admin: true }).then(function (reply) {
      var list = GH.clear($("pending-approvals"));
      if (!reply.ok) { $("approvals-summary").textContent = GH.adminProblem(reply); return; }
      var items = Array.isArray(reply.data) ? reply.data : (reply.data.approvals || []);
      $("approvals-summary").textContent = items.length ? items.length + " call(s) waiting — decide them on the Approvals page." : "Nothing is waiting.";
      items.slice(0, 10).forEach(function (item) {
        list.appendChild(el("li", {}, [el("a", { href: "/approvals", text: item.tool }), " on " + item.server + ", grant " + (item.grant || "?") +
          ", since " + GH.time(item.requestedAt)]));
      });
    });
  }

  // Pins may come as an array, {pins: […]} or {servers: [{server, tools: […]}]}; a changed or
  // new tool carries its pinned and current definitions (old/new, pinned/current).
  function pinsFrom(data) {
    if (Array.isArray(data)) { return data; }
    if (data.pins) { return data.pins; }
    var pins = [];
    (data.servers || []).forEach(function (server) {
      (server.tools || []).forEach(function (tool) { pins.push(Object.assign({ server: server.server || server.name }, tool)); });
    });
    return pins;
  }

  function loadPins() {
    if (!GH.token.get()) { return; }
    GH.api("GET", "/api/pins", null, { admin: true }).then(function (reply) {
      var box = GH.clear($("pin-changes"));
      if (!reply.ok) { $("pins-summary").textContent = GH.adminProblem(reply); return; }
      var changed = pinsFrom(reply.data).filter(function (pin) { return pin.status && pin.status !== "pinned" && pin.status !== "approved"; });
      $("pins-summary").textContent = changed.length ? changed.length + " tool definition(s) changed or appeared since they were pinned." : "Every tool is as it was pinned.";
      changed.forEach(function (pin) {
        var before = pin.old || pin.pinned || pin.previous || null;
        var after = pin.observed || pin["new"] || pin.current || pin.definition || null;
        var name = pin.tool || pin.name || (after && after.name) || "?";
        var approve = el("button", { type: "button", class: "small", text: "Approve the new definition", onclick: function () {
          GH.api("POST", "/api/pins/" + encodeURIComponent(pin.server) + "/" + encodeURIComponent(name) + "/approve", {}, { admin: true })
            .then(function (r) { approve.textContent = r.ok ? "Approved" : GH.adminProblem(r); if (r.ok) { setTimeout(loadPins, 300); } });
        } });
        box.appendChild(el("article", { class: "pin-change", "data-tool": name }, [
          el("h3", {}, [el("code", { text: name }), " on " + pin.server + " ", el("span", { class: "badge", text: pin.status })]),
          diff(before ? JSON.stringify(before, null, 2) : "", after ? JSON.stringify(after, null, 2) : ""),
          approve
        ]));
      });
    });
  }

  // A line diff (longest common subsequence) of two definitions, as a <pre> of +/- lines.
  function diff(beforeText, afterText) {
    var a = beforeText ? beforeText.split("\n") : [];
    var b = afterText ? afterText.split("\n") : [];
    var lengths = [];
    for (var i = a.length; i >= 0; i--) {
      lengths[i] = [];
      for (var j = b.length; j >= 0; j--) {
        lengths[i][j] = i === a.length || j === b.length ? 0 : a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
      }
    }
    var out = el("pre", { class: "diff" });
    function line(kind, text) { out.appendChild(el("span", { class: "diff-" + kind, text: (kind === "add" ? "+ " : kind === "del" ? "- " : "  ") + text + "\n" })); }
    var x = 0, y = 0;
    while (x < a.length && y < b.length) {
      if (a[x] === b[y]) { line("same", a[x]); x++; y++; }
      else if (lengths[x + 1][y] >= lengths[x][y + 1]) { line("del", a[x]); x++; }
      else { line("add", b[y]); y++; }
    }
    for (; x < a.length; x++) { line("del", a[x]); }
    for (; y < b.length; y++) { line("add", b[y]); }
    return out;
  }

  // ---- Live

  var reloadTimer = null;
  function reloadSoon() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(loadSummary, 500);
  }

  function onRow(row) {
    if (row.kind === "tool_call") { countCall(row); }
    else if (row.kind === "approval_requested" || row.kind === "approval_decided") { loadApprovals(); }
    else if (row.kind === "pin_changed") { loadPins(); }
    else if (row.kind === "upstream_crashed" || row.kind === "session_opened" || row.kind === "session_closed" || row.kind === "policy_reloaded") { reloadSoon(); }
  }

  function loadAll() { loadSummary(); loadApprovals(); loadPins(); }

  var stream = GH.events("", onRow, function (state) {
    var live = $("live-state");
    live.setAttribute("data-state", state === "live" ? "live" : "waiting");
    live.textContent = state === "live" ? "Live." : state === "waiting" ? "Reconnecting…" : state;
  });
  GH.tokenForm(function () { loadAll(); stream.restart(); });
  loadAll();
  setInterval(loadSummary, 60000);
})();
