import { describe, expect, it } from "vitest";
import { cardBlocks } from "../../../adapters/slack/blocks.js";
import { escapeSlack, slackToPlain } from "../../../adapters/slack/format.js";
import type { HandoffCard } from "../../../src/handoff/card.js";

const card: HandoffCard = {
  handoffId: "h-1",
  user: { id: "42", name: "<!channel> Bob" },
  platform: "discord",
  language: "en",
  reason: "urgent_security",
  priority: "urgent",
  topic: "security.unauthorized",
  openedAt: 1_767_225_600_000,
  status: "assigned",
  claimedBy: { id: "U1", name: "Alice" },
  transcript: Array.from({ length: 20 }, (_, i) => ({ role: "user" as const, text: `${i} ${"y".repeat(295)}`, at: i })),
  waiting: [],
  actions: ["resolve", "return"],
};

describe("Slack card", () => {
  it("keeps every text block within Slack's 3000-character limit and the transcript complete", () => {
    const blocks = cardBlocks(card);
    const texts = blocks.flatMap((block) => ("text" in block && typeof block.text === "object" ? [block.text.text] : []));
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(3_000);
    const transcript = texts.join("\n");
    for (let i = 0; i < 20; i++) expect(transcript).toContain(`👤 ${i} y`);
  });

  it("never lets user text mention people (mrkdwn is escaped; plain_text is never parsed)", () => {
    const mrkdwn = JSON.stringify(cardBlocks(card)).match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g) ?? [];
    expect(mrkdwn.join("\n")).toContain("&lt;!channel&gt; Bob");
    expect(mrkdwn.join("\n")).not.toContain("<!channel>");
    expect(escapeSlack("<!here> & <@U1>")).toBe("&lt;!here&gt; &amp; &lt;@U1&gt;");
  });

  it("shows who claimed it and only the buttons that apply", () => {
    const json = JSON.stringify(cardBlocks(card));
    expect(json).toContain("Claimed by <@U1>");
    expect(json).toContain("handoff_resolve");
    expect(json).not.toContain("handoff_claim");
  });
});

describe("agent text from Slack", () => {
  it("becomes plain text for the user", () => {
    expect(slackToPlain("see <https://topay.example/help|the help page> &amp; ask <@U123>")).toBe("see the help page (https://topay.example/help) & ask");
    expect(slackToPlain("<mailto:support@topay.example|support@topay.example> 1 &lt; 2")).toBe("support@topay.example 1 < 2");
    expect(slackToPlain("<https://topay.example>")).toBe("https://topay.example");
  });
});
