import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import type { Language, Localized } from "../conversation/model.js";
import { KnowledgeError } from "../errors.js";
import { asksForSecret } from "./asks-for-secret.js";
import { interpolate, placeholderValues } from "./brand.js";
import {
  type Brand,
  brandSchema,
  type FaqEntry,
  faqEntrySchema,
  oosFileSchema,
  type PolicyFile,
  policyFileSchema,
  type RulesFile,
  rulesFileSchema,
  synonymsSchema,
} from "./knowledge-schema.js";
import type { SynonymTable } from "./normalize.js";
import { fieldName, readYamlFile, type YamlFile } from "./yaml-file.js";

/** The class of the example questions in knowledge/oos/: questions no FAQ entry answers. */
export const OUT_OF_SCOPE = "OOS";

/** One example question, with where it was written (for duplicate reports). */
export interface Example {
  label: string;
  text: string;
  language: Language;
  file: string;
  /** Looked up only when a report needs it: start-up skips 4,000 line look-ups. */
  line(): number | undefined;
}

/** Everything in knowledge/, validated, with brand placeholders filled in. */
export interface Knowledge {
  brand: Brand;
  entries: ReadonlyMap<string, FaqEntry>;
  examples: Example[];
  rules: RulesFile;
  synonyms: SynonymTable;
  policy: PolicyFile;
}

export interface KnowledgeReport {
  /** Present when every file is valid. */
  knowledge?: Knowledge;
  errors: KnowledgeError[];
}

/** The hash of a knowledge's examples and synonyms: a build asks for it two or three times. */
const contentHashes = new WeakMap<Knowledge, string>();

/**
 * A short hash of the example questions and the synonyms, and of `extra`: what a result kept on disk
 * (calibration.yaml, the model cache) was computed from. A different hash: compute it again.
 */
export function fingerprintOf(knowledge: Knowledge, extra: string): string {
  let content = contentHashes.get(knowledge);
  if (content === undefined) {
    const examples = JSON.stringify(knowledge.examples.map((example) => [example.label, example.text]));
    content = createHash("sha256").update(examples).update(JSON.stringify(knowledge.synonyms)).digest("hex");
    contentHashes.set(knowledge, content);
  }
  return shortHash(content, extra);
}

/** A short sha256 of the parts, for fingerprints kept on disk. */
export function shortHash(...parts: string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex").slice(0, 16);
}

/** Loads knowledge/ or throws the first KnowledgeError (the bot's start-up and reload). */
export function loadKnowledge(dir: string): Knowledge {
  const { knowledge, errors } = readKnowledge(dir);
  if (!knowledge) throw errors[0] ?? new KnowledgeError(dir, "(dir)", undefined, "could not be loaded");
  return knowledge;
}

/** Validates every file of knowledge/ and reports all errors at once (kb:check). */
export function readKnowledge(dir: string): KnowledgeReport {
  const errors: KnowledgeError[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof KnowledgeError)) throw error;
      errors.push(error);
      return undefined;
    }
  };
  const brandFile = attempt(() => readYamlFile(join(dir, "brand.yaml"), brandSchema));
  const values = brandFile && placeholderValues(brandFile.data);
  const synonymsFile = attempt(() => readYamlFile(join(dir, "synonyms.yaml"), synonymsSchema));
  if (synonymsFile) attempt(() => checkSynonyms(synonymsFile));
  const rulesFile = attempt(() => readYamlFile(join(dir, "rules.yaml"), rulesFileSchema));
  const policyFile = attempt(() => readYamlFile(join(dir, "policy.yaml"), policyFileSchema));

  const entries = new Map<string, FaqEntry>();
  const entryFiles: YamlFile<FaqEntry>[] = [];
  const examples: Example[] = [];
  // Topics whose own file is broken: references to them are not errors of their own.
  const broken = new Set<string>();
  for (const path of yamlFiles(join(dir, "faq"), errors)) {
    const expectedId = basename(path, ".yaml");
    const file = attempt(() => readYamlFile(path, faqEntrySchema));
    if (!file) {
      broken.add(expectedId);
      continue;
    }
    const entry = file.data;
    if (entry.id !== expectedId) {
      broken.add(expectedId);
      errors.push(new KnowledgeError(file.file, "id", file.lineOf(["id"]), `expects "${expectedId}", the file name`));
      continue;
    }
    if (values) attempt(() => fillAnswers(file, values));
    entries.set(entry.id, entry);
    entryFiles.push(file);
    examples.push(...examplesOf(file, entry.id, entry.questions));
  }
  for (const path of yamlFiles(join(dir, "oos"), errors)) {
    const file = attempt(() => readYamlFile(path, oosFileSchema));
    if (file) examples.push(...examplesOf(file, OUT_OF_SCOPE, file.data.questions));
  }
  const expectTopic = (id: string, file: YamlFile<unknown>, path: (string | number)[]) => {
    if (entries.has(id) || broken.has(id)) return;
    errors.push(new KnowledgeError(file.file, fieldName(path), file.lineOf(path), `unknown topic "${id}" (no knowledge/faq/${id}.yaml)`));
  };
  for (const file of entryFiles) file.data.followups.forEach((id, i) => expectTopic(id, file, ["followups", i]));
  rulesFile?.data.rules.forEach((rule, i) => {
    if (rule.topic) expectTopic(rule.topic, rulesFile, ["rules", i, "topic"]);
  });
  if (policyFile) {
    policyFile.data.menu.forEach((id, i) => expectTopic(id, policyFile, ["menu", i]));
    if (values) attempt(() => fillLocalized(policyFile, ["replies"], policyFile.data.replies, values));
  }
  if (rulesFile && values) {
    rulesFile.data.rules.forEach((rule, i) => {
      if (typeof rule.reply === "object") attempt(() => fillLocalized(rulesFile, ["rules", i], { reply: rule.reply as Localized }, values));
    });
  }
  if (errors.length > 0 || !brandFile || !synonymsFile || !rulesFile || !policyFile) return { errors };
  return {
    knowledge: { brand: brandFile.data, entries, examples, rules: rulesFile.data, synonyms: synonymsFile.data, policy: policyFile.data },
    errors,
  };
}

function yamlFiles(dir: string, errors: KnowledgeError[]): string[] {
  if (!existsSync(dir)) {
    errors.push(new KnowledgeError(dir, "(dir)", undefined, "is missing"));
    return [];
  }
  return readdirSync(dir)
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => join(dir, name));
}

function examplesOf(file: YamlFile<unknown>, label: string, questions: Record<Language, string[]>): Example[] {
  return (["zh", "en"] as const).flatMap((language) =>
    questions[language].map((text, i) => ({ label, text, language, file: file.file, line: () => file.lineOf(["questions", language, i]) })),
  );
}

/** Fills the placeholders of an entry's answers, and refuses an answer that asks for a secret. */
function fillAnswers(file: YamlFile<FaqEntry>, values: Record<Language, Record<string, string>>): void {
  const entry = file.data;
  fillLocalized(file, [], { answer: entry.answer, ...(entry.public_answer ? { public_answer: entry.public_answer } : {}) }, values);
}

/** Interpolates each {zh, en} text of `group` in place; `base` is the group's path in the file. */
function fillLocalized(
  file: YamlFile<unknown>,
  base: (string | number)[],
  group: Record<string, Localized>,
  values: Record<Language, Record<string, string>>,
): void {
  for (const [key, localized] of Object.entries(group)) {
    for (const language of ["zh", "en"] as const) {
      const path = [...base, key, language];
      const { text, unknown } = interpolate(localized[language], values[language]);
      if (unknown.length > 0) {
        throw new KnowledgeError(file.file, fieldName(path), file.lineOf(path), `unknown placeholder {{${unknown[0]}}}; known: ${Object.keys(values[language]).join(", ")}`);
      }
      if (asksForSecret(text)) {
        throw new KnowledgeError(file.file, fieldName(path), file.lineOf(path), "asks the user for a password, code, card or ID number; staff never ask for these");
      }
      // YAML block scalars end with a newline; a chat message should not.
      localized[language] = text.trim();
    }
  }
}

function checkSynonyms(file: YamlFile<SynonymTable>): void {
  const owner = new Map<string, string>();
  for (const [canonical, variants] of Object.entries(file.data)) {
    variants.forEach((variant, i) => {
      const previous = owner.get(variant);
      if (previous !== undefined && previous !== canonical) {
        throw new KnowledgeError(file.file, fieldName([canonical, i]), file.lineOf([canonical, i]), `"${variant}" is already a variant of "${previous}"`);
      }
      owner.set(variant, canonical);
    });
  }
}
