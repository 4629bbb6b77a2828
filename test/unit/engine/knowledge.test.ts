import { afterEach, describe, expect, it } from "vitest";
import { loadKnowledge, readKnowledge } from "../../../src/engine/knowledge.js";
import { KnowledgeError } from "../../../src/errors.js";
import { knowledgeCopy } from "../../support/knowledge.js";

let copy: ReturnType<typeof knowledgeCopy> | undefined;
afterEach(() => {
  copy?.remove();
  copy = undefined;
});

/** Breaks one file of a fresh copy and returns the first KnowledgeError a load throws. */
function errorAfter(file: string, change: (text: string) => string): KnowledgeError {
  copy = knowledgeCopy();
  copy.edit(file, change);
  try {
    loadKnowledge(copy.dir);
  } catch (error) {
    if (error instanceof KnowledgeError) return error;
    throw error;
  }
  throw new Error("expected the knowledge to be rejected");
}

function lineOf(text: string, needle: string): number {
  return text.split("\n").findIndex((line) => line.includes(needle)) + 1;
}

describe("knowledge validation", () => {
  it("loads the shipped knowledge base with every placeholder filled in", () => {
    const knowledge = loadKnowledge("knowledge");
    expect(knowledge.entries.size).toBe(16);
    for (const entry of knowledge.entries.values()) expect(entry.answer.zh + entry.answer.en).not.toMatch(/\{\{/);
    expect(knowledge.entries.get("contact.human")?.answer.zh).toContain("每天 09:00-21:00(GMT+8)");
    expect(knowledge.entries.get("contact.human")?.answer.en).toContain("daily 09:00-21:00 (GMT+8)");
  });

  it("names the file, the field and the line of a misspelt field", () => {
    let source = "";
    const error = errorAfter("faq/refund.status.yaml", (text) => {
      source = text.replace("followups:", "folowups:");
      return source;
    });
    expect(error.file).toMatch(/faq\/refund\.status\.yaml$/);
    expect(error).toMatchObject({ field: "folowups", line: lineOf(source, "folowups:") });
  });

  it("names the file, the field and the line of a value of the wrong kind", () => {
    let source = "";
    const error = errorAfter("faq/app.install.yaml", (text) => {
      source = text.replace(/^handoff: .*$/m, "handoff: sometimes");
      return source;
    });
    expect(error.field).toBe("handoff");
    expect(error.line).toBe(lineOf(source, "handoff: sometimes"));
    expect(error.message).toMatch(/^.*faq\/app\.install\.yaml:\d+: handoff: /);
  });

  it("points at the line of an unknown placeholder", () => {
    let source = "";
    const error = errorAfter("faq/app.install.yaml", (text) => {
      source = text.replace("{{app_store}}", "{{play_store}}");
      return source;
    });
    expect(error.field).toMatch(/^answer\.(zh|en)$/);
    expect(error.message).toContain("{{play_store}}");
  });

  it("rejects an answer that asks for a verification code, naming the field", () => {
    const error = errorAfter("faq/app.issue.yaml", (text) => text.replace(/^answer:\n  zh: \|\n/m, "answer:\n  zh: |\n    请提供您收到的验证码,我们帮您核实。\n"));
    expect(error.field).toBe("answer.zh");
    expect(error.message).toMatch(/asks the user for a password, code/);
  });

  it("rejects a follow-up to a topic that does not exist, on its line", () => {
    let source = "";
    const error = errorAfter("faq/refund.request.yaml", (text) => {
      source = text.replace("followups: [refund.status]", "followups: [refund.status, refund.maybe]");
      return source;
    });
    expect(error).toMatchObject({ field: "followups[1]", line: lineOf(source, "refund.maybe") });
  });

  it("reports a YAML syntax error with its line", () => {
    const error = errorAfter("rules.yaml", (text) => `${text}\n  - id: broken\n   when: [oops\n`);
    expect(error.field).toBe("(yaml)");
    expect(error.line).toBeGreaterThan(1);
  });

  it("reports every broken file at once for kb:check", () => {
    copy = knowledgeCopy();
    copy.edit("faq/app.install.yaml", (text) => text.replace(/^handoff: .*$/m, "handoff: sometimes"));
    copy.edit("policy.yaml", (text) => text.replace("money: 5", "money: -5"));
    const { knowledge, errors } = readKnowledge(copy.dir);
    expect(knowledge).toBeUndefined();
    expect(errors.map((error) => error.field).sort()).toEqual(["cost.wrong_answer.money", "handoff"]);
  });
});
