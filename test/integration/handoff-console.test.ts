import { afterEach, describe, expect, it } from "vitest";
import { type Harness, type HarnessOptions, startHandoffHarness } from "../support/handoff-harness.js";

let bot: Harness;

async function staff(action: string, body: Record<string, unknown>) {
  const response = await fetch(`${bot.url}/api/console/staff/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { ok: boolean; reason?: string } };
}

interface PaneEntry {
  card: { handoffId: string; status: string; user: { name: string }; transcript: { text: string }[]; waiting: { text: string }[]; claimedBy?: { name: string }; csat?: number; actions: string[] };
  thread: { text: string }[];
}

async function pane(): Promise<PaneEntry[]> {
  const response = await fetch(`${bot.url}/api/console/staff/queue`);
  return ((await response.json()) as { handoffs: PaneEntry[] }).handoffs;
}

async function start(options: HarnessOptions = {}) {
  bot = await startHandoffHarness(options);
}

afterEach(async () => {
  await bot.stop();
});

describe("handoff in the console staff pane (no Slack)", () => {
  it("runs the whole loop: queue, claim, reply both ways, resolve, satisfaction", async () => {
    await start();
    await bot.say("u1", { text: "where is my refund" });
    await bot.say("u1", { text: "I want a human" });
    const [entry] = await bot.until(async () => {
      const handoffs = await pane();
      return handoffs.length > 0 && handoffs;
    });
    const handoffId = entry?.card.handoffId as string;
    expect(entry?.card.transcript.map((turn) => turn.text)).toContain("where is my refund");
    expect(entry?.card.actions).toEqual(["claim", "resolve", "return"]);

    expect((await staff("claim", { handoffId, agent: "Wang" })).body).toEqual({ ok: true });
    expect(await staff("claim", { handoffId, agent: "Li" })).toEqual({ status: 409, body: { ok: false, reason: "Already claimed by Wang." } });
    await bot.until(async () => (await pane())[0]?.card.status === "assigned");

    expect((await staff("reply", { handoffId, agent: "Wang", text: "Let me check that refund for you." })).body.ok).toBe(true);
    expect(await bot.inbox("u1")).toEqual([{ text: "Let me check that refund for you.", buttons: [], fromAgent: "Wang" }]);

    await bot.say("u1", { text: "thanks, order 20240611" });
    await bot.until(async () => (await pane())[0]?.thread.some((line) => line.text.includes("order 20240611")));

    expect((await staff("resolve", { handoffId, agent: "Wang" })).body.ok).toBe(true);
    const prompt = (await bot.inbox("u1"))[1];
    expect(prompt?.buttons.map((button) => button.id)).toEqual(["csat:1", "csat:2", "csat:3", "csat:4", "csat:5"]);
    await bot.say("u1", { buttonId: "csat:5" });
    const resolved = await bot.until(async () => {
      const card = (await pane())[0]?.card;
      return card?.csat === 5 && card;
    });
    expect(resolved.status).toBe("resolved");
    expect(resolved.actions).toEqual([]);
    expect((await staff("reply", { handoffId, agent: "Wang", text: "late" })).body).toMatchObject({ ok: false });
  });

  it("answers a bad request with 400 and keeps serving", async () => {
    await start();
    expect((await staff("claim", { agent: "Wang" })).status).toBe(400);
    const response = await fetch(`${bot.url}/api/console/staff/reply`, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(response.status).toBe(400);
    expect((await staff("claim", { handoffId: "h-unknown", agent: "Wang" })).body).toEqual({ ok: false, reason: "unknown handoff" });
  });

  it("outside business hours, tells the user when the team is back", async () => {
    // 20:00 UTC on a Wednesday; the team works 09:00-17:00 UTC on weekdays.
    const wednesdayEvening = Date.UTC(2026, 0, 7, 20, 0);
    await start({ hours: { timezone: "UTC", days: ["mon", "tue", "wed", "thu", "fri"], open: 9 * 60, close: 17 * 60 }, now: () => wednesdayEvening });
    const [reply] = await bot.say("u1", { text: "I want a human" });
    expect(reply?.text).toMatch(/works 09:00-17:00 \(UTC time\).*back tomorrow at 09:00/);
    const [zh] = await bot.say("u2", { text: "我要转人工" });
    expect(zh?.text).toMatch(/09:00-17:00.*明天 09:00/);
  });
});
