import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { Adapter, AdapterHost } from "../../src/adapter.js";
import type { ConversationRef, OutboundMessage } from "../../src/conversation/model.js";
import { readJson, sendJson } from "../../src/http/server.js";
import { CONSOLE_PAGE } from "./page.js";

const messageRequestSchema = z
  .object({
    userId: z.string().trim().min(1).max(64),
    displayName: z.string().max(64).optional(),
    text: z.string().optional(),
    buttonId: z.string().max(64).optional(),
    /** Lets scripts test redelivery; a person's page leaves it out. */
    messageId: z.string().min(1).max(128).optional(),
    /** Simulates a public comment (a group or channel) instead of a private chat. */
    public: z.boolean().default(false),
  })
  .refine((body) => body.text !== undefined || body.buttonId !== undefined, { message: "expects text or buttonId" });

/** Messages the bot sent outside a reply (an agent's answer), kept until the page fetches them. */
const OUTBOX_LIMIT = 200;

interface RenderedReply {
  text: string;
  buttons: { id: string; label: string }[];
  fromAgent?: string;
}

/**
 * The embedded local front door: a chat page at `/` and a JSON API at `/api/console/messages`,
 * for trying the bot with no platform account, and for tests and scripts.
 */
export class ConsoleAdapter implements Adapter {
  readonly platform = "console" as const;
  connected = false;
  private host: AdapterHost | undefined;
  private readonly outbox = new Map<string, { seq: number; reply: RenderedReply }[]>();
  private seq = 0;

  async start(host: AdapterHost): Promise<void> {
    this.host = host;
    host.http.route("GET", "/", (_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(CONSOLE_PAGE);
    });
    host.http.route("POST", "/api/console/messages", (req, res) => this.receive(req, res));
    host.http.route("GET", "/api/console/messages", (req, res) => this.poll(req, res));
    this.connected = true;
  }

  async stop(): Promise<void> {
    this.connected = false;
  }

  async send(ref: ConversationRef, message: OutboundMessage): Promise<void> {
    const queue = this.outbox.get(ref.chatId) ?? [];
    queue.push({ seq: ++this.seq, reply: render(message) });
    if (queue.length > OUTBOX_LIMIT) queue.splice(0, queue.length - OUTBOX_LIMIT);
    this.outbox.set(ref.chatId, queue);
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.connected || !this.host) return sendJson(res, 503, { error: "console is stopping" });
    const request = await readJson(req);
    if (!request.ok) return sendJson(res, request.status, { error: request.reason });
    const parsed = messageRequestSchema.safeParse(request.value);
    if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
    const body = parsed.data;
    const { replies } = await this.host.handle({
      messageId: body.messageId ?? randomUUID(),
      ref: body.public
        ? { platform: "console", chatId: "public", kind: "comment" }
        : { platform: "console", chatId: body.userId, kind: "dm" },
      author: { id: body.userId, displayName: body.displayName ?? body.userId },
      text: body.text ?? "",
      action: body.buttonId,
      receivedAt: Date.now(),
    });
    sendJson(res, 200, { replies: replies.map(render) });
  }

  private poll(req: IncomingMessage, res: ServerResponse): void {
    const query = new URL(req.url ?? "/", "http://localhost").searchParams;
    const userId = query.get("userId") ?? "";
    const after = Number(query.get("after") ?? "0") || 0;
    const messages = (this.outbox.get(userId) ?? []).filter((entry) => entry.seq > after);
    sendJson(res, 200, { messages: messages.map((entry) => entry.reply), next: messages.at(-1)?.seq ?? after });
  }
}

function render(message: OutboundMessage): RenderedReply {
  return {
    text: message.text,
    buttons: message.buttons.map(({ id, label }) => ({ id, label })),
    ...(message.fromAgent ? { fromAgent: message.fromAgent } : {}),
  };
}
