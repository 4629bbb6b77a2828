import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { BOT_USER_ID, buttonClick, FakeSlack, sendSlack } from "../support/fake-slack.js";
import { ESCALATION_GROUP, HANDOFF_CHANNEL, type Harness, type HarnessOptions, SIGNING_SECRET, startHandoffHarness } from "../support/handoff-harness.js";

const AGENT = "U0000ALICE";
let slack: FakeSlack;
let bot: Harness;
let child: ChildProcess | undefined;

async function start(options: Omit<HarnessOptions, "slack"> = {}) {
  slack = await new FakeSlack({ members: [AGENT, BOT_USER_ID] }).start();
  bot = await startHandoffHarness({ slack, ...options });
}

afterEach(async () => {
  child?.kill("SIGKILL");
  child = undefined;
  await bot.stop();
  await slack.stop();
});

async function handoffOf(userId: string) {
  return bot.until(async () => (await bot.conversationOf(userId))?.openHandoffId ?? undefined);
}

async function cardOf(handoffId: string) {
  return bot.until(async () => (await bot.loop.records.get(handoffId))?.card);
}

describe("handoff delivery when Slack or the worker fails", () => {
  it("Slack answering 500 for a while, then OK: exactly one card", async () => {
    await start();
    slack.fail({ method: "chat.postMessage", status: 500, times: 4 });
    await bot.say("u1", { text: "human please" });
    await cardOf(await handoffOf("u1"));
    expect(slack.rejected.filter((method) => method === "chat.postMessage")).toHaveLength(4);
    expect(slack.cards()).toHaveLength(1);
  });

  it("Slack rate limiting (429 with Retry-After): the card waits, then is posted once", async () => {
    await start();
    slack.fail({ method: "chat.postMessage", status: 429, times: 1, retryAfterS: 1 });
    await bot.say("u1", { text: "human please" });
    await cardOf(await handoffOf("u1"));
    expect(slack.rejected).toEqual(["chat.postMessage"]);
    expect(slack.cards()).toHaveLength(1);
  });

  it("a worker SIGKILLed while Slack posts its card, then another worker: exactly one card", async () => {
    await start({ worker: false });
    slack.hold("chat.postMessage");
    child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("../support/handoff-worker-child.ts", import.meta.url)), bot.redisUrl, bot.prefix, slack.url, HANDOFF_CHANNEL], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve) => child?.stdout?.on("data", (data: Buffer) => data.toString().includes("ready") && resolve()));
    await bot.say("u1", { text: "human please" });
    const handoffId = await handoffOf("u1");
    // Slack has the card; the worker dies before hearing back, so it never recorded where the card is.
    await slack.waitFor((fake) => fake.cards().length === 1);
    const exited = new Promise((resolve) => child?.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    slack.release("chat.postMessage");
    bot.startWorker();
    const card = await cardOf(handoffId);
    expect(slack.cards()).toHaveLength(1);
    // The survivor found the card on Slack instead of posting another.
    expect(slack.callsOf("conversations.history").length).toBeGreaterThan(0);
    expect(card.ts).toBe(slack.cards()[0]?.result?.ts);
  });

  it("a conversation saved as waiting but never enqueued (crash in between) gets its card when the user writes", async () => {
    await start();
    await bot.say("u1", { text: "my payment failed" });
    // What the pipeline saves just before it calls the desk; the process dies before the desk enqueues.
    await bot.store.update(
      "console:dm:u1",
      () => {
        throw new Error("the conversation exists");
      },
      (conversation) => {
        conversation.state = "queued";
        conversation.openHandoffId = "h-crashed-1";
      },
    );
    expect(await bot.say("u1", { text: "hello? is anyone there" })).toEqual([]);
    await cardOf("h-crashed-1");
    expect(slack.cards()).toHaveLength(1);
    const card = JSON.stringify(slack.cards()[0]?.args.blocks);
    expect(card).toContain("my payment failed");
    expect(card).toContain("hello? is anyone there");
  });

  it("a card that failed for good (Slack down past every retry) is posted when the user writes again", async () => {
    await start({ attempts: 2 });
    slack.fail({ method: "chat.postMessage", status: 500, times: 2 });
    await bot.say("u1", { text: "human please" });
    const handoffId = await handoffOf("u1");
    await bot.until(async () => (await bot.loop.queue.queue.getJob(handoffId))?.isFailed());
    expect(slack.cards()).toHaveLength(0);
    await bot.say("u1", { text: "still waiting for someone" });
    await cardOf(handoffId);
    expect(slack.cards()).toHaveLength(1);
    expect(JSON.stringify(slack.cards()[0]?.args.blocks)).toContain("still waiting for someone");
  });

  it("reminds the channel when nobody claims; Claim cancels the escalation", async () => {
    await start({ remindAfterMs: 300, escalateAfterMs: 60_000 });
    await bot.say("u1", { text: "human please" });
    const handoffId = await handoffOf("u1");
    const card = await cardOf(handoffId);
    await slack.waitFor((fake) => fake.threadPosts(card.ts).length > 0);
    expect(slack.threadPosts(card.ts)[0]?.args).toMatchObject({ reply_broadcast: "true" });
    expect(String(slack.threadPosts(card.ts)[0]?.args.text)).toMatch(/nobody has claimed/);
    expect(await bot.loop.queue.queue.getJob(`${handoffId}-escalate`)).toBeDefined();
    await sendSlack(`${bot.url}/slack/events`, SIGNING_SECRET, { form: buttonClick(HANDOFF_CHANNEL, card.ts, AGENT, "handoff_claim", handoffId) });
    await bot.until(async () => (await bot.loop.records.get(handoffId))?.status === "assigned");
    expect(await bot.loop.queue.queue.getJob(`${handoffId}-escalate`)).toBeUndefined();
  });

  it("escalates, mentioning the escalation group, when nobody claims for longer", async () => {
    await start({ remindAfterMs: 100, escalateAfterMs: 300 });
    await bot.say("u1", { text: "human please" });
    const card = await cardOf(await handoffOf("u1"));
    await slack.waitFor((fake) => fake.threadPosts(card.ts).some((call) => String(call.args.text).includes(`<!subteam^${ESCALATION_GROUP}>`)));
  });
});
