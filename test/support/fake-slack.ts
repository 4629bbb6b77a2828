import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

/** One Web API call as the fake received it; JSON-in-form fields (blocks, metadata) already parsed. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  /** When it arrived (performance.now(), for benchmarks in the same process). */
  at: number;
  /** What the fake answered (set once answered). */
  result?: Record<string, unknown>;
}

interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  thread_ts?: string;
  metadata?: unknown;
}

interface Failure {
  method: string | undefined;
  status: 429 | 500;
  remaining: number;
  retryAfterS: number;
}

export interface FakeSlackOptions {
  /** conversations.members of every channel. */
  members?: string[];
  /** users.info display names by user id. */
  names?: Record<string, string>;
}

export const BOT_USER_ID = "U0000BOT";
export const TEAM_ID = "T0000TEAM";

/**
 * A fake Slack Web API on 127.0.0.1 speaking the wire format the real WebClient uses (form posts,
 * JSON strings inside the form, `{ok: ...}` answers), recording every call. It can answer 429/500
 * for a while, and hold a method's answers (to kill a worker while Slack is "posting").
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  /** Methods of the calls answered with an injected 429/500, in order. */
  readonly rejected: string[] = [];
  private readonly messages: StoredMessage[] = [];
  private readonly failures: Failure[] = [];
  private readonly held = new Map<string, (() => void)[]>();
  private readonly holding = new Set<string>();
  private sequence = 0;
  private server: Server | undefined;
  private sockets: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private readonly acks = new Map<string, () => void>();
  private envelopes = 0;
  members: string[];
  names: Record<string, string>;

  constructor(options: FakeSlackOptions = {}) {
    this.members = options.members ?? [];
    this.names = options.names ?? {};
  }

  /** The WebClient's slackApiUrl (SLACK_API_URL). */
  url = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    // Socket Mode: apps.connections.open hands out a ws:// URL on this same port.
    this.sockets = new WebSocketServer({ server: this.server });
    this.sockets.on("connection", (socket) => {
      this.socket = socket;
      socket.on("message", (data) => {
        const { envelope_id: id } = JSON.parse(String(data)) as { envelope_id?: string };
        if (id) this.acks.get(id)?.();
      });
      socket.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A0000APP" } }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
    return this;
  }

  /** Socket Mode: resolves once the app is connected. */
  async connected(): Promise<void> {
    while (!this.socket) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  /** Socket Mode: pushes an Events API or interactive payload; resolves when the app acks it. */
  push(type: "events_api" | "interactive", payload: unknown): Promise<void> {
    const id = `e${++this.envelopes}`;
    return new Promise((resolve) => {
      this.acks.set(id, resolve);
      this.socket?.send(JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: type === "interactive", retry_attempt: 0, retry_reason: "" }));
    });
  }

  /**
   * Socket Mode: the app's stop() resolves before the close handshake ends; closing the fake
   * before it does keeps the client waiting 30 s. Call after stopping the app, before `stop`.
   */
  async disconnected(): Promise<void> {
    while (this.socket && this.socket.readyState !== this.socket.CLOSED) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  async stop(): Promise<void> {
    for (const method of [...this.holding]) this.release(method);
    this.sockets?.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Answers the next `times` calls (of `method`, or of any method) with this status. */
  fail(options: { status: 429 | 500; times: number; method?: string; retryAfterS?: number }): void {
    this.failures.push({ method: options.method, status: options.status, remaining: options.times, retryAfterS: options.retryAfterS ?? 1 });
  }

  /** Records calls of `method` but answers none of them until `release`. */
  hold(method: string): void {
    this.holding.add(method);
  }

  release(method: string): void {
    this.holding.delete(method);
    for (const answer of this.held.get(method) ?? []) answer();
    this.held.delete(method);
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Cards: top-level messages the bot posted (thread replies excluded). */
  cards(): SlackCall[] {
    return this.callsOf("chat.postMessage").filter((call) => call.args.thread_ts === undefined);
  }

  threadPosts(ts: string): SlackCall[] {
    return this.callsOf("chat.postMessage").filter((call) => call.args.thread_ts === ts);
  }

  /** Resolves once `predicate` holds on the recorded calls (polls; the test's own timeout bounds it). */
  async waitFor(predicate: (fake: this) => boolean): Promise<void> {
    while (!predicate(this)) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0] ?? "";
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const args = parseForm(Buffer.concat(chunks).toString("utf8"));
    const token = req.headers.authorization?.replace(/^Bearer /, "");
    const failure = this.failures.find((candidate) => candidate.remaining > 0 && (candidate.method === undefined || candidate.method === method));
    if (failure) {
      failure.remaining--;
      this.rejected.push(method);
      if (failure.status === 429) res.writeHead(429, { "retry-after": String(failure.retryAfterS), "content-type": "application/json" }).end('{"ok":false,"error":"ratelimited"}');
      else res.writeHead(500, { "content-type": "text/plain" }).end("internal error");
      return;
    }
    const call: SlackCall = { method, args, token, at: performance.now() };
    this.calls.push(call);
    const answer = this.answer(method, args);
    call.result = answer;
    const send = () => {
      if (!res.destroyed) res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(answer));
    };
    if (this.holding.has(method)) this.held.set(method, [...(this.held.get(method) ?? []), send]);
    else send();
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case "apps.connections.open":
        return { ok: true, url: `ws://127.0.0.1:${(this.server?.address() as AddressInfo).port}/link/?ticket=fake` };
      case "auth.test":
        return { ok: true, url: "https://fake.slack.com/", team: "Fake", user: "bot", team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: "B0000BOT" };
      case "chat.postMessage": {
        const ts = this.ts();
        const message: StoredMessage = { channel: String(args.channel), ts, text: String(args.text ?? "") };
        if (args.thread_ts !== undefined) message.thread_ts = String(args.thread_ts);
        if (args.metadata !== undefined) message.metadata = args.metadata;
        this.messages.push(message);
        return { ok: true, channel: args.channel, ts, message: { type: "message", text: args.text, ts, bot_id: "B0000BOT" } };
      }
      case "chat.update":
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case "chat.postEphemeral":
        return { ok: true, message_ts: this.ts() };
      case "conversations.members":
        return { ok: true, members: this.members, response_metadata: { next_cursor: "" } };
      case "conversations.history": {
        const oldest = Number(args.oldest ?? 0);
        const found = this.messages
          .filter((message) => message.channel === args.channel && message.thread_ts === undefined && Number(message.ts) >= oldest)
          .reverse()
          .map((message) => ({ type: "message", ts: message.ts, text: message.text, ...(args.include_all_metadata && message.metadata ? { metadata: message.metadata } : {}) }));
        return { ok: true, messages: found, has_more: false };
      }
      case "users.info": {
        const id = String(args.user);
        return { ok: true, user: { id, name: id.toLowerCase(), real_name: this.names[id] ?? id, profile: { display_name: this.names[id] ?? "" } } };
      }
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  /** Like Slack's: seconds now, then a sequence keeping each ts unique. */
  private ts(): string {
    this.sequence++;
    return `${Math.floor(Date.now() / 1000)}.${String(this.sequence).padStart(6, "0")}`;
  }
}

function parseForm(body: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Sends a request to Bolt's endpoint as Slack does: signed with the signing secret over the exact
 * bytes sent. `signAt` (seconds) makes a stale or future signature; `unsigned` leaves the headers out.
 */
export async function sendSlack(
  endpoint: string,
  secret: string,
  payload: { json: unknown } | { form: unknown },
  options: { signAt?: number; unsigned?: boolean } = {},
): Promise<number> {
  const isJson = "json" in payload;
  const body = isJson ? JSON.stringify(payload.json) : `payload=${encodeURIComponent(JSON.stringify(payload.form))}`;
  const ts = options.signAt ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`;
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": isJson ? "application/json" : "application/x-www-form-urlencoded",
      ...(options.unsigned ? {} : { "x-slack-request-timestamp": String(ts), "x-slack-signature": signature }),
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

let eventCounter = 0;

/** An Events API envelope for a message in a thread, as Slack posts it. */
export function threadReplyEvent(channel: string, threadTs: string, user: string, text: string) {
  eventCounter++;
  const ts = `1767225700.${String(eventCounter).padStart(6, "0")}`;
  return {
    token: "x",
    team_id: TEAM_ID,
    api_app_id: "A0000APP",
    type: "event_callback",
    event_id: `Ev${eventCounter}`,
    event_time: 1_767_225_700,
    event: { type: "message", channel, channel_type: "channel", user, text, ts, thread_ts: threadTs, parent_user_id: BOT_USER_ID, event_ts: ts },
    authorizations: [{ enterprise_id: null, team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

/** A block_actions payload: `user` clicked the button `actionId` (value = handoff id) on the card at channel/ts. */
export function buttonClick(channel: string, messageTs: string, user: string, actionId: string, value: string) {
  return {
    type: "block_actions",
    user: { id: user, username: user.toLowerCase(), team_id: TEAM_ID },
    team: { id: TEAM_ID, domain: "fake" },
    api_app_id: "A0000APP",
    container: { type: "message", message_ts: messageTs, channel_id: channel, is_ephemeral: false },
    trigger_id: "1111.2222.fffftrigger",
    channel: { id: channel, name: "support-handoffs" },
    message: { type: "message", bot_id: "B0000BOT", text: "Handoff", ts: messageTs },
    response_url: "https://hooks.slack.invalid/actions/T0000TEAM/1/x",
    state: { values: {} },
    actions: [{ action_id: actionId, block_id: "handoff_actions", type: "button", value, text: { type: "plain_text", text: actionId }, action_ts: "1767225701.000001" }],
  };
}
