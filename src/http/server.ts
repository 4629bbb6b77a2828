import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { BodyTooLargeError } from "../errors.js";

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** The largest request body any route accepts: a Telegram update or a Slack payload is far smaller. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * One HTTP server on PORT for everything that listens: the console, the Telegram webhook, Slack
 * events, health checks. Routes match the exact path, or a prefix ending in `/*`.
 */
export class HttpServer {
  private readonly routes: { method: string; path: string; handler: HttpHandler }[] = [];
  private readonly server: Server;

  constructor(private readonly log: Logger) {
    this.server = createServer((req, res) => void this.dispatch(req, res));
  }

  route(method: string, path: string, handler: HttpHandler): void {
    this.routes.push({ method, path, handler });
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeIdleConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const route = this.routes.find(
      (candidate) =>
        (candidate.method === "*" || candidate.method === req.method) &&
        (candidate.path === path || (candidate.path.endsWith("/*") && path.startsWith(candidate.path.slice(0, -1)))),
    );
    if (!route) {
      sendJson(res, 404, { error: "not found" });
      return;
    }
    try {
      await route.handler(req, res);
    } catch (error) {
      this.log.error({ err: error, path }, "http handler failed");
      if (!res.headersSent) sendJson(res, 500, { error: "internal error" });
      else res.end();
    }
  }
}

/** A request from this machine: what the staff pane and, without METRICS_TOKEN, /metrics answer only. */
export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address === "::1" || /^(::ffff:)?127\./.test(address));
}

/** A secret a request carries, compared in constant time: no timing tells how much of it was right. */
export function secretEquals(given: string | string[] | undefined, expected: string): boolean {
  const sent = Buffer.from((Array.isArray(given) ? given[0] : given) ?? "");
  const wanted = Buffer.from(expected);
  return sent.length === wanted.length && timingSafeEqual(sent, wanted);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(json) });
  res.end(json);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(MAX_BODY_BYTES);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A request body as JSON, or why not: 413 when over the limit, 400 when not JSON (never the parser's message: it quotes the body). */
export async function readJson(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; status: 400 | 413; reason: string }> {
  try {
    return { ok: true, value: JSON.parse(await readBody(req)) };
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { ok: false, status: 413, reason: error.message };
    return { ok: false, status: 400, reason: "expects a JSON body" };
  }
}
