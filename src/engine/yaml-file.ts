import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { errorCode, KnowledgeError } from "../errors.js";

/** A parsed YAML file that can still say on which line a value was written. */
export interface YamlFile<T> {
  /** The path as shown in errors: relative to the working directory. */
  file: string;
  data: T;
  /** The 1-based line of the value at `path`, or of its nearest written parent. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/** Reads, parses and validates one file; throws KnowledgeError naming the file, the field and the line. */
export function readYamlFile<TSchema extends z.ZodType>(path: string, schema: TSchema): YamlFile<z.output<TSchema>> {
  const file = relative(process.cwd(), path) || path;
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch (error) {
    throw new KnowledgeError(file, "(file)", undefined, `cannot be read (${errorCode(error)})`);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, uniqueKeys: true });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    throw new KnowledgeError(file, "(yaml)", syntaxError.linePos?.[0].line, syntaxError.message.split("\n")[0] ?? "invalid YAML");
  }
  const lineOf = (path: readonly PropertyKey[]) => lineOfPath(document, lineCounter, path);
  const result = schema.safeParse(document.toJS());
  if (!result.success) {
    const issue = result.error.issues[0];
    // A misspelt field is reported at the field itself, not at the object holding it.
    const path = [...(issue?.path ?? []), ...(issue?.code === "unrecognized_keys" ? issue.keys.slice(0, 1) : [])];
    throw new KnowledgeError(file, fieldName(path), lineOf(path), issue?.message ?? "is invalid");
  }
  return { file, data: result.data, lineOf };
}

/** `questions.en[3]`: how a support lead reads a path into the file. */
export function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(file)";
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`)).join("");
}

function lineOfPath(document: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  // A missing field has no line of its own: point at the closest parent that was written.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = document.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}
