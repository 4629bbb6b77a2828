import { beforeAll, describe, expect, it } from "vitest";
import { loadEngine } from "../../../src/engine/build.js";
import type { FaqEngine } from "../../../src/engine/faq-engine.js";
import { KNOWLEDGE_DIR } from "../../support/knowledge.js";

let engine: FaqEngine;
// Training takes seconds (the model cache makes later runs fast).
beforeAll(() => {
  engine = loadEngine(KNOWLEDGE_DIR).engine;
}, 60_000);

describe("the matcher on a message it cannot read", () => {
  // Nothing in these is Chinese or Latin: the model sees no feature at all, and must not guess a topic.
  it.each(["😀😀", "привет как дела", "こんにちは", "???"])("falls back on %s with the usual menu, suggesting no topic", (text) => {
    const decision = engine.decide({ text, language: "en", conversation: { consecutiveMisses: 0, lastTopic: null, ref: { platform: "console", chatId: "u1", kind: "dm" } } });
    expect(decision.action).toBe("fallback");
    const menu = engine.parts.knowledge.policy.menu.map((id) => `topic:${id}`);
    expect(decision.replies[0]?.buttons.map((button) => button.id)).toEqual(menu);
  });
});
