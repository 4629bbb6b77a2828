/** Secrets: the user should not have shared them, and the bot warns when they do. */
export type SecretKind = "card" | "cvv" | "expiry" | "code" | "password" | "id_number" | "bank_account";

/** Personal data: normal to give to support, but masked so logs and staff screens do not collect it. */
export type PersonalKind = "phone" | "email";

export type SensitiveKind = SecretKind | PersonalKind;

const PERSONAL_KINDS: ReadonlySet<SensitiveKind> = new Set<PersonalKind>(["phone", "email"]);

export function isPersonal(kind: SensitiveKind): kind is PersonalKind {
  return PERSONAL_KINDS.has(kind);
}

/** One piece of sensitive data in a text: [start, end) in UTF-16 units, and what replaces it. */
export interface Finding {
  kind: SensitiveKind;
  start: number;
  end: number;
  mask: string;
}

/** Finds one kind of sensitive data. `text` is already folded to half-width (see width.ts). */
export type Detector = (text: string) => Finding[];

/** `[card ****1234]`: the last four digits stay, so staff can tell two cards apart. */
export function lastFourMask(label: string, digits: string): string {
  return `[${label} ****${digits.slice(-4)}]`;
}
