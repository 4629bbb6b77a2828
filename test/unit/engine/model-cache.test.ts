import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadEngine } from "../../../src/engine/build.js";
import { KNOWLEDGE_DIR, knowledgeCopy } from "../../support/knowledge.js";

const QUESTIONS = ["付款一直失败怎么回事", "where's my refund??", "怎么注册", "my account got hacked", "今天天气怎么样", "app keeps crashing"];

// Each build without a usable cache trains the model: about a second.
describe("model cache", { timeout: 60_000 }, () => {
  let dir: string;
  let modelCache: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "topay-model-cache-"));
    modelCache = join(dir, "matcher.bin");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const build = (knowledgeDir = KNOWLEDGE_DIR) => loadEngine(knowledgeDir, undefined, { modelCache });

  it("reuses the trained matcher on the next start and answers exactly as the trained one", () => {
    const trained = build();
    const cached = build();
    expect([trained.report.model, cached.report.model]).toEqual(["trained", "cached"]);
    for (const question of QUESTIONS) expect(cached.engine.classify(question)).toEqual(trained.engine.classify(question));
  });

  it("trains again when an example question changes", () => {
    const copy = knowledgeCopy();
    try {
      const first = build(copy.dir);
      expect(first.report.model).toBe("trained");
      copy.edit("faq/refund.status.yaml", (text) => text.replace("  en:\n", '  en:\n    - "refund still missing after ten days"\n'));
      // calibration.yaml is stale now: its thresholds serve (no cross-validation), the model is trained again.
      expect(build(copy.dir).report.model).toBe("trained");
      expect(build(copy.dir).report.model).toBe("cached");
    } finally {
      copy.remove();
    }
  });

  it.each([
    ["cut short", (whole: Buffer) => whole.subarray(0, whole.length - 100)],
    ["overwritten in the middle, same length", (whole: Buffer) => Buffer.concat([whole.subarray(0, 200_000), Buffer.alloc(4096, 0x7f), whole.subarray(204_096)])],
  ])("ignores a cache file %s and replaces it", (_case, damage) => {
    build();
    const whole = readFileSync(modelCache);
    writeFileSync(modelCache, damage(whole));
    const rebuilt = build();
    expect(rebuilt.report.model).toBe("trained");
    expect(rebuilt.engine.classify("付款一直失败怎么回事")).toMatchObject({ action: "answer", topic: "payment.failed" });
    expect(readFileSync(modelCache).equals(whole)).toBe(true);
    expect(build().report.model).toBe("cached");
  });

  it("trains again, never hangs, on a whole file whose feature table is not a whole table", () => {
    build();
    // Same layout as model-cache.ts writes: magic line, header length, JSON header, then the records and the biases.
    const whole = readFileSync(modelCache);
    const headerStart = "topay-matcher-4\n".length + 4;
    const bodyStart = headerStart + whole.readUInt32LE(headerStart - 4);
    const header = JSON.parse(whole.toString("utf8", headerStart, bodyStart)) as { records: number; checksum: string };
    // One record (8 Int32s) fewer: the checksum matches, the slots are no longer a power of two.
    const body = Buffer.concat([whole.subarray(bodyStart, bodyStart + (header.records - 8) * 4), whole.subarray(bodyStart + header.records * 4)]);
    const newHeader = Buffer.from(JSON.stringify({ ...header, records: header.records - 8, checksum: createHash("sha256").update(body).digest("hex") }));
    const prefix = Buffer.from(whole.subarray(0, headerStart));
    prefix.writeUInt32LE(newHeader.length, headerStart - 4);
    writeFileSync(modelCache, Buffer.concat([prefix, newHeader, body]));
    const rebuilt = build();
    expect(rebuilt.report.model).toBe("trained");
    expect(rebuilt.engine.classify("where's my refund??").topic).toBe("refund.status");
  });

  it("starts without the cache when it cannot be written, and says why", () => {
    writeFileSync(join(dir, "a-file"), "");
    modelCache = join(dir, "a-file", "matcher.bin");
    const { engine, report } = build();
    expect(report).toMatchObject({ model: "trained", cacheError: expect.stringMatching(/a-file\/matcher\.bin: E[A-Z]+$/) });
    expect(engine.classify("where's my refund??").topic).toBe("refund.status");
    expect(readdirSync(dir)).toEqual(["a-file"]);
  });
});
