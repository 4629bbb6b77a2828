import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../../..");

// `npm test` relies on this test for kb:check on the shipped knowledge (a failing kb:check rejects the run).
describe("npm run kb:check", () => {
  // Cross-validates the whole knowledge base: seconds.
  it("passes on the shipped knowledge and shows, per language, which topics lack examples", { timeout: 60_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "src/tools/kb-check.ts"], { cwd: ROOT });
    for (const language of ["zh", "en"]) {
      const report = stdout.slice(stdout.indexOf(`== ${language}, held-out examples in 5 splits, matcher only:`));
      expect(report).toMatch(/^== \w+, held-out examples in 5 splits, matcher only: in-scope accuracy [\d.]+%/);
      // Every topic of the taxonomy with its recall, so the weakest can be found at a glance.
      expect(report.split("\n")[1]).toMatch(/^recall: account\.login [\d.]+%, .*security\.unauthorized [\d.]+%$/);
      expect(report.split("\n")[2]).toMatch(/^worst confusions: \S+ -> \S+ \(\d+\)/);
    }
    expect(stdout.trim().split("\n").at(-1)).toBe("kb:check: ok");
  });
});
