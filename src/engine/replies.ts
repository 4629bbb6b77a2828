import type { Button, Language, OutboundMessage } from "../conversation/model.js";
import { TEXT } from "../texts.js";
import type { FaqEntry, PolicyFile } from "./knowledge-schema.js";
import { BUTTON, topicButtonId } from "./types.js";

type Answer = { message: OutboundMessage; moveToPrivate: boolean };

/**
 * The bot's messages built from knowledge/: answers with their buttons, the menu, clarify questions.
 * Answers and menus are built once per knowledge and shared, frozen: nobody edits a reply after the
 * engine made it, and building buttons anew was a fifth of the time to decide on a message.
 */
export class Replies {
  /** Per entry and language: the answer in a private chat, and in public. */
  private readonly answers = new Map<FaqEntry, Record<Language, readonly [Answer, Answer]>>();
  private readonly menus = new Map<string, OutboundMessage>();

  constructor(
    private readonly entries: ReadonlyMap<string, FaqEntry>,
    private readonly policy: PolicyFile,
  ) {}

  /**
   * An entry's answer with its follow-ups as buttons. In public, an account-specific entry gives its
   * general public answer and no "talk to a person" button: that conversation moves to private.
   */
  answer(entry: FaqEntry, language: Language, inPublic: boolean): Answer {
    let built = this.answers.get(entry);
    if (!built) {
      const both = (language: Language) => [this.buildAnswer(entry, language, false), this.buildAnswer(entry, language, true)] as const;
      built = { zh: both("zh"), en: both("en") };
      this.answers.set(entry, built);
    }
    return built[language][inPublic ? 1 : 0];
  }

  /** "What I can help with": `fallback` after a miss, `help` when asked; `first`, a topic to offer before the menu's. */
  menu(kind: "fallback" | "help", language: Language, first?: string): OutboundMessage {
    const key = `${kind} ${language} ${first ?? ""}`;
    let menu = this.menus.get(key);
    if (!menu) {
      const topics = first === undefined ? this.policy.menu : [first, ...this.policy.menu.filter((id) => id !== first)];
      menu = frozen(this.policy.replies[kind][language], topics.flatMap((id) => this.topicButton(id, language)));
      this.menus.set(key, menu);
    }
    return menu;
  }

  clarify(topics: readonly string[], language: Language): OutboundMessage {
    return { text: this.policy.replies.clarify[language], buttons: topics.flatMap((id) => this.topicButton(id, language)) };
  }

  text(text: string): OutboundMessage {
    return { text, buttons: [] };
  }

  private buildAnswer(entry: FaqEntry, language: Language, inPublic: boolean): Answer {
    const moveToPrivate = inPublic && entry.private;
    const text = moveToPrivate && entry.public_answer ? entry.public_answer[language] : entry.answer[language];
    const buttons = entry.followups.flatMap((id) => this.topicButton(id, language));
    if (entry.handoff === "offer" && !moveToPrivate) buttons.push({ id: BUTTON.handoff, label: TEXT.talkToPerson[language] });
    return Object.freeze({ message: frozen(text, buttons), moveToPrivate });
  }

  private topicButton(id: string, language: Language): Button[] {
    const entry = this.entries.get(id);
    return entry ? [Object.freeze({ id: topicButtonId(id), label: entry.title[language] })] : [];
  }
}

function frozen(text: string, buttons: Button[]): OutboundMessage {
  return Object.freeze({ text, buttons: Object.freeze(buttons) });
}
