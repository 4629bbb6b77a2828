import type { Turn } from "../conversation/model.js";
import { redact } from "../safety/redact.js";
import type { Agent, HandoffData } from "./job.js";
import type { HandoffRecord, HandoffStatus } from "./record.js";

/** Longest turn a card shows; the rest is cut, the card stays readable and within Slack's block limits. */
export const CARD_TURN_CHARS = 300;

/** What a staff surface shows for one handoff, whatever the surface (Slack, the console pane). */
export interface HandoffCard {
  handoffId: string;
  user: { id: string; name: string };
  platform: string;
  language: string;
  reason: string;
  priority: HandoffData["priority"];
  topic: string | null;
  openedAt: number;
  status: HandoffStatus;
  claimedBy?: Agent;
  closedBy?: Agent;
  csat?: number;
  /** The conversation before the handoff, oldest first. */
  transcript: Turn[];
  /** What the user wrote while waiting, up to when the card was drawn (later ones go to the thread). */
  waiting: Turn[];
  /** Which buttons apply now. */
  actions: ("claim" | "resolve" | "return")[];
}

const ACTIONS: Record<HandoffStatus, HandoffCard["actions"]> = {
  queued: ["claim", "resolve", "return"],
  assigned: ["resolve", "return"],
  resolved: [],
  returned: [],
};

/** The card for a handoff's current state. Text is redacted again: what reaches staff is always masked. */
export function buildCard(record: HandoffRecord, waiting: Turn[]): HandoffCard {
  const { data } = record;
  return {
    handoffId: data.handoffId,
    user: { id: data.user.id, name: data.user.displayName || data.user.id },
    platform: data.ref.platform,
    language: data.language,
    reason: data.reason,
    priority: data.priority,
    topic: data.topic,
    openedAt: data.openedAt,
    status: record.status,
    ...(record.claimedBy ? { claimedBy: record.claimedBy } : {}),
    ...(record.closedBy ? { closedBy: record.closedBy } : {}),
    ...(record.csat ? { csat: record.csat } : {}),
    transcript: data.turns.map(clip),
    waiting: waiting.map(clip),
    actions: ACTIONS[record.status],
  };
}

export function clip(turn: Turn): Turn {
  const text = redact(turn.text).text;
  return { ...turn, text: text.length > CARD_TURN_CHARS ? `${text.slice(0, CARD_TURN_CHARS - 1)}…` : text };
}
