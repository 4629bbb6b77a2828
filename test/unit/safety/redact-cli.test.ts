import { spawn } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../../..");
const dir = mkdtempSync(join(tmpdir(), "redact-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `npm run --silent redact` as an operator would, with `file` on stdin. */
function runRedact(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "redact"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    createReadStream(file).pipe(child.stdin);
  });
}

describe("npm run redact", () => {
  // Spawns npm and tsx: seconds on a busy machine, not a measure of the tool.
  it("prints every line of a log file redacted, one line out per line in", { timeout: 30_000 }, async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      i % 3 === 0
        ? JSON.stringify({ level: 30, msg: "user wrote", text: `卡号 4111 1111 1111 1111, 验证码 ${100000 + i}` })
        : i % 3 === 1
          ? `order #2024050112345678 paid ${i} yuan`
          : "",
    );
    const file = join(dir, "bot.log");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const { code, stdout, stderr } = await runRedact(file);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const out = stdout.split("\n");
    expect(out.pop()).toBe("");
    expect(out).toHaveLength(lines.length);
    expect(stdout).not.toContain("4111 1111");
    expect(out[0]).toBe(JSON.stringify({ level: 30, msg: "user wrote", text: "卡号 [card ****1111], 验证码 [code]" }));
    expect(out[1]).toBe("order #2024050112345678 paid 1 yuan");
    expect(out[2]).toBe("");
  });
});
