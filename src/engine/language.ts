import type { Language } from "../conversation/model.js";

/**
 * The language of one message: Chinese when Han characters carry the message, English when Latin
 * letters do. A message with neither (an emoji, a number) keeps the conversation's language.
 */
export function detectLanguage(text: string, previous: Language = "zh"): Language {
  // A plain loop: this runs on every message, and counting needs no array of matches.
  let han = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) latin++;
    else if (isHan(code)) han++;
  }
  if (han === 0 && latin === 0) return previous;
  // A Han character carries about as much as an English word (~4 letters).
  return han * 4 >= latin ? "zh" : "en";
}

/** CJK unified ideographs and extension A, the compatibility block, and the high surrogates of the supplementary ideographs. */
function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xd840 && code <= 0xd87f);
}

/** The language a platform setting names (Telegram's language_code, Discord's locale), when the bot speaks it. */
export function languageOfHint(hint: string | undefined): Language | undefined {
  const primary = hint?.toLowerCase().split(/[-_]/)[0];
  return primary === "zh" || primary === "en" ? primary : undefined;
}
