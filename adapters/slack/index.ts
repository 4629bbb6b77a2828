import { App, HTTPReceiver, type Logger as BoltLogger, LogLevel, webApi } from "@slack/bolt";
import type { Logger } from "pino";
import type { CardLocation } from "../../src/handoff/record.js";
import type { StaffActions } from "../../src/handoff/staff-actions.js";
import { STAFF_TEXT } from "../../src/handoff/staff-text.js";
import type { HttpServer } from "../../src/http/server.js";
import { ACTION_IDS } from "./blocks.js";
import { SlackDirectory } from "./directory.js";
import { slackToPlain } from "./format.js";
import { SlackSurface } from "./surface.js";

/** Slack signs each request with its time; older (or later) than this is a replay and is refused. */
const MAX_CLOCK_SKEW_S = 5 * 60;

/** A hung Slack call must not hold a worker forever; the queue retries it. */
const CALL_TIMEOUT_MS = 10_000;

export interface SlackClientOptions {
  token: string;
  /** SLACK_API_URL: another server speaking the Web API (the test fake). */
  apiUrl?: string;
}

/**
 * A Web API client for the handoff side: no retries of its own and 429s rejected at once, because
 * the `handoffs` queue owns retrying (with backoff, honouring Retry-After) across worker restarts.
 */
export function createSlackClient(options: SlackClientOptions): webApi.WebClient {
  return new webApi.WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: CALL_TIMEOUT_MS,
    logLevel: webApi.LogLevel.ERROR,
  });
}

export interface SlackStaffOptions extends SlackClientOptions {
  /** SLACK_SIGNING_SECRET: HTTP mode at /slack/events on the shared server. */
  signingSecret?: string;
  /** SLACK_APP_TOKEN: Socket Mode instead of HTTP (no public URL needed). */
  appToken?: string;
  /** SLACK_HANDOFF_CHANNEL: cards go there; only its members (and the allowlist) are staff. */
  channel: string;
  /** SLACK_STAFF_ALLOWLIST */
  allowlist: string[];
  /** SLACK_ESCALATION_GROUP */
  escalationGroup?: string;
  log: Logger;
}

export interface SlackStaffHost {
  http: HttpServer;
  actions: StaffActions;
  /** True the first time a Slack message id is seen (Slack redelivers events it thinks were missed). */
  claimEvent: (id: string) => Promise<boolean>;
}

/**
 * Slack as the staff side: `surface` posts and redraws cards (used by the worker, wherever it runs);
 * `start` runs the app that turns button clicks and agents' thread replies into staff actions.
 */
export class SlackStaff {
  readonly directory: SlackDirectory;
  readonly surface: SlackSurface;
  private app: App | undefined;

  constructor(private readonly options: SlackStaffOptions) {
    const client = createSlackClient(options);
    this.directory = new SlackDirectory({ client, channel: options.channel, allowlist: options.allowlist });
    this.surface = new SlackSurface({
      client,
      channel: options.channel,
      directory: this.directory,
      ...(options.escalationGroup ? { escalationGroup: options.escalationGroup } : {}),
    });
  }

  async start(host: SlackStaffHost): Promise<void> {
    const { options } = this;
    const logger = boltLogger(options.log);
    const clientOptions = { ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}), retryConfig: { retries: 0 } };
    if (options.appToken) {
      this.app = new App({ token: options.token, appToken: options.appToken, socketMode: true, clientOptions, logger });
    } else {
      const receiver = new HTTPReceiver({ signingSecret: options.signingSecret ?? "", endpoints: "/slack/events", logger });
      this.app = new App({ token: options.token, receiver, clientOptions, logger });
      host.http.route("POST", "/slack/events", (req, res) => {
        // Bolt refuses old signatures but accepts any future one; a replay window is symmetric.
        const sentAt = Number(req.headers["x-slack-request-timestamp"]);
        if (Number.isFinite(sentAt) && sentAt - Date.now() / 1000 > MAX_CLOCK_SKEW_S) {
          res.writeHead(401).end();
          return;
        }
        receiver.requestListener(req, res);
      });
    }
    register(this.app, { ...host, directory: this.directory, surface: this.surface, channel: options.channel, log: options.log });
    this.app.error(async (error) => {
      options.log.warn({ err: error.message }, "slack listener failed");
    });
    if (options.appToken) await this.app.start();
    options.log.info({ mode: options.appToken ? "socket" : "http" }, "slack staff app ready");
  }

  async stop(): Promise<void> {
    if (this.options.appToken) await this.app?.stop();
  }
}

interface ListenerDeps extends SlackStaffHost {
  directory: SlackDirectory;
  surface: SlackSurface;
  channel: string;
  log: Logger;
}

function register(app: App, options: ListenerDeps): void {
  const { actions, directory, log } = options;
  const byActionId = {
    [ACTION_IDS.claim]: actions.claim.bind(actions),
    [ACTION_IDS.resolve]: actions.resolve.bind(actions),
    [ACTION_IDS.return]: actions.returnToBot.bind(actions),
  };
  for (const [actionId, act] of Object.entries(byActionId)) {
    app.action(actionId, async ({ ack, body, action }) => {
      await ack();
      if (body.type !== "block_actions" || action.type !== "button" || !action.value) return;
      const container = body.container as { channel_id?: string; message_ts?: string };
      if (container.channel_id !== options.channel || !container.message_ts) return;
      const at: CardLocation = { channel: container.channel_id, ts: container.message_ts };
      const result = await act(action.value, await directory.agent(body.user.id), at);
      if (!result.ok) log.info({ handoffId: action.value, user: body.user.id, reason: result.reason }, "staff action refused");
    });
  }
  app.event("message", async ({ event }) => {
    // Agents' own words only: no edits, joins, bot posts; and only replies in a card's thread.
    if (event.subtype !== undefined && event.subtype !== "thread_broadcast" && event.subtype !== "file_share") return;
    if (!("user" in event) || !event.user || ("bot_id" in event && event.bot_id)) return;
    if (event.channel !== options.channel || !("thread_ts" in event) || !event.thread_ts || event.thread_ts === event.ts) return;
    if (!(await options.claimEvent(`${event.channel}-${event.ts}`))) return;
    const at: CardLocation = { channel: event.channel, ts: event.thread_ts };
    const text = slackToPlain(("text" in event && event.text) || "");
    if ("files" in event && event.files?.length) await options.surface.refuse(event.user, at, STAFF_TEXT.textOnly).catch(() => undefined);
    if (text === "") return;
    const result = await actions.replyInThread(at, await directory.agent(event.user), text);
    if (!result.ok) log.info({ user: event.user, reason: result.reason }, "agent reply not relayed");
  });
}

/** Bolt's chatter goes to our logger; its info lines (connection state) are debug for us. */
function boltLogger(log: Logger): BoltLogger {
  const line = (parts: unknown[]) => parts.map((part) => (typeof part === "string" ? part : JSON.stringify(part))).join(" ");
  return {
    debug: (...parts) => log.trace(line(parts)),
    info: (...parts) => log.debug(line(parts)),
    warn: (...parts) => log.warn(line(parts)),
    error: (...parts) => log.error(line(parts)),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}
