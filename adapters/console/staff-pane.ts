/**
 * The console's staff pane: the handoff queue with claim, reply, resolve and return, for working
 * the whole loop on one machine with no Slack. Plain HTML and script, no build step; it shows
 * itself only when /api/console/staff/queue answers (no Slack token configured).
 */
export const STAFF_PANE_STYLE = `
  #staff { display: none; }
  #staff .cards { flex: 1; overflow-y: auto; padding: 12px; }
  .card { border: 1px solid #e3e7ec; border-radius: 8px; padding: 10px; margin-bottom: 10px; }
  .card.urgent { border-color: #d93025; }
  .card h3 { margin: 0 0 4px; font-size: 15px; }
  .card .meta, .card .status { font-size: 12px; opacity: .8; }
  .card .lines { margin: 6px 0; font-size: 13px; white-space: pre-wrap; }
  .card .lines div { margin: 2px 0; }
  .card .acts { display: flex; gap: 6px; flex-wrap: wrap; }
  .card .acts button { border: 1px solid #0b5fff; color: #0b5fff; background: #fff; border-radius: 6px; padding: 3px 10px; cursor: pointer; }
  .card .acts input { flex: 1; min-width: 140px; padding: 4px 8px; border: 1px solid #cfd6de; border-radius: 6px; }
  .notice { color: #d93025; font-size: 13px; padding: 0 12px; }
`;

export const STAFF_PANE_HTML = `
  <section class="pane" id="staff" aria-label="staff desk">
    <div style="padding:10px;border-bottom:1px solid #e3e7ec">
      <strong>Staff desk · 人工客服</strong>
      <label style="margin-left:12px">Agent <input id="agent" value="agent" style="width:100px"></label>
    </div>
    <div class="notice" id="notice" role="status"></div>
    <div class="cards" id="cards" aria-live="polite"></div>
  </section>
`;

export const STAFF_PANE_SCRIPT = `
(() => {
  const pane = document.getElementById("staff");
  const cards = document.getElementById("cards");
  const notice = document.getElementById("notice");
  const agentBox = document.getElementById("agent");
  const drafts = {};
  const icon = { user: "👤", bot: "🤖", agent: "🧑‍💼" };
  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
  async function act(name, handoffId, text) {
    const res = await fetch("/api/console/staff/" + name, { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ handoffId, agent: agentBox.value || "agent", text }) });
    const data = await res.json();
    notice.textContent = data.ok ? "" : (data.reason || "refused");
    if (data.ok && name === "reply") drafts[handoffId] = "";
    refresh();
  }
  function status(c) {
    if (c.status === "queued") return "⏳ waiting for an agent";
    if (c.status === "assigned") return "🟢 claimed by " + (c.claimedBy ? c.claimedBy.name : "?");
    if (c.status === "resolved") return "✅ resolved by " + (c.closedBy ? c.closedBy.name : "?") + (c.csat ? " · satisfaction " + c.csat + "/5" : "");
    return "↩️ returned to bot by " + (c.closedBy ? c.closedBy.name : "?");
  }
  function render(entry) {
    const c = entry.card;
    const box = el("div", "card" + (c.priority === "urgent" ? " urgent" : ""));
    box.appendChild(el("h3", "", (c.priority === "urgent" ? "🚨 " : "🙋 ") + c.user.name));
    box.appendChild(el("div", "meta", [c.platform, c.language, c.reason, c.topic || "—", new Date(c.openedAt).toLocaleTimeString()].join(" · ")));
    box.appendChild(el("div", "status", status(c)));
    const lines = el("div", "lines");
    for (const t of c.transcript) lines.appendChild(el("div", "", icon[t.role] + " " + t.text));
    for (const t of c.waiting) lines.appendChild(el("div", "", "💬 " + t.text));
    for (const t of entry.thread) lines.appendChild(el("div", "", "↳ " + t.text));
    box.appendChild(lines);
    const acts = el("div", "acts");
    const labels = { claim: "Claim", resolve: "Resolve", return: "Return to bot" };
    for (const a of c.actions) { const b = el("button", "", labels[a]); b.onclick = () => act(a, c.handoffId); acts.appendChild(b); }
    if (c.actions.length) {
      const input = el("input");
      input.placeholder = "reply to the user"; input.dataset.id = c.handoffId; input.value = drafts[c.handoffId] || "";
      input.oninput = () => { drafts[c.handoffId] = input.value; };
      input.onkeydown = (e) => { if (e.key === "Enter" && input.value.trim()) act("reply", c.handoffId, input.value.trim()); };
      const send = el("button", "", "Send"); send.onclick = () => input.value.trim() && act("reply", c.handoffId, input.value.trim());
      acts.appendChild(input); acts.appendChild(send);
    }
    box.appendChild(acts);
    return box;
  }
  async function refresh() {
    const res = await fetch("/api/console/staff/queue").catch(() => undefined);
    if (!res || !res.ok) return;
    pane.style.display = "flex";
    const data = await res.json();
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.id : undefined;
    cards.replaceChildren(...data.handoffs.map(render));
    if (focused) { const again = cards.querySelector('input[data-id="' + focused + '"]'); if (again) again.focus(); }
  }
  refresh();
  setInterval(refresh, 1500);
})();
`;

/** The staff pane alone, at /staff: when Telegram or Discord replaces the console chat, staff still have a desk. */
export const STAFF_PAGE = `<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Topay support · staff desk</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #1d2733; }
  main { padding: 16px; }
  .pane { background: #fff; border-radius: 10px; box-shadow: 0 1px 3px #0002; flex-direction: column; max-width: 900px; min-height: calc(100vh - 40px); }
${STAFF_PANE_STYLE}
</style>
</head>
<body>
<main>
${STAFF_PANE_HTML}
</main>
<script>
${STAFF_PANE_SCRIPT}
</script>
</body>
</html>
`;
