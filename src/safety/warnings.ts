import type { Conversation, Language, OutboundMessage } from "../conversation/model.js";
import { BUTTON } from "../engine/types.js";
import { TEXT } from "../texts.js";
import type { SecretKind } from "./finding.js";

/** Keys of `conversation.warned`: each warning is given once per conversation. */
const SECRET_WARNING = "secret-shared";
const ABUSE_WARNING = "abuse";

/** Gives a warning once: true the first time `key` is seen in this conversation. */
function firstTime(conversation: Conversation, key: string): boolean {
  if (conversation.warned.includes(key)) return false;
  conversation.warned.push(key);
  return true;
}

/**
 * "Never share these; our staff never ask for them", once per conversation, plus "change it now"
 * when what leaked was a code or a password (a card number cannot be changed from a chat).
 */
export function secretWarning(conversation: Conversation, kinds: readonly SecretKind[]): OutboundMessage[] {
  if (kinds.length === 0 || !firstTime(conversation, SECRET_WARNING)) return [];
  const { language } = conversation;
  const changeIt = kinds.includes("code") || kinds.includes("password");
  const text = changeIt ? `${TEXT.secretShared[language]}\n${TEXT.secretChangeIt[language]}` : TEXT.secretShared[language];
  return [{ text, buttons: [] }];
}

/**
 * A public comment that exposed a secret or personal data: a warning that does not repeat it, every
 * time (each exposure needs its own notice).
 * Where the bot may delete the comment it does; where it may not, the warning asks the user to.
 */
export function publicExposureWarning(language: Language, botCanDelete: boolean): OutboundMessage {
  const text = botCanDelete ? TEXT.publicSecretDeleted : TEXT.publicSecretPleaseDelete;
  return { text: text[language], buttons: [] };
}

/**
 * Abuse gets one calm reply offering a person, never an FAQ answer and never the abuse repeated
 * back; after that, abusive messages get no reply (the offer stands, and a bot that answers every
 * insult only feeds the exchange). Messages without abuse are answered as usual.
 */
export function abuseReply(conversation: Conversation): OutboundMessage[] {
  if (!firstTime(conversation, ABUSE_WARNING)) return [];
  const { language } = conversation;
  return [{ text: TEXT.abuseCalm[language], buttons: [{ id: BUTTON.handoff, label: TEXT.talkToPerson[language] }] }];
}
