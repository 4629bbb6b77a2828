import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { describe, expect, inject, it } from "vitest";

/** Runs `npm start`'s command as a real process, the way an operator does. */
function startProcess(env: Record<string, string>): { child: ChildProcess; output: () => string; errors: () => string } {
  let output = "";
  let errors = "";
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, LOG_LEVEL: "info", REDIS_PREFIX: `test-${randomUUID()}:`, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (errors += chunk));
  return { child, output: () => output, errors: () => errors };
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("the bot process", () => {
  it.each([
    [{ PORT: "eighty" }, /^topay-bot: PORT expects a TCP port number/],
    [{ REDIS_URL: "127.0.0.1:6379" }, /^topay-bot: REDIS_URL expects redis:\/\//],
    [{ REDIS_URL: "redis://127.0.0.1:1" }, /^topay-bot: REDIS_URL redis:\/\/127\.0\.0\.1:1 does not answer/],
  ])("stops with one line naming the bad setting: %j", async (env, message) => {
    const { child, errors } = startProcess({ PORT: "0", ...env });
    expect(await exited(child)).toBe(1);
    const lines = errors().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it("serves, then exits cleanly on SIGTERM", async () => {
    const port = await freePort();
    const { child, output } = startProcess({ PORT: String(port), REDIS_URL: inject("REDIS_URL") });
    for (let i = 0; i < 500 && !output().includes("bot started"); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const exit = exited(child);
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(output()).toContain("stopped");
  });
});
