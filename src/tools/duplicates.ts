import type { Example } from "../engine/knowledge.js";

/**
 * The same question (after normalisation: case, width, traditional characters, synonyms) under two
 * labels teaches the matcher both answers: one report line per repeat, naming both places.
 */
export function findDuplicates(examples: readonly Example[], normalize: (text: string) => string): string[] {
  const first = new Map<string, Example>();
  const reports: string[] = [];
  for (const example of examples) {
    const key = normalize(example.text);
    const previous = first.get(key);
    if (!previous) first.set(key, example);
    else if (previous.label !== example.label) {
      reports.push(
        `${example.file}:${example.line() ?? "?"}: questions.${example.language}: "${example.text}" is also an example of ${previous.label} (${previous.file}:${previous.line() ?? "?"})`,
      );
    }
  }
  return reports;
}

