// The approvals queue: GET /api/approvals, approve or deny with POST /api/approvals/<id>, kept
// current by the audit log's live events (approval_requested, approval_decided). Arguments and
// tool names are third-party text: GH.el (textContent) only.
(function () {
  "use strict";
  var el = GH.el;
  var $ = function (id) { return document.getElementById(id); };
  var refreshTimer = null;

  function risk(item) {
    var level = typeof item.risk === "string" ? item.risk : item.risk && item.risk.level;
    var category = item.risk && typeof item.risk === "object" ? item.risk.category : null;
    var node = el("span", { class: "risk" }, [GH.badge(level)]);
    if (category) { node.appendChild(document.createTextNode(" " + category)); }
    return node;
  }

  function remaining(expiresAt) {
    if (!expiresAt) { return ""; }
    var seconds = Math.round((new Date(expiresAt) - Date.now()) / 1000);
    if (isNaN(seconds)) { return ""; }
    if (seconds <= 0) { return "expiring"; }
    return "expires in " + (seconds >= 120 ? Math.round(seconds / 60) + " min" : seconds + " s");
  }

  function card(item) {
    var note = el("textarea", { class: "note", rows: "2", maxlength: "2000", placeholder: "A note for the agent (required to deny helpfully)",
                                "aria-label": "Note for " + item.tool });
    var status = el("p", { class: "result", role: "status" });
    function decide(decision) {
      status.textContent = decision === "approve" ? "Approving…" : "Denying…";
      var body = { decision: decision, note: note.value.trim(), by: GH.token.name() || null };
      GH.api("POST", "/api/approvals/" + encodeURIComponent(item.id), body, { admin: true }).then(function (reply) {
        if (!reply.ok) { status.textContent = GH.adminProblem(reply); return; }
        status.textContent = decision === "approve" ? "Approved: the call is forwarded." : "Denied.";
        entry.setAttribute("data-decided", decision);
        setTimeout(refresh, 500);
      });
    }
    var expires = el("span", { class: "expires", "data-expires": item.expiresAt || "", text: remaining(item.expiresAt) });
    var entry = el("li", { class: "approval", "data-id": item.id }, [
      el("h2", {}, [el("code", { class: "tool-name", text: item.tool }), " on ", el("span", { text: item.server }), " ", risk(item)]),
      el("p", { class: "meta" }, ["grant ", el("strong", { text: item.grant || "?" }), ", session ", el("code", { text: item.session || "?" }),
        ", asked " + GH.time(item.requestedAt) + " ", expires]),
      item.rule ? el("p", { class: "meta" }, ["held by rule ", el("code", { text: item.rule })]) : null,
      item.reason ? el("p", { class: "reason", text: item.reason }) : null,
      el("pre", { class: "arguments" }, [el("code", { text: JSON.stringify(item.arguments === undefined ? {} : item.arguments, null, 2) })]),
      note,
      el("div", { class: "row" }, [
        el("button", { type: "button", class: "approve", text: "Approve", onclick: function () { decide("approve"); } }),
        el("button", { type: "button", class: "deny danger", text: "Deny", onclick: function () { decide("deny"); } })
      ]),
      status
    ]);
    return entry;
  }

  function refresh() {
    var problem = $("approvals-problem");
    if (!GH.token.get()) {
      problem.hidden = false;
      problem.textContent = "Enter the admin token to see the calls waiting for approval.";
      return;
    }
    GH.api("GET", "/api/approvals", null, { admin: true }).then(function (reply) {
      if (!reply.ok) {
        problem.hidden = false;
        problem.textContent = reply.status === 404 ? "Approvals are not available in this build of the gateway (GET /api/approvals answers 404)." : GH.adminProblem(reply);
        return;
      }
      problem.hidden = true;
      var items = Array.isArray(reply.data) ? reply.data : (reply.data.approvals || []);
      var list = $("approval-list");
      var notes = {};
      Array.prototype.forEach.call(list.querySelectorAll("li.approval"), function (node) {
        notes[node.getAttribute("data-id")] = node.querySelector("textarea.note").value;
      });
      GH.clear(list);
      items.forEach(function (item) {
        var node = card(item);
        if (notes[item.id]) { node.querySelector("textarea.note").value = notes[item.id]; }
        list.appendChild(node);
      });
      $("approvals-empty").hidden = items.length > 0;
    });
  }

  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, 150);
  }

  setInterval(function () {
    Array.prototype.forEach.call(document.querySelectorAll(".expires"), function (node) {
      node.textContent = remaining(node.getAttribute("data-expires"));
    });
  }, 1000);

  var stream = GH.events("kind=approval_requested,approval_decided", refreshSoon, function (state) {
    var live = $("live-state");
    live.setAttribute("data-state", state === "live" ? "live" : "waiting");
    live.textContent = state === "live" ? "Live: new requests appear as they arrive." : state === "waiting" ? "Reconnecting…" : state;
    if (state === "live") { refreshSoon(); }
  });
  GH.tokenForm(function () { refresh(); stream.restart(); });
  refresh();
})();
