/**
 * What the bot says to staff (in the card's thread, or privately to one agent). Staff work in one
 * shared workspace, so these are written once, in English, short enough to scan in a busy channel.
 */
export const STAFF_TEXT = {
  followup: (name: string, text: string) => `💬 ${name}: ${text}`,
  remind: (minutes: number) => `⏰ Waiting ${minutes} min and nobody has claimed it yet.`,
  escalate: (minutes: number) => `🚨 Unclaimed for ${minutes} min: please pick this handoff up.`,
  notStaff: "Only members of the handoff channel can act on handoffs.",
  claimedBy: (name: string) => `Already claimed by ${name}.`,
  closed: "This handoff is closed: nothing was sent to the user.",
  otherHandoff: "The user has moved on to another conversation: nothing was sent.",
  unreachable: "⚠️ Not delivered: the user cannot be reached on their platform (blocked the bot or closed DMs).",
  notDelivered: (detail: string) => `⚠️ Not delivered (${detail}). Please send it again.`,
  textOnly: "Only text reaches the user: files and images are not forwarded.",
} as const;
