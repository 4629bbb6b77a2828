import { BOT_USER_ID, buttonClick, FakeSlack, sendSlack, threadReplyEvent } from "./fake-slack.js";

/** The one agent in the fake Slack's handoff channel. */
export const AGENT = { id: "U0000ALICE", name: "Alice" };

const CHANNEL = "C0000HANDOFF";
const SECRET = "e2e-signing-secret";

/**
 * A fake Slack whose handoff channel holds the bot and AGENT, and the settings that point the whole
 * bot (startTestBot) at it in HTTP mode.
 */
export async function startSlackDesk(): Promise<{ slack: FakeSlack; env: Record<string, string> }> {
  const slack = await new FakeSlack({ members: [AGENT.id, BOT_USER_ID], names: { [AGENT.id]: AGENT.name } }).start();
  return { slack, env: { SLACK_BOT_TOKEN: "xoxb-e2e", SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.url, SLACK_HANDOFF_CHANNEL: CHANNEL } };
}

export type CardWork = Awaited<ReturnType<typeof workCard>>;

/**
 * AGENT working the `index`-th card the bot posted (waits for it): button clicks and thread replies
 * reach the bot's /slack/events signed, as Slack sends them.
 */
export async function workCard(slack: FakeSlack, botUrl: string, index = 0) {
  await slack.waitFor((fake) => fake.cards().length > index);
  const card = slack.cards()[index];
  const ts = card?.result?.ts as string;
  const handoffId = (card?.args.metadata as { event_payload: { handoff_id: string } }).event_payload.handoff_id;
  const send = (payload: { json: unknown } | { form: unknown }) => sendSlack(`${botUrl}/slack/events`, SECRET, payload);
  const click = (actionId: string) => send({ form: buttonClick(CHANNEL, ts, AGENT.id, actionId, handoffId) });
  /** Resolves once the card has been redrawn showing `text` (a status line). */
  const shows = (text: string) =>
    slack.waitFor((fake) => fake.callsOf("chat.update").some((call) => call.args.ts === ts && JSON.stringify(call.args.blocks).includes(text)));
  return {
    ts,
    handoffId,
    shows,
    claim: async () => {
      await click("handoff_claim");
      await shows("Claimed by");
    },
    reply: (text: string) => send({ json: threadReplyEvent(CHANNEL, ts, AGENT.id, text) }),
    resolve: () => click("handoff_resolve"),
    /** Resolves once the card's thread holds a post containing `text` (a user's follow-up). */
    threadGets: (text: string) => slack.waitFor((fake) => fake.threadPosts(ts).some((call) => String(call.args.text).includes(text))),
  };
}
