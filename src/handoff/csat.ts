import type { Language, OutboundMessage } from "../conversation/model.js";
import { TEXT } from "../texts.js";

const CSAT_ACTION = /^csat:([1-5])$/;

/** The satisfaction prompt sent after an agent resolves a handoff: buttons csat:1 .. csat:5. */
export function csatPrompt(language: Language): OutboundMessage {
  return {
    text: TEXT.csatPrompt[language],
    buttons: [1, 2, 3, 4, 5].map((score) => ({ id: `csat:${score}`, label: `${score} ${"★".repeat(score)}` })),
  };
}

/** The score of a satisfaction click; undefined for any other action. */
export function parseCsat(action: string | undefined): number | undefined {
  const match = action === undefined ? null : CSAT_ACTION.exec(action);
  return match ? Number(match[1]) : undefined;
}
