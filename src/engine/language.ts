import type { Language } from "../conversation/model.js";

const HAN = /\p{Script=Han}/gu;
const LATIN = /[A-Za-z]/g;

/**
 * The language of one message: Chinese when Han characters carry the message, English when Latin
 * letters do. A message with neither (an emoji, a number) keeps the conversation's language.
 */
export function detectLanguage(text: string, previous: Language = "zh"): Language {
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  if (han === 0 && latin === 0) return previous;
  // A Han character carries about as much as an English word (~4 letters).
  return han * 4 >= latin ? "zh" : "en";
}

/** The language a platform setting names (Telegram's language_code, Discord's locale), when the bot speaks it. */
export function languageOfHint(hint: string | undefined): Language | undefined {
  const primary = hint?.toLowerCase().split(/[-_]/)[0];
  return primary === "zh" || primary === "en" ? primary : undefined;
}
