import type { Button, Language, OutboundMessage } from "../conversation/model.js";
import { TEXT } from "../texts.js";
import type { FaqEntry, PolicyFile } from "./knowledge-schema.js";

/** The bot's messages built from knowledge/: answers with their buttons, the menu, clarify questions. */
export class Replies {
  constructor(
    private readonly entries: ReadonlyMap<string, FaqEntry>,
    private readonly policy: PolicyFile,
  ) {}

  /**
   * An entry's answer with its follow-ups as buttons. In public, an account-specific entry gives its
   * general public answer and no "talk to a person" button: that conversation moves to private.
   */
  answer(entry: FaqEntry, language: Language, inPublic: boolean): { message: OutboundMessage; moveToPrivate: boolean } {
    const moveToPrivate = inPublic && entry.private;
    const text = moveToPrivate && entry.public_answer ? entry.public_answer[language] : entry.answer[language];
    const buttons = entry.followups.flatMap((id) => this.topicButton(id, language));
    if (entry.handoff === "offer" && !moveToPrivate) buttons.push({ id: "handoff", label: TEXT.talkToPerson[language] });
    return { message: { text, buttons }, moveToPrivate };
  }

  /** "What I can help with": `fallback` after a miss, `help` when asked. */
  menu(kind: "fallback" | "help", language: Language): OutboundMessage {
    return { text: this.policy.replies[kind][language], buttons: this.policy.menu.flatMap((id) => this.topicButton(id, language)) };
  }

  clarify(topics: readonly string[], language: Language): OutboundMessage {
    return { text: this.policy.replies.clarify[language], buttons: topics.flatMap((id) => this.topicButton(id, language)) };
  }

  text(text: string): OutboundMessage {
    return { text, buttons: [] };
  }

  private topicButton(id: string, language: Language): Button[] {
    const entry = this.entries.get(id);
    return entry ? [{ id: `topic:${id}`, label: entry.title[language] }] : [];
  }
}
