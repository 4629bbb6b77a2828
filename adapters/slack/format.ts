/** Slack mrkdwn treats &, < and > as control characters: user text must never become a mention or a link. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * An agent's Slack message as plain text for the user: `<url|label>` becomes `label (url)`, user and
 * channel mentions become `@name`/`#name` or are dropped, and Slack's escapes are undone.
 */
export function slackToPlain(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, (_match, url: string, label: string) => (label === url.replace(/^mailto:/, "") ? label : `${label} (${url})`))
    .replace(/<((?:https?|mailto):[^>]+)>/g, (_match, url: string) => url.replace(/^mailto:/, ""))
    .replace(/<[@#!][^|>]*\|([^>]+)>/g, (_match, label: string) => label)
    .replace(/<[@#!][^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .trim();
}
