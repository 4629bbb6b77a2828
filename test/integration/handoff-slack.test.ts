import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BOT_USER_ID, buttonClick, FakeSlack, sendSlack, threadReplyEvent } from "../support/fake-slack.js";
import { HANDOFF_CHANNEL, type Harness, SIGNING_SECRET, startHandoffHarness } from "../support/handoff-harness.js";

const AGENT = "U0000ALICE";
const OUTSIDER = "U0000MALLORY";
const CARD_NUMBER = "4111 1111 1111 1111";

let slack: FakeSlack;
let bot: Harness;

async function openHandoff(userId = "u1", text = "I need a human please") {
  const replies = await bot.say(userId, { text });
  const conversation = await bot.conversationOf(userId);
  const handoffId = conversation?.openHandoffId as string;
  const record = await bot.until(async () => (await bot.loop.records.get(handoffId))?.card && bot.loop.records.get(handoffId));
  return { replies, handoffId, card: record.card as { channel: string; ts: string } };
}

const events = () => `${bot.url}/slack/events`;
const click = (at: { ts: string }, user: string, action: string, handoffId: string) =>
  sendSlack(events(), SIGNING_SECRET, { form: buttonClick(HANDOFF_CHANNEL, at.ts, user, action, handoffId) });

describe("handoff to Slack", () => {
  beforeEach(async () => {
    slack = await new FakeSlack({ members: [AGENT, BOT_USER_ID], names: { [AGENT]: "Alice" } }).start();
    bot = await startHandoffHarness({ slack });
  });
  afterEach(async () => {
    await bot.stop();
    await slack.stop();
  });

  it("posts one card with the user, platform, language, reason, topic and transcript, and tells the user where they stand", async () => {
    await bot.say("u1", { text: "my payment failed" });
    const { replies, handoffId } = await openHandoff("u1", "I need a human please");
    expect(replies.map((reply) => reply.text).join("\n")).toMatch(/number 1 in line.*about \d+ min/);
    // A repeated open (the pipeline retrying) makes no second card.
    const conversation = await bot.conversationOf("u1");
    await bot.loop.desk.open(conversation!, { handoffId, topic: "contact.human", reason: "requested", priority: "normal" });
    await bot.pipeline.drain();
    expect(slack.cards()).toHaveLength(1);
    const card = JSON.stringify(slack.cards()[0]?.args.blocks);
    for (const expected of ["u1", "console", "en", "requested", "contact.human", "my payment failed", "Claim", "Resolve", "Return to bot"]) {
      expect(card).toContain(expected);
    }
    expect(slack.cards()[0]?.args.channel).toBe(HANDOFF_CHANNEL);
  });

  it("Claim updates the card; the agent's thread reply reaches the user marked as from a person", async () => {
    const { handoffId, card } = await openHandoff();
    expect(await click(card, AGENT, "handoff_claim", handoffId)).toBe(200);
    await slack.waitFor((fake) => fake.callsOf("chat.update").length > 0);
    expect(JSON.stringify(slack.callsOf("chat.update")[0]?.args.blocks)).toContain(`Claimed by <@${AGENT}>`);
    expect((await bot.conversationOf("u1"))?.state).toBe("assigned");

    expect(await sendSlack(events(), SIGNING_SECRET, { json: threadReplyEvent(HANDOFF_CHANNEL, card.ts, AGENT, "Hi, I am looking at your payment &amp; will fix it") })).toBe(200);
    const inbox = await bot.until(async () => (await bot.inbox("u1")).length > 0 && bot.inbox("u1"));
    expect(inbox[0]).toMatchObject({ text: "Hi, I am looking at your payment & will fix it", fromAgent: "Alice" });
  });

  it("puts the user's follow-ups into the card's thread, redacted: a card number never reaches Slack", async () => {
    await bot.say("u1", { text: `my card ${CARD_NUMBER} was charged twice` });
    const { card } = await openHandoff();
    await bot.say("u1", { text: `again: ${CARD_NUMBER}, please hurry` });
    await slack.waitFor((fake) => fake.threadPosts(card.ts).length > 0);
    expect(String(slack.threadPosts(card.ts)[0]?.args.text)).toContain("please hurry");
    const everything = JSON.stringify(slack.calls);
    expect(everything).toContain("1111]");
    expect(everything).not.toContain(CARD_NUMBER);
    expect(everything).not.toContain(CARD_NUMBER.replace(/ /g, ""));
  });

  it("Resolve sends the satisfaction prompt; the user's score is stored with the handoff", async () => {
    const { handoffId, card } = await openHandoff();
    await click(card, AGENT, "handoff_resolve", handoffId);
    const inbox = await bot.until(async () => (await bot.inbox("u1")).length > 0 && bot.inbox("u1"));
    expect(inbox[0]?.buttons.map((button) => button.id)).toEqual(["csat:1", "csat:2", "csat:3", "csat:4", "csat:5"]);
    expect((await bot.conversationOf("u1"))?.state).toBe("closed");
    const thanks = await bot.say("u1", { buttonId: "csat:4" });
    expect(thanks[0]?.text).toMatch(/Thank you/);
    expect((await bot.loop.records.get(handoffId))?.csat).toBe(4);
    await slack.waitFor((fake) => fake.callsOf("chat.update").some((call) => JSON.stringify(call.args.blocks).includes("Satisfaction 4/5")));
  });

  it("rejects unsigned, stale and future-dated requests and does nothing", async () => {
    const { handoffId, card } = await openHandoff();
    const payload = { form: buttonClick(HANDOFF_CHANNEL, card.ts, AGENT, "handoff_claim", handoffId) };
    const now = Math.floor(Date.now() / 1000);
    expect(await sendSlack(events(), SIGNING_SECRET, payload, { unsigned: true })).toBe(401);
    expect(await sendSlack(events(), SIGNING_SECRET, payload, { signAt: now - 10 * 60 })).toBe(401);
    expect(await sendSlack(events(), SIGNING_SECRET, payload, { signAt: now + 10 * 60 })).toBe(401);
    expect(await sendSlack(events(), "not-the-secret", payload)).toBe(401);
    const reply = threadReplyEvent(HANDOFF_CHANNEL, card.ts, AGENT, "forged reply");
    expect(await sendSlack(events(), SIGNING_SECRET, { json: reply }, { unsigned: true })).toBe(401);
    expect(slack.callsOf("chat.update")).toHaveLength(0);
    expect((await bot.loop.records.get(handoffId))?.status).toBe("queued");
    expect(await bot.inbox("u1")).toHaveLength(0);
  });

  it("refuses a Claim from someone outside the handoff channel, privately", async () => {
    const { handoffId, card } = await openHandoff();
    await click(card, OUTSIDER, "handoff_claim", handoffId);
    await slack.waitFor((fake) => fake.callsOf("chat.postEphemeral").length > 0);
    expect(slack.callsOf("chat.postEphemeral")[0]?.args).toMatchObject({ user: OUTSIDER, channel: HANDOFF_CHANNEL });
    expect(slack.callsOf("chat.update")).toHaveLength(0);
    expect((await bot.loop.records.get(handoffId))?.status).toBe("queued");
  });

  it("Return to bot: the user is told and the bot answers again", async () => {
    const { handoffId, card } = await openHandoff();
    await click(card, AGENT, "handoff_return", handoffId);
    const inbox = await bot.until(async () => (await bot.inbox("u1")).length > 0 && bot.inbox("u1"));
    expect(inbox[0]?.text).toMatch(/handed you back to the assistant/);
    expect((await bot.conversationOf("u1"))?.state).toBe("bot");
    expect((await bot.say("u1", { text: "what about my refund" }))[0]?.text).toBe("bot answer");
    await slack.waitFor((fake) => fake.callsOf("chat.update").some((call) => JSON.stringify(call.args.blocks).includes("Returned to bot")));
  });

  it("relays nothing into a closed conversation, and tells the agent privately", async () => {
    const { handoffId, card } = await openHandoff();
    await click(card, AGENT, "handoff_resolve", handoffId);
    await bot.until(async () => (await bot.inbox("u1")).length > 0);
    await sendSlack(events(), SIGNING_SECRET, { json: threadReplyEvent(HANDOFF_CHANNEL, card.ts, AGENT, "one more thing") });
    await slack.waitFor((fake) => fake.callsOf("chat.postEphemeral").length > 0);
    expect(String(slack.callsOf("chat.postEphemeral")[0]?.args.text)).toMatch(/closed/);
    expect((await bot.inbox("u1")).map((message) => message.text)).not.toContain("one more thing");
  });

  it("relays a thread only to the conversation its card belongs to", async () => {
    const first = await openHandoff("u1");
    const second = await openHandoff("u2");
    await sendSlack(events(), SIGNING_SECRET, { json: threadReplyEvent(HANDOFF_CHANNEL, second.card.ts, AGENT, "for u2 only") });
    await sendSlack(events(), SIGNING_SECRET, { json: threadReplyEvent(HANDOFF_CHANNEL, "1700000000.000001", AGENT, "not a card") });
    await bot.until(async () => (await bot.inbox("u2")).length > 0);
    expect((await bot.inbox("u2")).map((message) => message.text)).toEqual(["for u2 only"]);
    expect(await bot.inbox("u1")).toEqual([]);
    // A button from one card cannot act on another card's handoff.
    await click(first.card, AGENT, "handoff_resolve", second.handoffId);
    expect((await bot.loop.records.get(second.handoffId))?.status).toBe("assigned");
  });
});

describe("handoff priority", () => {
  beforeEach(async () => {
    slack = await new FakeSlack({ members: [AGENT] }).start();
    bot = await startHandoffHarness({ slack, worker: false });
  });
  afterEach(async () => {
    await bot.stop();
    await slack.stop();
  });

  it("an urgent security handoff gets its card before normal ones already waiting", async () => {
    await bot.say("u1", { text: "human please" });
    await bot.say("u2", { text: "human please" });
    const replies = await bot.say("u3", { text: "my account was hacked" });
    expect(replies.map((reply) => reply.text).join("\n")).toMatch(/number 1 in line/);
    bot.startWorker();
    await slack.waitFor((fake) => fake.cards().length === 3);
    expect(slack.cards().map((call) => String(call.args.text))).toEqual([
      expect.stringContaining("(urgent): u3"),
      expect.stringContaining("(normal): u1"),
      expect.stringContaining("(normal): u2"),
    ]);
  });
});

describe("Slack in Socket Mode", () => {
  beforeEach(async () => {
    slack = await new FakeSlack({ members: [AGENT], names: { [AGENT]: "Alice" } }).start();
    bot = await startHandoffHarness({ slack, socketMode: true });
    await slack.connected();
  });
  afterEach(async () => {
    await bot.stop();
    await slack.stop();
  });

  it("takes Claim and thread replies over the socket, with no HTTP endpoint", async () => {
    const { handoffId, card } = await openHandoff();
    await slack.push("interactive", buttonClick(HANDOFF_CHANNEL, card.ts, AGENT, "handoff_claim", handoffId));
    await bot.until(async () => (await bot.loop.records.get(handoffId))?.status === "assigned");
    await slack.push("events_api", threadReplyEvent(HANDOFF_CHANNEL, card.ts, AGENT, "Hello from Socket Mode"));
    const inbox = await bot.until(async () => (await bot.inbox("u1")).length > 0 && bot.inbox("u1"));
    expect(inbox[0]).toMatchObject({ text: "Hello from Socket Mode", fromAgent: "Alice" });
    expect((await fetch(`${bot.url}/slack/events`, { method: "POST" })).status).toBe(404);
  });
});
