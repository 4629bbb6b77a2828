export type SecretKind = "card" | "code" | "password";

export interface Redaction {
  text: string;
  kinds: SecretKind[];
}

const CARD_CANDIDATE = /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Masks secrets a user may paste into a chat, before anything is logged, stored or shown to staff. */
export function redact(text: string): Redaction {
  const kinds = new Set<SecretKind>();
  const masked = text.replace(CARD_CANDIDATE, (match) => {
    const digits = match.replace(/[ -]/g, "");
    if (!luhnValid(digits)) return match;
    kinds.add("card");
    return `[card ****${digits.slice(-4)}]`;
  });
  return { text: masked, kinds: [...kinds] };
}
