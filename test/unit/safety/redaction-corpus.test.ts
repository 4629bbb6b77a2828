import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DETECTORS, digitsIn, findSensitive, redact } from "../../../src/safety/redact.js";
import { toHalfWidth } from "../../../src/safety/width.js";
import type { SensitiveKind } from "../../../src/safety/redact.js";

const KINDS = ["card", "cvv", "expiry", "code", "password", "id_number", "bank_account", "phone", "email"] as const satisfies readonly SensitiveKind[];
const MIN_SCORE = 0.99;
const MIN_CASES = 300;
const DIR = join(import.meta.dirname, "../../fixtures/redaction");

const caseSchema = z.object({
  text: z.string().min(1),
  /** The sensitive values the text holds, each exactly as written in `text`. */
  expect: z.array(z.object({ kind: z.enum(KINDS), value: z.string().min(1) })),
  /** Look-alikes staff need (order numbers, amounts, dates): must come out unchanged. */
  keep: z.array(z.string()).default([]),
  /** Masks that must appear in the output (138****5678, a***@example.com). */
  masked: z.array(z.string()).default([]),
});
type Case = z.infer<typeof caseSchema> & { where: string };

function loadCorpus(): Case[] {
  return readdirSync(DIR)
    .filter((file) => file.endsWith(".jsonl"))
    .flatMap((file) =>
      readFileSync(join(DIR, file), "utf8")
        .split("\n")
        .flatMap((line, index) => (line.trim() === "" ? [] : [{ ...caseSchema.parse(JSON.parse(line)), where: `${file}:${index + 1}` }])),
    );
}

interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

/**
 * A value counts as found when a finding of its kind covers it and it is gone from the output; any
 * other finding is a false positive of the finding's kind.
 */
function score(corpus: Case[]): { scores: Map<SensitiveKind, Score>; misses: string[] } {
  const scores = new Map<SensitiveKind, Score>(KINDS.map((kind) => [kind, { truePositives: 0, falsePositives: 0, falseNegatives: 0 }]));
  const misses: string[] = [];
  for (const item of corpus) {
    const findings = findSensitive(item.text);
    const output = redact(item.text).text;
    const used = new Set<number>();
    let from = 0;
    for (const { kind, value } of item.expect) {
      const start = item.text.indexOf(value, from);
      expect(start, `${item.where}: "${value}" is not in the text`).toBeGreaterThanOrEqual(0);
      from = start + value.length;
      const hit = findings.findIndex((f, i) => !used.has(i) && f.kind === kind && f.start <= start && f.end >= start + value.length);
      const entry = scores.get(kind) as Score;
      if (hit >= 0 && !output.includes(value)) {
        used.add(hit);
        entry.truePositives++;
      } else {
        entry.falseNegatives++;
        misses.push(`${item.where} missed ${kind} "${value}" -> ${output}`);
      }
    }
    findings.forEach((finding, i) => {
      if (used.has(i)) return;
      (scores.get(finding.kind) as Score).falsePositives++;
      misses.push(`${item.where} wrongly masked ${finding.kind} "${item.text.slice(finding.start, finding.end)}" -> ${output}`);
    });
  }
  return { scores, misses };
}

describe("redaction corpus (test/fixtures/redaction)", () => {
  const corpus = loadCorpus();

  it(`holds at least ${MIN_CASES} cases in zh and en, positives and look-alike negatives`, () => {
    expect(corpus.length).toBeGreaterThanOrEqual(MIN_CASES);
    expect(corpus.filter((item) => item.expect.length === 0).length).toBeGreaterThanOrEqual(100);
    expect(new Set(corpus.map((item) => item.where.split(".")[0]))).toEqual(new Set(["zh", "en"]));
  });

  it(`finds every kind with precision and recall >= ${MIN_SCORE * 100}%`, () => {
    const { scores, misses } = score(corpus);
    const rows = KINDS.map((kind) => {
      const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = scores.get(kind) as Score;
      return { kind, cases: tp + fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn), fp, fn };
    });
    console.log(
      ["kind          positives  precision  recall", ...rows.map((r) => `${r.kind.padEnd(14)}${String(r.cases).padStart(9)}  ${(r.precision * 100).toFixed(1).padStart(8)}%  ${(r.recall * 100).toFixed(1).padStart(5)}%`)].join("\n"),
    );
    for (const row of rows) expect(row.cases, `${row.kind} has too few positives`).toBeGreaterThanOrEqual(6);
    expect(misses).toEqual([]);
    for (const row of rows) {
      expect(row.precision, `${row.kind} precision`).toBeGreaterThanOrEqual(MIN_SCORE);
      expect(row.recall, `${row.kind} recall`).toBeGreaterThanOrEqual(MIN_SCORE);
    }
  });

  it("skips a detector only on texts it finds nothing in: each detector's findings hold at least its fewest digits", () => {
    let checked = 0;
    for (const item of corpus) {
      const folded = toHalfWidth(item.text);
      for (const { detect, minDigits } of DETECTORS) {
        for (const finding of detect(folded)) {
          expect(digitsIn(folded.slice(finding.start, finding.end)), `${item.where}: ${finding.kind}`).toBeGreaterThanOrEqual(minDigits);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(300);
  });

  it("keeps order numbers, amounts and dates readable and masks phones and e-mails recognisably", () => {
    for (const item of corpus) {
      const output = redact(item.text).text;
      for (const kept of item.keep) expect(output, item.where).toContain(kept);
      for (const mask of item.masked) expect(output, item.where).toContain(mask);
    }
  });

  it("changes nothing when run on its own output", () => {
    for (const item of corpus) {
      const once = redact(item.text).text;
      expect(redact(once), item.where).toEqual({ text: once, kinds: [], personal: [] });
    }
  });
});
