import { describe, expect, it } from "vitest";
import { buildCard, CARD_TURN_CHARS } from "../../../src/handoff/card.js";
import { csatPrompt, parseCsat } from "../../../src/handoff/csat.js";
import type { HandoffRecord } from "../../../src/handoff/record.js";

const record = (status: HandoffRecord["status"]): HandoffRecord => ({
  data: {
    handoffId: "h-1",
    conversationId: "telegram:dm:1",
    ref: { platform: "telegram", chatId: "1", kind: "dm" },
    user: { id: "1", displayName: "Alice" },
    language: "zh",
    reason: "requested",
    priority: "normal",
    topic: "refund.status",
    turns: [
      { role: "user", text: "卡号 4111 1111 1111 1111 被扣了两次", at: 1 },
      { role: "bot", text: "x".repeat(1_000), at: 2 },
    ],
    openedAt: 3,
  },
  status,
  cardIncluded: 0,
});

describe("handoff card", () => {
  it("masks card numbers again and cuts long turns", () => {
    const card = buildCard(record("queued"), [{ role: "user", text: "4111-1111-1111-1111", at: 4 }]);
    expect(JSON.stringify(card)).not.toMatch(/4111[ -]?1111[ -]?1111[ -]?1111/);
    expect(card.transcript[1]?.text).toHaveLength(CARD_TURN_CHARS);
  });

  it("offers only the actions that apply", () => {
    expect(buildCard(record("queued"), []).actions).toEqual(["claim", "resolve", "return"]);
    expect(buildCard(record("assigned"), []).actions).toEqual(["resolve", "return"]);
    expect(buildCard(record("resolved"), []).actions).toEqual([]);
    expect(buildCard(record("returned"), []).actions).toEqual([]);
  });
});

describe("satisfaction prompt", () => {
  it("has buttons csat:1 to csat:5, in the user's language", () => {
    expect(csatPrompt("zh").buttons.map((button) => button.id)).toEqual(["csat:1", "csat:2", "csat:3", "csat:4", "csat:5"]);
    expect(csatPrompt("zh").text).toMatch(/打分/);
    expect(csatPrompt("en").text).toMatch(/satisfied/);
  });

  it("reads only its own clicks", () => {
    expect(parseCsat("csat:3")).toBe(3);
    for (const other of [undefined, "csat:0", "csat:6", "csat:3x", "topic:refund.status"]) expect(parseCsat(other)).toBeUndefined();
  });
});
