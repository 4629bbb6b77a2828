import type { IncomingMessage, ServerResponse } from "node:http";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { HandoffCard } from "../../src/handoff/card.js";
import type { CardLocation } from "../../src/handoff/record.js";
import type { ActionResult, StaffActions } from "../../src/handoff/staff-actions.js";
import type { StaffSurface } from "../../src/handoff/staff.js";
import type { HttpServer } from "../../src/http/server.js";
import { isLoopback, readJson, sendJson } from "../../src/http/server.js";
import { STAFF_PAGE } from "./staff-pane.js";

/** The pane lists this many handoffs, newest first: a local desk, not an archive. */
const PANE_LIMIT = 50;
/** Refusals kept for the pane to show. */
const NOTICE_LIMIT = 20;
const CHANNEL = "console";

const actionRequestSchema = z.object({
  handoffId: z.string().min(1).max(80),
  agent: z.string().trim().min(1).max(64),
  text: z.string().trim().min(1).max(4_000).optional(),
});

interface ThreadLine {
  text: string;
  at: number;
  broadcast?: boolean;
}

/**
 * The staff side with no Slack: cards and their threads in Redis, shown by the console's staff
 * pane (`/staff`, and beside the chat at `/`), worked through JSON under /api/console/staff/.
 */
export class ConsoleStaff implements StaffSurface {
  private readonly notices: { agent: string; text: string; at: number }[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private cardKey(id: string): string {
    return `${this.prefix}console-staff:card:${id}`;
  }

  private threadKey(id: string): string {
    return `${this.prefix}console-staff:thread:${id}`;
  }

  private get indexKey(): string {
    return `${this.prefix}console-staff:cards`;
  }

  async postCard(card: HandoffCard): Promise<CardLocation> {
    await this.redis.multi().set(this.cardKey(card.handoffId), JSON.stringify(card)).zadd(this.indexKey, card.openedAt, card.handoffId).exec();
    return { channel: CHANNEL, ts: card.handoffId };
  }

  async findCard(handoffId: string): Promise<CardLocation | undefined> {
    return (await this.redis.exists(this.cardKey(handoffId))) ? { channel: CHANNEL, ts: handoffId } : undefined;
  }

  async updateCard(at: CardLocation, card: HandoffCard): Promise<void> {
    await this.redis.set(this.cardKey(at.ts), JSON.stringify(card));
  }

  async postToThread(at: CardLocation, text: string, options: { broadcast?: boolean; escalate?: boolean } = {}): Promise<void> {
    const line: ThreadLine = { text: options.escalate ? `@escalation ${text}` : text, at: Date.now(), ...(options.broadcast ? { broadcast: true } : {}) };
    await this.redis.rpush(this.threadKey(at.ts), JSON.stringify(line));
  }

  async refuse(agentId: string, _at: CardLocation | undefined, text: string): Promise<void> {
    this.notices.push({ agent: agentId, text, at: Date.now() });
    if (this.notices.length > NOTICE_LIMIT) this.notices.shift();
  }

  /** Whoever can reach the pane is staff: it answers this machine only (see `mount`). */
  async isStaff(): Promise<boolean> {
    return true;
  }

  /**
   * The pane has no login: it answers only requests from this machine, so a bot listening on a
   * public HOST (Telegram webhook, no Slack) does not let strangers answer users as staff.
   */
  mount(http: HttpServer, actions: StaffActions): void {
    const local = (handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void) => (req: IncomingMessage, res: ServerResponse) =>
      isLoopback(req.socket.remoteAddress) ? handler(req, res) : sendJson(res, 403, { ok: false, reason: "the staff pane answers this machine only" });
    http.route(
      "GET",
      "/staff",
      local((_req, res) => {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(STAFF_PAGE);
      }),
    );
    http.route("GET", "/api/console/staff/queue", local((_req, res) => this.queue(res)));
    const act = (name: string, run: (body: z.infer<typeof actionRequestSchema>) => Promise<ActionResult>) =>
      http.route("POST", `/api/console/staff/${name}`, local((req, res) => this.act(req, res, run)));
    const agent = (name: string) => ({ id: name, name });
    act("claim", (body) => actions.claim(body.handoffId, agent(body.agent)));
    act("resolve", (body) => actions.resolve(body.handoffId, agent(body.agent)));
    act("return", (body) => actions.returnToBot(body.handoffId, agent(body.agent)));
    act("reply", (body) => actions.reply(body.handoffId, agent(body.agent), body.text ?? ""));
  }

  private async queue(res: ServerResponse): Promise<void> {
    const ids = await this.redis.zrevrange(this.indexKey, 0, PANE_LIMIT - 1);
    const handoffs = await Promise.all(
      ids.map(async (id) => {
        const [card, thread] = await Promise.all([this.redis.get(this.cardKey(id)), this.redis.lrange(this.threadKey(id), 0, -1)]);
        return card ? { card: JSON.parse(card) as HandoffCard, thread: thread.map((line) => JSON.parse(line) as ThreadLine) } : undefined;
      }),
    );
    sendJson(res, 200, { handoffs: handoffs.filter((entry) => entry !== undefined), notices: this.notices });
  }

  private async act(req: IncomingMessage, res: ServerResponse, run: (body: z.infer<typeof actionRequestSchema>) => Promise<ActionResult>): Promise<void> {
    const body = await readJson(req);
    if (!body.ok) return sendJson(res, body.status, { ok: false, reason: body.reason });
    const parsed = actionRequestSchema.safeParse(body.value);
    if (!parsed.success) return sendJson(res, 400, { ok: false, reason: z.prettifyError(parsed.error) });
    if (req.url?.endsWith("/reply") && !parsed.data.text) return sendJson(res, 400, { ok: false, reason: "expects text" });
    const result = await run(parsed.data);
    sendJson(res, result.ok ? 200 : 409, result);
  }
}
