import type { OutboundMessage } from "../conversation/model.js";
import type { Brand } from "../engine/knowledge-schema.js";
import { detectLanguage } from "../engine/language.js";
import { TEXT } from "../texts.js";

/** Characters a link may hold after its host. */
const URL_CHARS = String.raw`[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]`;
/**
 * Top-level domains chat apps turn into links without a scheme ("topay-secure.com/login"): the
 * common ones, the country codes of our users, link shorteners' and invites' (gg, ly, gl), and the
 * cheap ones scams favour. Not .zip or .mov: those are file names far more often.
 */
const BARE_TLDS = [
  "com|net|org|info|biz|io|co|ai|dev|app|me|tv|cc|ws|to|gg|ly|gl|la|pw|su|mobi|asia|name",
  "cn|hk|tw|mo|sg|my|id|ph|vn|th|jp|kr|in|uk|us|ca|au|de|fr|ru|tk|ml|ga|cf|gq",
  "xyz|top|vip|icu|site|online|shop|store|link|club|live|pro|tech|fun|work|life|today|world|one|plus",
  "click|sbs|cyou|buzz|monster|rest|bond|cfd|lol|win|bid|loan|men|date|racing|download|review|stream",
  "trade|science|party|cam|quest|best|host|space|website|fit|ink|kim|ltd|group|company|center|network",
  "digital|email|cloud|support|help|services|finance|money|pay|bank|wallet|xin",
].join("|");
/**
 * A link as chat apps make one clickable: a scheme and `//`, a host starting with `www.`, or a bare
 * host with a known top-level domain. ASCII only, so a link written right against Chinese text
 * ("官网https://www.topay.example查看") ends where the Chinese starts. An e-mail address is no link.
 */
const LINK = new RegExp(
  String.raw`(?:[a-z][a-z0-9+.-]*:\/\/|www\.)${URL_CHARS}*|(?<![A-Za-z0-9@-])(?<![A-Za-z0-9]\.)(?:[a-z0-9-]+\.)+(?:${BARE_TLDS})(?![\w-]|\.\w|@)(?:[/?#]${URL_CHARS}*)?`,
  "gi",
);
/** Cheap first look: no "://", "www." or dot followed by a letter, no link. */
const MAYBE_LINK = /:\/\/|www\.|\.[a-z]/i;
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
  /** The URLs of the brand last seen: the engine hands out one Brand object per loaded knowledge. */
  private cached: { brand: Brand; bases: URL[] } | undefined;

  /** `brand` returns the brand of the knowledge in use (the engine reloads it when brand.yaml changes). */
  constructor(private readonly brand: () => Brand) {}

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
    if (!MAYBE_LINK.test(text)) return text;
    // Worked out at the first link dropped, in the language of the words around the links (a link's
    // letters would make any text look English); a bare link reads as English.
    let note: string | undefined;
    return text.replace(LINK, (match) => {
      const link = match.replace(TRAILING_PUNCTUATION, "");
      if (isUnder(link, bases)) return match;
      note ??= TEXT.linkRemoved[detectLanguage(text.replace(LINK, ""), "en")];
      return note + match.slice(link.length);
    });
  }

  private bases(): URL[] {
    const brand = this.brand();
    if (this.cached?.brand !== brand) {
      this.cached = { brand, bases: [brand.website, brand.app_store, ...Object.values(brand.social)].map((url) => new URL(url)) };
    }
    return this.cached.bases;
  }
}

function isUnder(link: string, bases: URL[]): boolean {
  let url: URL;
  try {
    // A link without a scheme opens as https in chat apps.
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(link) ? link : `https://${link}`);
  } catch {
    return false;
  }
  return bases.some((base) => {
    if (url.origin !== base.origin) return false;
    const root = base.pathname.endsWith("/") ? base.pathname : `${base.pathname}/`;
    return url.pathname === base.pathname || url.pathname.startsWith(root);
  });
}
