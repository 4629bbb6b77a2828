import type { Button, Language, OutboundMessage } from "../conversation/model.js";
import { TEXT } from "../texts.js";
import type { FaqEntry, PolicyFile } from "./knowledge-schema.js";
import { BUTTON, topicButtonId } from "./types.js";

type Answer = { message: OutboundMessage; moveToPrivate: boolean };

/**
 * The topics an answer offers as buttons: the matcher's runner-up first ("did you mean"), then the
 * entry's follow-ups. None under an urgent entry: it hands off at once, and from then on a tap
 * reaches the agent, not the bot. The cost model prices wrong answers by this same list.
 */
export function offeredTopics(entry: FaqEntry, runnerUp: string | null): readonly string[] {
  if (entry.handoff === "urgent") return [];
  if (runnerUp === null || runnerUp === entry.id || entry.followups.includes(runnerUp)) return entry.followups;
  return [runnerUp, ...entry.followups];
}

/**
 * The bot's messages built from knowledge/: answers with their buttons, the menu, clarify questions.
 * Answers and menus are built once per knowledge and shared, frozen: nobody edits a reply after the
 * engine made it, and building buttons anew was a fifth of the time to decide on a message.
 */
export class Replies {
  /** Per entry, language, place and runner-up: 2 x 2 x topics x (topics + 1) at most, a few thousand. */
  private readonly answers = new Map<string, Answer>();
  private readonly menus = new Map<string, OutboundMessage>();

  constructor(
    private readonly entries: ReadonlyMap<string, FaqEntry>,
    private readonly policy: PolicyFile,
  ) {}

  /**
   * An entry's answer with the runner-up topic (the matcher's next guess: "did you mean ...?") and its
   * follow-ups as buttons. In public, an account-specific entry gives its general public answer and no
   * "talk to a person" button: that conversation moves to private.
   */
  answer(entry: FaqEntry, language: Language, inPublic: boolean, runnerUp: string | null): Answer {
    const key = `${entry.id} ${language} ${inPublic} ${runnerUp}`;
    let built = this.answers.get(key);
    if (!built) {
      built = this.buildAnswer(entry, language, inPublic, runnerUp);
      this.answers.set(key, built);
    }
    return built;
  }

  /** "What I can help with": `fallback` after a miss, `help` when asked; `first`, a topic to offer before the menu's. */
  menu(kind: "fallback" | "help", language: Language, first: string | null): OutboundMessage {
    const key = `${kind} ${language} ${first}`;
    let menu = this.menus.get(key);
    if (!menu) {
      const topics = first === null ? this.policy.menu : [first, ...this.policy.menu.filter((id) => id !== first)];
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

  private buildAnswer(entry: FaqEntry, language: Language, inPublic: boolean, runnerUp: string | null): Answer {
    const moveToPrivate = inPublic && entry.private;
    const text = moveToPrivate && entry.public_answer ? entry.public_answer[language] : entry.answer[language];
    const buttons = offeredTopics(entry, runnerUp).flatMap((id) => this.topicButton(id, language));
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
