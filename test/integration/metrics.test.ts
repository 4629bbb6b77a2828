import { afterEach, describe, expect, it } from "vitest";
import { consoleSay, startTestBot } from "../support/bot.js";

/** The value of one series in Prometheus's text format, or undefined when the bot never wrote it. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("GET /metrics (real Redis, the console)", () => {
  let bot: Awaited<ReturnType<typeof startTestBot>> | undefined;
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });

  it("counts messages, what the bot did with them and the handoffs, with no user data in it", async () => {
    bot = await startTestBot();
    await consoleSay(bot.url, { userId: "m1", text: "付款一直失败怎么回事" });
    await consoleSay(bot.url, { userId: "m1", messageId: "same", text: "where's my refund??" });
    await consoleSay(bot.url, { userId: "m1", messageId: "same", text: "where's my refund??" });
    await consoleSay(bot.url, { userId: "m2", text: "转人工" });

    const response = await fetch(`${bot.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    // The redelivered message is not counted twice.
    expect(sample(text, 'topay_inbound_messages_total{platform="console",kind="dm"}')).toBe(3);
    expect(sample(text, 'topay_bot_decisions_total{action="answer",language="zh"}')).toBe(1);
    expect(sample(text, 'topay_bot_decisions_total{action="answer",language="en"}')).toBe(1);
    expect(sample(text, 'topay_bot_decisions_total{action="handoff",language="zh"}')).toBe(1);
    expect(sample(text, 'topay_handoffs_opened_total{reason="requested",priority="normal"}')).toBe(1);
    expect(sample(text, 'topay_message_handling_seconds_count{platform="console"}')).toBe(4);
    expect(sample(text, "topay_process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(text).not.toMatch(/m1|m2|付款|refund/);
  });

  it("asks for METRICS_TOKEN when one is set, even from this machine", async () => {
    const token = "metrics-token-0123456789";
    bot = await startTestBot({ METRICS_TOKEN: token });
    expect((await fetch(`${bot.url}/metrics`)).status).toBe(403);
    expect((await fetch(`${bot.url}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(403);
    const allowed = await fetch(`${bot.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain("topay_inbound_messages_total");
  });
});
