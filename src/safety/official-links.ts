import { statSync } from "node:fs";
import { join } from "node:path";
import type { OutboundMessage } from "../conversation/model.js";
import { brandSchema } from "../engine/knowledge-schema.js";
import { detectLanguage } from "../engine/language.js";
import { readYamlFile } from "../engine/yaml-file.js";
import { KnowledgeError } from "../errors.js";
import { TEXT } from "../texts.js";

/**
 * A link as chat apps make one clickable: a scheme and `//`, or a host starting with `www.`. ASCII
 * only, so a link written right against Chinese text ("官网https://www.topay.example查看") ends
 * where the Chinese starts.
 */
const LINK = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*/gi;
/** Punctuation that ends the sentence rather than the link. */
const TRAILING_PUNCTUATION = /[.,;:!?)\]'"]+$/;

/**
 * The only links the bot sends: brand.yaml's website, app_store and social accounts, and what lies
 * below them (same origin, same path or deeper). Anything else in a reply is replaced by a note, so
 * a scammer's link can never reach a user with the bot's name on it: not from an answer someone
 * edited, not from an agent's message. (The Telegram deep link to the bot is a button the adapter
 * builds from the bot's own username, outside the text.)
 */
export class OfficialLinks {
  private loaded: { mtimeMs: number; bases: URL[] } | undefined;

  constructor(private readonly knowledgeDir: string) {}

  /** The message with every link that is not official replaced, in its text, button labels and agent name. */
  filter(message: OutboundMessage): OutboundMessage {
    const bases = this.bases();
    const clean = (text: string) => this.clean(text, bases);
    return {
      ...message,
      text: clean(message.text),
      buttons: message.buttons.map((button) => ({ ...button, label: clean(button.label) })),
      ...(message.fromAgent === undefined ? {} : { fromAgent: clean(message.fromAgent) }),
    };
  }

  private clean(text: string, bases: URL[]): string {
    if (!text.includes("://") && !/www\./i.test(text)) return text;
    // The language of the words around the links (a link's letters would make any text look English); a bare link reads as English.
    const note = TEXT.linkRemoved[detectLanguage(text.replace(LINK, ""), "en")];
    return text.replace(LINK, (match) => {
      const link = match.replace(TRAILING_PUNCTUATION, "");
      return (isUnder(link, bases) ? link : note) + match.slice(link.length);
    });
  }

  /** brand.yaml's URLs, read again when the file changes; an invalid edit keeps the previous ones (as the engine does). */
  private bases(): URL[] {
    const path = join(this.knowledgeDir, "brand.yaml");
    const mtimeMs = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (this.loaded?.mtimeMs === mtimeMs) return this.loaded.bases;
    let bases = this.loaded?.bases ?? [];
    try {
      const brand = readYamlFile(path, brandSchema).data;
      bases = [brand.website, brand.app_store, ...Object.values(brand.social)].map((url) => new URL(url));
    } catch (error) {
      if (!(error instanceof KnowledgeError)) throw error;
    }
    this.loaded = { mtimeMs, bases };
    return bases;
  }
}

function isUnder(link: string, bases: URL[]): boolean {
  let url: URL;
  try {
    url = new URL(/^www\./i.test(link) ? `https://${link}` : link);
  } catch {
    return false;
  }
  return bases.some((base) => {
    if (url.origin !== base.origin) return false;
    const root = base.pathname.endsWith("/") ? base.pathname : `${base.pathname}/`;
    return url.pathname === base.pathname || url.pathname.startsWith(root);
  });
}
