/** One line of a JSONL file, parsed; undefined when it is not JSON (the caller reports the line). */
export function parseJsonLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
