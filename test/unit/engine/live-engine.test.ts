import pino from "pino";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { LiveEngine } from "../../../src/engine/live-engine.js";
import { KNOWLEDGE_DIR, knowledgeCopy } from "../../support/knowledge.js";

const DM = { platform: "console", chatId: "u1", kind: "dm" } as const;

function greetingReply(engine: LiveEngine): string | undefined {
  return engine.current().decide({ text: "你好", language: "zh", conversation: { consecutiveMisses: 0, lastTopic: null, ref: DM } }).replies[0]?.text;
}

/** A logger that keeps its records, so a test can see what a support lead would see in the log. */
function recordingLogger(): { log: pino.Logger; records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => void records.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, records };
}

/** policy.yaml with every wrong answer priced lower: the cheapest thresholds answer more. */
function cheaperMistakes(policy: string): string {
  return policy.replace("money: 5", "money: 2").replace("other: 4", "other: 1.5").replace("offered: 2", "offered: 1");
}

/** The start-up line and the first reload line of a recorded log. */
function builds(records: Record<string, unknown>[]): { loaded?: Record<string, unknown>; reloaded?: Record<string, unknown> } {
  return {
    loaded: records.find((record) => String(record.msg).startsWith("knowledge loaded")),
    reloaded: records.find((record) => String(record.msg).startsWith("knowledge reloaded")),
  };
}

// A build trains the model (and cross-validates when calibration.yaml is stale): seconds, not milliseconds.
describe("knowledge hot reload", { timeout: 60_000 }, () => {
  let copy: ReturnType<typeof knowledgeCopy> | undefined;
  let live: LiveEngine | undefined;
  // One model cache of their own for these tests: a reload that leaves the examples alone reads it, and
  // models of edited copies stay out of the repository's cache.
  let cacheDir: string;
  let cache: { modelCache: string };
  beforeAll(() => {
    cacheDir = mkdtempSync(join(tmpdir(), "topay-live-engine-"));
    cache = { modelCache: join(cacheDir, "matcher.bin") };
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
  afterEach(() => {
    live?.close();
    copy?.remove();
  });

  it("swaps in the new knowledge after a valid change", () => {
    copy = knowledgeCopy();
    live = new LiveEngine(copy.dir, recordingLogger().log, cache);
    copy.edit("rules.yaml", (text) => text.replace("你好!我是 {{brand}} 客服助手。", "您好,欢迎来到 {{brand}}!"));
    expect(live.reload()).toBe(true);
    expect(greetingReply(live)).toMatch(/^您好,欢迎来到 Topay!/);
  });

  it("keeps the previous knowledge and logs file, field and line when a change is invalid", () => {
    copy = knowledgeCopy();
    const { log, records } = recordingLogger();
    live = new LiveEngine(copy.dir, log, cache);
    const before = greetingReply(live);
    copy.edit("rules.yaml", (text) => text.replace("id: greeting", "id: Greeting!"));
    expect(live.reload()).toBe(false);
    expect(greetingReply(live)).toBe(before);
    const warning = records.find((record) => record.msg === "knowledge change rejected; the previous knowledge stays in use");
    expect(warning).toMatchObject({ file: expect.stringMatching(/rules\.yaml$/), field: expect.stringMatching(/^rules\[\d+\]\.id$/), line: expect.any(Number) });
  });

  it("answers at once after an edit of the example questions, with the previous thresholds until calibration is redone", () => {
    copy = knowledgeCopy();
    const { log, records } = recordingLogger();
    live = new LiveEngine(copy.dir, log, cache);
    const question = "zorbl flimp quxxy wobblenork";
    expect(live.current().classify(question)).not.toMatchObject({ action: "answer", topic: "refund.status" });
    copy.edit("faq/refund.status.yaml", (text) => text.replace("questions:\n  zh:\n", `questions:\n  zh:\n    - "${question}"\n`));
    expect(live.reload()).toBe(true);
    expect(live.current().classify(question)).toMatchObject({ action: "answer", topic: "refund.status" });
    const { loaded, reloaded } = builds(records);
    expect(reloaded).toMatchObject({ calibration: "previous", answerThreshold: loaded?.answerThreshold });
    expect(String(reloaded?.msg)).toContain("npm run kb:check -- --calibrate");
  });

  it("starts at once after an edit of the example questions, with calibration.yaml's thresholds until calibration is redone", () => {
    copy = knowledgeCopy();
    const question = "zorbl flimp quxxy wobblenork";
    copy.edit("faq/refund.status.yaml", (text) => text.replace("questions:\n  zh:\n", `questions:\n  zh:\n    - "${question}"\n`));
    const { log, records } = recordingLogger();
    live = new LiveEngine(copy.dir, log, cache);
    expect(live.current().classify(question)).toMatchObject({ action: "answer", topic: "refund.status" });
    const { loaded } = builds(records);
    const stored = parse(readFileSync(join(KNOWLEDGE_DIR, "calibration.yaml"), "utf8")) as { answer: number };
    expect(loaded).toMatchObject({ calibration: "stale", answerThreshold: stored.answer });
    expect(String(loaded?.msg)).toContain("npm run kb:check -- --calibrate");
  });

  it("chooses the thresholds before answering when it starts under another policy than calibration.yaml's", () => {
    copy = knowledgeCopy();
    copy.edit("policy.yaml", cheaperMistakes);
    const { log, records } = recordingLogger();
    live = new LiveEngine(copy.dir, log, cache);
    const { loaded } = builds(records);
    const stored = parse(readFileSync(join(KNOWLEDGE_DIR, "calibration.yaml"), "utf8")) as { answer: number };
    expect(loaded).toMatchObject({ calibration: "computed" });
    // Cheaper mistakes: the bot answers at a lower confidence than the stored thresholds.
    expect(loaded?.answerThreshold).toBeLessThan(stored.answer);
  });

  it("chooses the thresholds again when the support lead changes what a wrong answer costs", () => {
    copy = knowledgeCopy();
    const { log, records } = recordingLogger();
    live = new LiveEngine(copy.dir, log, cache);
    copy.edit("policy.yaml", cheaperMistakes);
    expect(live.reload()).toBe(true);
    const { loaded, reloaded } = builds(records);
    expect(reloaded).toMatchObject({ calibration: "computed" });
    // Cheaper mistakes: the bot answers at a lower confidence than before.
    expect(reloaded?.answerThreshold).toBeLessThan(loaded?.answerThreshold as number);
  });

  it("reloads by itself when a file in the directory changes", async () => {
    copy = knowledgeCopy();
    live = new LiveEngine(copy.dir, recordingLogger().log, cache);
    live.watch();
    copy.edit("rules.yaml", (text) => text.replace("你好!我是 {{brand}} 客服助手。", "嗨,我是 {{brand}} 小助手。"));
    await vi.waitFor(() => expect(greetingReply(live as LiveEngine)).toMatch(/^嗨,我是 Topay 小助手。/), { timeout: 15_000, interval: 50 });
  });
});
