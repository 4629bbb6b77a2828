import type { types } from "@slack/bolt";
import type { HandoffCard } from "../../src/handoff/card.js";
import { escapeSlack } from "./format.js";

type Block = types.KnownBlock;

/** Slack rejects section text over 3000 characters; transcripts are cut into blocks below that. */
const SECTION_CHARS = 2_900;

export const ACTION_IDS = { claim: "handoff_claim", resolve: "handoff_resolve", return: "handoff_return" } as const;

const ROLE_ICON = { user: "👤", bot: "🤖", agent: "🧑‍💼" } as const;

/** The Block Kit card for a handoff: who, where, why, the transcript, and the buttons that apply now. */
export function cardBlocks(card: HandoffCard): Block[] {
  const blocks: Block[] = [
    { type: "header", text: { type: "plain_text", text: `${card.priority === "urgent" ? "🚨 Urgent handoff" : "🙋 Handoff"}: ${card.user.name}`.slice(0, 150) } },
    {
      type: "section",
      fields: [
        field("User", `${card.user.name} (${card.user.id})`),
        field("Platform", card.platform),
        field("Language", card.language),
        field("Reason", card.reason),
        field("Topic", card.topic ?? "—"),
        { type: "mrkdwn", text: `*Opened*\n<!date^${Math.floor(card.openedAt / 1000)}^{date_short_pretty} {time}|${new Date(card.openedAt).toISOString()}>` },
      ],
    },
    { type: "context", elements: [{ type: "mrkdwn", text: statusLine(card) }] },
    ...sections("Transcript", card.transcript),
    ...sections("While waiting", card.waiting),
  ];
  if (card.actions.length > 0) {
    blocks.push({
      type: "actions",
      block_id: "handoff_actions",
      elements: card.actions.map((action) => ({
        type: "button" as const,
        action_id: ACTION_IDS[action],
        value: card.handoffId,
        text: { type: "plain_text" as const, text: action === "claim" ? "Claim" : action === "resolve" ? "Resolve" : "Return to bot" },
        ...(action === "claim" ? { style: "primary" as const } : {}),
      })),
    });
  }
  return blocks;
}

/** The notification text (and what screen readers say) for the card. */
export function cardFallback(card: HandoffCard): string {
  return escapeSlack(`Handoff (${card.priority}): ${card.user.name} on ${card.platform}, ${card.reason}${card.topic ? `, ${card.topic}` : ""}`);
}

function statusLine(card: HandoffCard): string {
  const by = (agent: { id: string } | undefined) => (agent ? `<@${agent.id}>` : "someone");
  switch (card.status) {
    case "queued":
      return "⏳ Waiting for an agent";
    case "assigned":
      return `🟢 Claimed by ${by(card.claimedBy)}`;
    case "resolved":
      return `✅ Resolved by ${by(card.closedBy)}${card.csat ? ` · Satisfaction ${card.csat}/5` : ""}`;
    case "returned":
      return `↩️ Returned to bot by ${by(card.closedBy)}`;
  }
}

function field(label: string, value: string) {
  return { type: "mrkdwn" as const, text: `*${label}*\n${escapeSlack(value)}` };
}

function sections(title: string, turns: HandoffCard["transcript"]): Block[] {
  if (turns.length === 0) return [];
  const lines = turns.map((turn) => `${ROLE_ICON[turn.role]} ${escapeSlack(turn.text)}`);
  const chunks: string[] = [`*${title}*`];
  for (const line of lines) {
    const last = chunks.length - 1;
    if ((chunks[last] as string).length + line.length + 1 > SECTION_CHARS) chunks.push(line);
    else chunks[last] = `${chunks[last]}\n${line}`;
  }
  return chunks.map((text) => ({ type: "section", text: { type: "mrkdwn", text } }));
}
