import { afterEach, describe, expect, it } from "vitest";
import { KnowledgeError } from "../../src/errors.js";
import { consoleSay, startTestBot } from "../support/bot.js";
import { knowledgeCopy } from "../support/knowledge.js";

describe("the console answers with the engine (real Redis)", () => {
  let bot: Awaited<ReturnType<typeof startTestBot>> | undefined;
  let copy: ReturnType<typeof knowledgeCopy> | undefined;
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    copy?.remove();
    copy = undefined;
  });

  it("answers a worried user's question at once, with follow-up buttons that work", async () => {
    bot = await startTestBot();
    const first = await consoleSay(bot.url, { userId: "e1", text: "付款一直失败怎么回事" });
    expect(first.body.replies[0]?.text).toMatch(/余额/);
    const followup = first.body.replies[0]?.buttons.find((button) => button.id === "topic:payment.pending");
    expect(followup?.label).toBeTruthy();
    const clicked = await consoleSay(bot.url, { userId: "e1", buttonId: "topic:payment.pending" });
    expect(clicked.body.replies[0]?.text).toMatch(/^支付一直处理中/);
  });

  it("answers in English when the user writes English", async () => {
    bot = await startTestBot();
    const { body } = await consoleSay(bot.url, { userId: "e3", text: "where's my refund??" });
    expect(body.replies[0]?.text).toMatch(/refund/i);
    expect(body.replies[0]?.text).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("offers what it can help with, then a person after a second miss in a row", async () => {
    bot = await startTestBot();
    const first = await consoleSay(bot.url, { userId: "e4", text: "今天天气怎么样" });
    expect(first.body.replies[0]?.buttons.map((button) => button.id)).toContain("topic:payment.failed");
    const second = await consoleSay(bot.url, { userId: "e4", text: "比特币现在多少钱" });
    expect(second.body.replies.map((reply) => reply.text).join("\n")).toMatch(/人工|转接/);
  });

  it("refuses to start on invalid knowledge, naming the file, the field and the line", async () => {
    copy = knowledgeCopy();
    copy.edit("faq/promotions.yaml", (text) => text.replace(/^handoff: .*$/m, "handoff: maybe"));
    const started = startTestBot({ KNOWLEDGE_DIR: copy.dir });
    await expect(started).rejects.toBeInstanceOf(KnowledgeError);
    await expect(started).rejects.toThrow(/promotions\.yaml:\d+: handoff: /);
  });
});
