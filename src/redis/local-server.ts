import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdirSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { delimiter, join } from "node:path";
import { RedisUnavailableError } from "../errors.js";

export const INSTALL_HINT =
  "Redis is needed: install it (apt-get install -y redis-server, or brew install redis) or set REDIS_URL=redis://host:port";

/** True when something at host:port answers a Redis PING. */
export function pingRedis(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
    socket.connect(port, host, () => socket.write("PING\r\n"));
  });
}

export function findOnPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface LocalRedis {
  url: string;
  stop(): Promise<void>;
}

export interface LocalRedisOptions {
  /** Where Redis keeps its append-only file; undefined keeps nothing on disk (tests). */
  dataDir?: string;
  /** This port rather than a free one (a test starting a server again where it was). */
  port?: number;
}

/** Starts a private redis-server on a free loopback port (or `options.port`) as a child process of this one. */
export async function startLocalRedis(options: LocalRedisOptions = {}): Promise<LocalRedis> {
  const binary = findOnPath("redis-server");
  if (!binary) throw new RedisUnavailableError(INSTALL_HINT);
  const persistence = options.dataDir
    ? ["--dir", options.dataDir, "--appendonly", "yes", "--save", ""]
    : ["--appendonly", "no", "--save", ""];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // Picking a free port and binding it is racy; a second try almost always wins.
  const attempts = options.port === undefined ? 3 : 1;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = options.port ?? (await freePort());
    const child = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--loglevel", "warning", ...persistence], {
      stdio: "ignore",
    });
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    if (await waitUntilReady(child, port)) {
      return {
        url: `redis://127.0.0.1:${port}`,
        stop: async () => {
          process.off("exit", killOnExit);
          await stopChild(child);
        },
      };
    }
    process.off("exit", killOnExit);
    await stopChild(child);
  }
  throw new RedisUnavailableError(
    options.port === undefined ? "redis-server did not start on a free port (tried 3 times)" : `redis-server did not start on port ${options.port}`,
  );
}

async function waitUntilReady(child: ChildProcess, port: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) return false;
    if (await pingRedis("127.0.0.1", port, 200)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
