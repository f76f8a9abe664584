// The policy builder: pick a server, set each tool's action and limit, watch policy.json and
// its validation update, try it (explain, simulate), apply it. Tool names and descriptions are
// third-party text: they reach the page through GH.el (textContent) only.
(function () {
  "use strict";
  var el = GH.el;
  var $ = function (id) { return document.getElementById(id); };

  var ACTIONS = [
    ["none", "no rule (default)"], ["allow", "allow"], ["limit", "allow, rate-limited"],
    ["approval", "require approval"], ["deny", "deny"], ["hide", "hide and deny"]
  ];
  var WINDOWS = ["second", "minute", "hour", "day"];
  var SCOPES = [["grant", "per grant"], ["session", "per session"], ["global", "in total"]];

  var state = {
    servers: [],
    server: null,          // the chosen entry of GET /api/servers
    tools: [],             // GET /api/servers/<id>/tools
    rules: {},             // tool name -> form rule (see formRule)
    extraRules: [],        // [key, rule] of a loaded policy that name no listed tool (patterns): kept as written
    defaultAction: "deny",
    hideAll: false,        // a loaded policy's "hide": ["*"], kept as written
    description: null,
    policyLimits: null,    // a loaded policy's top-level limits, kept as written
    validation: 0          // sequence number of the latest validation request
  };

  // ---- Form rules <-> policy rules

  // A form rule: {action, max, window, scope, reason, counter, limitExtras, extraLimits, extras}.
  // extras keep what the form has no control for (description, conditions, PolicyLayer's
  // require and deny_if entries, approver, remember), so starting from the recommendation keeps
  // its amount caps and loading a PolicyLayer document keeps its argument checks.
  var CHECKS = ["conditions", "require", "deny_if"];

  function formRule(rule) {
    rule = rule || {};
    var form = { action: "allow", max: "", window: "minute", scope: "grant", reason: rule.reason || "", counter: null,
                 limitExtras: {}, extraLimits: [], extras: {} };
    ["description", "approver", "remember"].concat(CHECKS).forEach(function (key) {
      if (rule[key] !== undefined) { form.extras[key] = rule[key]; }
    });
    // PolicyLayer blocks a tool with a deny_if entry without conditions: the form's "deny",
    // with that entry's on_deny as the reason.
    var blocking = (rule.deny_if || []).filter(function (entry) { return (entry.conditions || []).length === 0; })[0];
    if (blocking) {
      delete form.extras.deny_if;
      if (!form.reason && blocking.on_deny) { form.reason = blocking.on_deny; }
    }
    var limits = (rule.limits || []).slice();
    if (rule.rate_limit) {
      limits.unshift({ window: rule.rate_limit.window, max: rule.rate_limit.max, scope: rule.rate_limit.scope || "grant" });
    }
    if (limits.length) {
      var first = limits.shift();
      form.max = String(first.max);
      form.window = first.window;
      form.scope = first.scope || "grant";
      form.counter = first.counter || null;
      ["increment_from", "align"].forEach(function (key) { if (first[key] !== undefined) { form.limitExtras[key] = first[key]; } });
      form.extraLimits = limits;
    }
    if (rule.hide) { form.action = "hide"; }
    else if (rule.action === "deny" || blocking) { form.action = "deny"; }
    else if (rule.action === "require_approval") { form.action = "approval"; }
    else if (limits.length || form.max !== "") { form.action = "limit"; }
    return form;
  }

  function ruleJSON(form, counter) {
    var rule = {};
    if (form.extras.description !== undefined) { rule.description = form.extras.description; }
    if (form.action === "deny") { rule.action = "deny"; }
    if (form.action === "approval") { rule.action = "require_approval"; }
    if (form.action === "hide") { rule.hide = true; }
    if (form.reason) { rule.reason = form.reason; }
    var admits = form.action === "allow" || form.action === "limit" || form.action === "approval";
    if (admits) {
      CHECKS.forEach(function (key) { if (form.extras[key] !== undefined) { rule[key] = form.extras[key]; } });
    }
    if ((form.action === "limit" || form.action === "approval") && form.max !== "") {
      var limit = { counter: counter, window: form.window, max: Number(form.max) };
      if (form.scope !== "grant") { limit.scope = form.scope; }
      Object.keys(form.limitExtras).forEach(function (key) { limit[key] = form.limitExtras[key]; });
      rule.limits = [limit].concat(form.extraLimits);
    } else if (admits && form.extraLimits.length) {
      rule.limits = form.extraLimits;
    }
    if (form.action === "approval") {
      if (form.extras.approver !== undefined) { rule.approver = form.extras.approver; }
      if (form.extras.remember !== undefined) { rule.remember = form.extras.remember; }
    }
    return rule;
  }

  // The policy the form describes, in the order people write it.
  function buildPolicy() {
    var policy = { version: "1" };
    if (state.description) { policy.description = state.description; }
    policy["default"] = state.defaultAction;
    var tools = {};
    var used = {};
    state.tools.forEach(function (tool) {
      var form = state.rules[tool.tool];
      if (!form || form.action === "none") { return; }
      tools[tool.tool] = ruleJSON(form, counterFor(tool.tool, form, used));
    });
    state.extraRules.forEach(function (entry) { if (!(entry[0] in tools)) { tools[entry[0]] = entry[1]; } });
    policy.tools = tools;
    if (state.policyLimits) { policy.limits = state.policyLimits; }
    if (state.hideAll) { policy.hide = ["*"]; }
    return policy;
  }

  // Each limit gets its own counter (tool name, lowercased, + "_rate", as the recommendation
  // names them); two tools whose names differ only in case do not share one by accident.
  function counterFor(name, form, used) {
    var base = form.counter || name.toLowerCase() + "_rate";
    var counter = base;
    for (var n = 2; used[counter]; n++) { counter = base + "_" + n; }
    used[counter] = true;
    return counter;
  }

  function policyText() {
    return JSON.stringify(buildPolicy(), null, 2) + "\n";
  }

  // Loads a whole policy into the form: exact tool names become form rows, anything else is kept.
  // A PolicyLayer document is read into the same form and written back in Gatehouse's own
  // spelling: its hide list becomes each tool's "hide and deny", all_tools.limits the
  // policy-wide limits; "hide": ["*"], which no row can say, is kept as written.
  function loadPolicy(policy) {
    var names = {};
    state.tools.forEach(function (tool) { names[tool.tool] = true; });
    state.rules = {};
    state.extraRules = [];
    state.defaultAction = policy["default"] === "allow" ? "allow" : "deny";
    state.description = policy.description || null;
    var limits = (policy.limits || []).concat((policy.all_tools || {}).limits || []);
    state.policyLimits = limits.length ? limits : null;
    var hidden = (policy.hide || []).filter(function (name) { return name !== "*"; });
    state.hideAll = (policy.hide || []).indexOf("*") >= 0;
    Object.keys(policy.tools || {}).forEach(function (key) {
      if (hidden.indexOf(key) >= 0) { return; }
      if (names[key]) { state.rules[key] = formRule(policy.tools[key]); }
      else { state.extraRules.push([key, policy.tools[key]]); }
    });
    hidden.forEach(function (name) {
      var reason = (policy.tools || {})[name] && policy.tools[name].reason;
      var rule = reason ? { hide: true, reason: reason } : { hide: true };
      if (names[name]) { state.rules[name] = formRule(rule); }
      else { state.extraRules.push([name, rule]); }
    });
    renderTools();
    update();
  }

  // ---- Rendering

  function renderServers() {
    var select = GH.clear($("server-select"));
    select.appendChild(el("option", { value: "", text: "Choose a server…" }));
    var configured = el("optgroup", { label: "Configured in this gateway" });
    var catalog = el("optgroup", { label: "From the catalog" });
    state.servers.forEach(function (server) {
      var label = server.name === server.id ? server.id : server.name + " (" + server.id + ")";
      if (server.running) { label += " — running"; }
      (server.configured ? configured : catalog).appendChild(el("option", { value: server.id, text: label }));
    });
    if (configured.children.length) { select.appendChild(configured); }
    if (catalog.children.length) { select.appendChild(catalog); }
    var wanted = new URLSearchParams(location.search).get("server");
    if (wanted && state.servers.some(function (s) { return s.id === wanted; })) {
      select.value = wanted;
      chooseServer(wanted);
    }
  }

  function option(value, text, selected) {
    var node = el("option", { value: value, text: text });
    if (selected) { node.selected = true; }
    return node;
  }

  function renderTools() {
    var body = GH.clear($("tool-table").tBodies[0]);
    state.tools.forEach(function (tool) { body.appendChild(toolRow(tool)); });
    filterTools();
    var extra = $("extra-rules");
    if (state.extraRules.length) {
      extra.hidden = false;
      extra.textContent = "Also kept as written (patterns or tools this server does not list): " +
        state.extraRules.map(function (entry) { return entry[0]; }).join(", ");
    } else {
      extra.hidden = true;
    }
    $("default-select").value = state.defaultAction;
    var explain = GH.clear($("explain-tool"));
    state.tools.forEach(function (tool) { explain.appendChild(el("option", { value: tool.tool, text: tool.tool })); });
  }

  function toolRow(tool) {
    var form = state.rules[tool.tool] || formRule(null);
    if (!state.rules[tool.tool]) { form.action = "none"; }
    var row = el("tr", { "data-tool": tool.tool, "data-action": form.action });
    var action = el("select", { class: "action", "aria-label": "Action for " + tool.tool });
    ACTIONS.forEach(function (entry) { action.appendChild(option(entry[0], entry[1], entry[0] === form.action)); });
    var max = el("input", { type: "number", min: "1", step: "1", class: "limit-max narrow", placeholder: "max", value: form.max,
                            "aria-label": "Most calls for " + tool.tool });
    var windowSelect = el("select", { class: "limit-window", "aria-label": "Window for " + tool.tool });
    var windows = WINDOWS.slice();
    if (windows.indexOf(form.window) < 0) { windows.push(form.window); }
    windows.forEach(function (w) {
      windowSelect.appendChild(option(String(w), typeof w === "number" ? "per " + w + " s" : "per " + w, w === form.window));
    });
    var scope = el("select", { class: "limit-scope", "aria-label": "Scope for " + tool.tool });
    SCOPES.forEach(function (entry) { scope.appendChild(option(entry[0], entry[1], entry[0] === form.scope)); });
    var reason = el("input", { type: "text", class: "reason", placeholder: "reason the agent reads (optional)", value: form.reason,
                               "aria-label": "Reason for " + tool.tool });
    var limitCell = el("td", { class: "limit" }, [max, " ", windowSelect, " ", scope]);

    function changed() {
      var current = state.rules[tool.tool] || formRule(null);
      current.action = action.value;
      current.max = max.value;
      var w = windowSelect.value;
      current.window = WINDOWS.indexOf(w) >= 0 ? w : Number(w);
      current.scope = scope.value;
      current.reason = reason.value.trim();
      state.rules[tool.tool] = current;
      row.setAttribute("data-action", current.action);
      update();
    }
    // Choosing "rate-limited" starts from 30 a minute (the recommendation's usual cap).
    action.addEventListener("change", function () {
      if ((action.value === "limit") && max.value === "") { max.value = "30"; }
      changed();
    });
    [max, windowSelect, scope].forEach(function (input) { input.addEventListener("change", changed); });
    max.addEventListener("input", changed);
    reason.addEventListener("input", changed);

    // The tool's own words, why it is rated so, and what we recommend: folded away.
    var risk = el("p", { class: "risk" }, [GH.badge(tool.level), " ", el("span", { class: "category", text: tool.category })]);
    if (tool.destructive && tool.category !== "destructive") { risk.appendChild(document.createTextNode(" ")); risk.appendChild(el("span", { class: "badge flag-destructive", text: "destructive" })); }
    row.appendChild(el("td", { class: "tool" }, [el("code", { class: "tool-name", text: tool.tool }), risk, el("details", {}, [
      el("summary", { text: "details" }),
      tool.description ? el("p", { class: "description", text: tool.description }) : null,
      el("p", { class: "hint rationale", text: tool.rationale || "" }),
      tool.recommendation ? el("p", { class: "hint", text: "Recommended: " + tool.recommendation.summary }) : null
    ])]));
    row.appendChild(el("td", { class: "action" }, [action, reason, checksHint(form)]));
    row.appendChild(limitCell);
    return row;
  }

  // "Kept as written: 1 require entry, 2 deny_if entries" — the argument checks the form has no
  // control for, so a loaded policy's rules stay visible in their row.
  function checksHint(form) {
    var parts = CHECKS.filter(function (key) { return form.extras[key] && form.extras[key].length; }).map(function (key) {
      var count = form.extras[key].length;
      var noun = key === "conditions" ? (count === 1 ? "condition" : "conditions") : key + (count === 1 ? " entry" : " entries");
      return count + " " + noun;
    });
    return parts.length ? el("p", { class: "hint checks", text: "Kept as written: " + parts.join(", ") }) : null;
  }

  function filterTools() {
    var query = $("tool-filter").value.trim().toLowerCase();
    Array.prototype.forEach.call($("tool-table").tBodies[0].rows, function (row) {
      row.hidden = query !== "" && row.getAttribute("data-tool").toLowerCase().indexOf(query) < 0;
    });
  }

  // ---- Live JSON and validation

  var validateTimer = null;
  function update() {
    var text = policyText();
    $("policy-json").textContent = text;
    clearTimeout(validateTimer);
    validateTimer = setTimeout(validate, 200);
  }

  function validate() {
    var sequence = ++state.validation;
    var status = $("validation-status");
    status.textContent = "Checking…";
    status.setAttribute("data-valid", "checking");
    var body = { policy: buildPolicy() };
    if (state.server) { body.server = state.server.id; }
    GH.api("POST", "/api/policies/validate", body).then(function (reply) {
      if (sequence !== state.validation) { return; }
      var list = GH.clear($("validation-problems"));
      if (!reply.ok) {
        status.textContent = "Could not validate: " + (reply.data.error || "HTTP " + reply.status);
        status.setAttribute("data-valid", "unknown");
        return;
      }
      var result = reply.data;
      status.setAttribute("data-valid", result.valid ? "true" : "false");
      status.textContent = result.valid
        ? "Valid" + (result.warnings ? " — " + result.warnings + " warning" + (result.warnings === 1 ? "" : "s") : "") + ": gatehouse check accepts it."
        : result.errors + " error" + (result.errors === 1 ? "" : "s") + ": fix them before applying.";
      result.problems.forEach(function (problem) {
        list.appendChild(el("li", { class: "problem-" + problem.severity },
          [el("code", { text: problem.pointer || "/" }), " ", problem.severity + ": ", problem.message]));
      });
    });
  }

  // ---- Server choice

  function chooseServer(id) {
    state.server = state.servers.filter(function (s) { return s.id === id; })[0] || null;
    state.tools = [];
    state.rules = {};
    state.extraRules = [];
    state.description = null;
    state.policyLimits = null;
    $("server-problem").hidden = true;
    $("current-button").hidden = !(state.server && state.server.configured);
    $("apply-button").disabled = !(state.server && state.server.configured);
    $("policy-file-name").textContent = id ? "policy-" + id + ".json" : "policy.json";
    GH.clear($("history-list"));
    if (!id) { renderTools(); update(); return; }
    $("server-info").textContent = "Loading tools…";
    // A server the catalog lacks is asked for its tools, which takes the admin token.
    GH.api("GET", "/api/servers/" + encodeURIComponent(id) + "/tools", null, { admin: true }).then(function (reply) {
      if (!state.server || state.server.id !== id) { return; }
      if (!reply.ok) {
        $("server-info").textContent = "";
        showProblem(reply.status === 401 || reply.status === 403
          ? "This server is not in the catalog, so its tools are listed by asking it — enter the admin token above, then choose it again. (" + GH.adminProblem(reply) + ")"
          : reply.data.error || "HTTP " + reply.status);
        renderTools();
        update();
        return;
      }
      state.tools = reply.data.tools;
      var levels = reply.data.levels || {};
      $("server-info").textContent = state.tools.length + " tools (" +
        ["critical", "high", "medium", "low"].map(function (l) { return (levels[l] || 0) + " " + l; }).join(", ") + ")" +
        (reply.data.toolsFrom === "live" ? ", listed live by the upstream" : ", from the catalog") +
        (state.server.configured ? "; configured in this gateway" : "");
      renderTools();
      update();
      if (state.server.configured) { loadHistory(); }
    });
  }

  function showProblem(message) {
    var problem = $("server-problem");
    problem.hidden = false;
    problem.textContent = message;
  }

  function startFromRecommendation() {
    if (!state.server) { return; }
    GH.api("GET", "/api/servers/" + encodeURIComponent(state.server.id) + "/recommended-policy", null, { admin: true }).then(function (reply) {
      if (!reply.ok) { showProblem(reply.data.error || "HTTP " + reply.status); return; }
      loadPolicy(reply.data.policy);
    });
  }

  function startFromCurrent() {
    if (!state.server) { return; }
    GH.api("GET", "/api/servers/" + encodeURIComponent(state.server.id) + "/policy").then(function (reply) {
      if (!reply.ok) { showProblem(reply.data.error || "HTTP " + reply.status); return; }
      loadPolicy(reply.data.policy);
    });
  }

  // ---- Try it

  function explain(event) {
    event.preventDefault();
    var out = $("explain-result");
    var args;
    try { args = JSON.parse($("explain-args").value || "{}"); } catch (e) { out.textContent = "The arguments are not valid JSON: " + e.message; return; }
    GH.api("POST", "/api/policies/explain", { policy: buildPolicy(), tool: $("explain-tool").value, arguments: args }).then(function (reply) {
      GH.clear(out);
      if (!reply.ok) { out.textContent = reply.data.error || "HTTP " + reply.status; return; }
      var r = reply.data;
      out.appendChild(el("span", { class: "decision decision-" + r.decision, text: r.decision }));
      out.appendChild(document.createTextNode(" by " + r.rule + (r.reason ? ": " + r.reason : "") + (r.listed ? "" : " (not listed in tools/list)")));
    });
  }

  function simulate(event) {
    event.preventDefault();
    var out = GH.clear($("simulate-result"));
    if (!state.server) { out.textContent = "Choose a server first."; return; }
    out.textContent = "Replaying…";
    var body = { server: state.server.id, policy: buildPolicy(), hours: Number($("simulate-hours").value) || 24 };
    GH.api("POST", "/api/policies/simulate", body, { admin: true }).then(function (reply) {
      GH.clear(out);
      if (!reply.ok) { out.textContent = GH.adminProblem(reply); return; }
      var r = reply.data;
      out.appendChild(el("p", { text: r.calls + " past calls replayed; " + r.changed + " would be decided differently." +
        (r.argumentsMissing ? " " + r.argumentsMissing + " had no recorded arguments." : "") + (r.truncated ? " (Only the newest calls were replayed.)" : "") }));
      var decisions = ["allow", "deny", "rate_limited", "require_approval"];
      out.appendChild(el("table", { class: "totals" }, [
        el("thead", {}, [el("tr", {}, [el("th", { text: "" })].concat(decisions.map(function (d) { return el("th", { text: d }); })))]),
        el("tbody", {}, [
          el("tr", {}, [el("th", { text: "recorded" })].concat(decisions.map(function (d) { return el("td", { text: r.recorded[d] || 0 }); }))),
          el("tr", {}, [el("th", { text: "this policy" })].concat(decisions.map(function (d) { return el("td", { text: r.simulated[d] || 0 }); })))
        ])
      ]));
      if (r.changes.length) {
        var list = el("ol", { class: "changes" });
        r.changes.forEach(function (change) {
          list.appendChild(el("li", {}, [GH.time(change.time) + " ", el("code", { text: change.tool }), " by " + (change.grant || "?") + ": ",
            el("span", { class: "decision decision-" + change.recorded.decision, text: change.recorded.decision }), " → ",
            el("span", { class: "decision decision-" + change.simulated.decision, text: change.simulated.decision }),
            change.simulated.reason ? " (" + change.simulated.reason + ")" : ""]));
        });
        out.appendChild(list);
      }
    });
  }

  // ---- Apply and history

  function apply(event) {
    event.preventDefault();
    var out = $("apply-result");
    if (!state.server || !state.server.configured) { out.textContent = "Only a server configured in this gateway can take a policy."; return; }
    out.textContent = "Applying…";
    var body = { policy: buildPolicy(), comment: $("apply-comment").value.trim() || null, by: GH.token.name() || null };
    GH.api("PUT", "/api/servers/" + encodeURIComponent(state.server.id) + "/policy", body, { admin: true }).then(function (reply) {
      if (!reply.ok) {
        out.setAttribute("data-applied", "false");
        out.textContent = reply.status === 422 ? "Not applied: " + reply.data.error : GH.adminProblem(reply);
        return;
      }
      out.setAttribute("data-applied", "true");
      out.textContent = "Applied as version " + reply.data.version + " by " + reply.data.by + "; written to " + reply.data.file + ".";
      $("apply-comment").value = "";
      loadHistory();
    });
  }

  function loadHistory() {
    var list = GH.clear($("history-list"));
    if (!state.server || !state.server.configured) { return; }
    if (!GH.token.get()) { list.appendChild(el("li", { class: "hint", text: "Enter the admin token to see the history." })); return; }
    GH.api("GET", "/api/servers/" + encodeURIComponent(state.server.id) + "/policy/history", null, { admin: true }).then(function (reply) {
      GH.clear(list);
      if (!reply.ok) { list.appendChild(el("li", { class: "hint", text: GH.adminProblem(reply) })); return; }
      if (!reply.data.versions.length) { list.appendChild(el("li", { class: "hint", text: "No version applied through the API yet." })); }
      reply.data.versions.forEach(function (version, index) {
        var item = el("li", { "data-version": version.version }, [
          el("strong", { text: "Version " + version.version }), " — " + version.by + ", " + GH.time(version.at) + (version.comment ? ": " : ""),
          version.comment ? el("q", { text: version.comment }) : null, " ",
          el("button", { type: "button", class: "secondary small", text: "Load", onclick: function () { loadPolicy(version.policy); } })
        ]);
        if (index > 0) {
          item.appendChild(el("button", { type: "button", class: "secondary small", text: "Roll back to this", onclick: function () { rollback(version.version); } }));
        }
        list.appendChild(item);
      });
    });
  }

  function rollback(number) {
    var body = { version: number, by: GH.token.name() || null };
    GH.api("POST", "/api/servers/" + encodeURIComponent(state.server.id) + "/policy/rollback", body, { admin: true }).then(function (reply) {
      $("apply-result").textContent = reply.ok ? "Rolled back: version " + number + " is in force again as version " + reply.data.version + "." : GH.adminProblem(reply);
      if (reply.ok) { loadPolicy(reply.data.policy); loadHistory(); }
    });
  }

  // ---- Wiring

  $("server-select").addEventListener("change", function (event) { chooseServer(event.target.value); });
  $("recommend-button").addEventListener("click", startFromRecommendation);
  $("current-button").addEventListener("click", startFromCurrent);
  $("clear-button").addEventListener("click", function () { state.rules = {}; state.extraRules = []; state.hideAll = false; renderTools(); update(); });
  $("default-select").addEventListener("change", function (event) { state.defaultAction = event.target.value; update(); });
  $("tool-filter").addEventListener("input", filterTools);
  // Copy: the site's script (site.js) copies #policy-json for the button's data-copy.
  $("download-button").addEventListener("click", function () { GH.download(policyText(), $("policy-file-name").textContent); });
  $("explain-form").addEventListener("submit", explain);
  $("simulate-form").addEventListener("submit", simulate);
  $("apply-form").addEventListener("submit", apply);
  GH.tokenForm(function () {
    if (state.server && !state.tools.length) { chooseServer(state.server.id); } else { loadHistory(); }
  });

  update();
  GH.api("GET", "/api/servers").then(function (reply) {
    if (!reply.ok) { showProblem(reply.data.error || "HTTP " + reply.status); return; }
    state.servers = reply.data.servers;
    renderServers();
  });
})();
