import { STAFF_PANE_HTML, STAFF_PANE_SCRIPT, STAFF_PANE_STYLE } from "./staff-pane.js";

/** The local chat page: talk to the bot as a customer (and, with no Slack, answer as staff). Plain HTML and script, no build step. */
export const CONSOLE_PAGE = `<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Topay support bot · console</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #1d2733; }
  header { background: #0b5fff; color: #fff; padding: 10px 16px; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 16px; margin: 0 12px 0 0; }
  header input { padding: 4px 8px; border-radius: 6px; border: 0; width: 120px; }
  main { display: flex; gap: 16px; padding: 16px; align-items: flex-start; flex-wrap: wrap; }
  .pane { background: #fff; border-radius: 10px; box-shadow: 0 1px 3px #0002; flex: 1 1 380px; max-width: 640px; display: flex; flex-direction: column; height: calc(100vh - 100px); }
  .log { flex: 1; overflow-y: auto; padding: 12px; }
  .msg { margin: 8px 0; max-width: 85%; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; word-wrap: break-word; }
  .user { background: #0b5fff; color: #fff; margin-left: auto; border-bottom-right-radius: 2px; }
  .bot { background: #eef1f5; border-bottom-left-radius: 2px; }
  .agent { background: #fff4d6; border-bottom-left-radius: 2px; }
  .who { font-size: 12px; opacity: .7; }
  .buttons { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
  .buttons button { border: 1px solid #0b5fff; color: #0b5fff; background: #fff; border-radius: 14px; padding: 3px 10px; cursor: pointer; }
  form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e3e7ec; }
  form input { flex: 1; padding: 8px 10px; border: 1px solid #cfd6de; border-radius: 8px; font-size: 15px; }
  form button { padding: 8px 16px; border: 0; border-radius: 8px; background: #0b5fff; color: #fff; }
${STAFF_PANE_STYLE}
</style>
</head>
<body>
<header>
  <h1>Topay 客服 · Support (console)</h1>
  <label>User <input id="user" value="guest"></label>
  <label><input type="checkbox" id="public"> public comment</label>
</header>
<main>
  <section class="pane" aria-label="customer chat">
    <div class="log" id="log" aria-live="polite"></div>
    <form id="form">
      <input id="text" autocomplete="off" placeholder="输入问题 / type your question" autofocus>
      <button>Send</button>
    </form>
  </section>
${STAFF_PANE_HTML}
</main>
<script>
const log = document.getElementById("log");
const userBox = document.getElementById("user");
const publicBox = document.getElementById("public");
let next = 0;
function add(kind, text, buttons, who) {
  const div = document.createElement("div");
  div.className = "msg " + kind;
  if (who) { const w = document.createElement("div"); w.className = "who"; w.textContent = who; div.appendChild(w); }
  div.appendChild(document.createTextNode(text));
  if (buttons && buttons.length) {
    const row = document.createElement("div");
    row.className = "buttons";
    for (const b of buttons) {
      const btn = document.createElement("button");
      btn.textContent = b.label;
      btn.onclick = () => { add("user", b.label); send({ buttonId: b.id }); };
      row.appendChild(btn);
    }
    div.appendChild(row);
  }
  log.appendChild(div);
  log.scrollTop = log.scrollHeight;
}
function show(reply) { add(reply.fromAgent ? "agent" : "bot", reply.text, reply.buttons, reply.fromAgent ? "👤 " + reply.fromAgent : ""); }
async function send(body) {
  const res = await fetch("/api/console/messages", { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ userId: userBox.value || "guest", public: publicBox.checked, ...body }) });
  const data = await res.json();
  if (!res.ok) { add("bot", "⚠ " + (data.error || res.status)); return; }
  for (const r of data.replies) show(r);
}
document.getElementById("form").onsubmit = (e) => {
  e.preventDefault();
  const box = document.getElementById("text");
  const text = box.value.trim();
  if (!text) return;
  add("user", text);
  box.value = "";
  send({ text });
};
userBox.onchange = () => { log.innerHTML = ""; next = 0; };
setInterval(async () => {
  const res = await fetch("/api/console/messages?userId=" + encodeURIComponent(userBox.value || "guest") + "&after=" + next);
  if (!res.ok) return;
  const data = await res.json();
  next = data.next;
  for (const m of data.messages) show(m);
}, 1500);
${STAFF_PANE_SCRIPT}
</script>
</body>
</html>
`;
