/** What a Discord user reads of a message's content: a backslash before ASCII punctuation is dropped and the character shown as is. */
export const shownOnDiscord = (content: string) => content.replace(/\\([^0-9A-Za-z\s])/g, "$1");
