import { MessageFlags } from "discord.js";
import { describe, expect, it } from "vitest";
import { renderMessage } from "../../../adapters/discord/outbound.js";

const buttons = (count: number) => Array.from({ length: count }, (_, index) => ({ id: `topic:${index}`, label: `Choice ${index}` }));

describe("discord renderMessage", () => {
  it("puts the buttons on the last part, five to a row, at most 25", () => {
    const bodies = renderMessage({ text: "word ".repeat(900), buttons: buttons(27) });
    expect(bodies).toHaveLength(3);
    expect(bodies.slice(0, -1).every((body) => body.components === undefined)).toBe(true);
    const rows = bodies.at(-1)?.components ?? [];
    expect(rows.map((row) => ("components" in row ? row.components.length : 0))).toEqual([5, 5, 5, 5, 5]);
  });

  it("mentions the user and marks an agent only at the top of the first part", () => {
    const bodies = renderMessage({ text: "a line of the answer\n".repeat(150), buttons: [], fromAgent: "Ana" }, { mentionUserId: "1400000000000000042" });
    expect(bodies[0]?.content?.startsWith("<@1400000000000000042> **👤 Support agent Ana**\na line")).toBe(true);
    expect(bodies[0]?.allowed_mentions).toEqual({ parse: [], users: ["1400000000000000042"] });
    expect(bodies[1]?.content?.startsWith("a line")).toBe(true);
    expect(bodies[1]?.allowed_mentions).toEqual({ parse: [], users: [] });
    expect(bodies.every((body) => (body.content ?? "").length <= 2000)).toBe(true);
  });

  it("sends buttons without text, and nothing for nothing", () => {
    expect(renderMessage({ text: "", buttons: buttons(2) })).toEqual([{ content: "", allowed_mentions: { parse: [], users: [] }, flags: MessageFlags.SuppressEmbeds, components: [expect.anything()] }]);
    expect(renderMessage({ text: "", buttons: [] })).toEqual([]);
  });

  it("cuts a label to Discord's 80 characters without splitting a character", () => {
    const [body] = renderMessage({ text: "pick one", buttons: [{ id: "topic:x", label: "退".repeat(100) }] });
    const [row] = body?.components ?? [];
    const button = row && "components" in row ? row.components[0] : undefined;
    expect(button).toMatchObject({ custom_id: "topic:x", label: "退".repeat(80) });
  });
});
