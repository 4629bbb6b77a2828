import { loadConfig } from "../config.js";
import { loadEngine } from "../engine/build.js";
import { readEvalSet } from "./eval-set.js";
import { headline, percent, type Score, score } from "./scoring.js";

/** How many of the worst confusions to print per slice. */
const WORST = 8;

/**
 * `npm run eval`: scores the engine on the held-out questions of test/fixtures/eval/, per
 * language and overall. Support leads run it after editing knowledge/.
 */
function main(): void {
  const { engine, report } = loadEngine(loadConfig().KNOWLEDGE_DIR);
  const rows = readEvalSet();
  const results = rows.map((row) => engine.classify(row.text));
  const { calibration } = report;
  console.log(`thresholds: answer >= ${calibration.answer}, clarify >= ${calibration.clarify ?? "never"}, temperature ${calibration.temperature}`);
  for (const language of ["zh", "en"] as const) {
    const picked = rows.flatMap((row, i) => (row.lang === language ? [[row, results[i]] as const] : []));
    print(language, score(picked.map(([row]) => row), picked.map(([, result]) => result!)));
  }
  print("all", score(rows, results));
}

function print(label: string, result: Score): void {
  console.log(`\n== ${label}: ${headline(result)}`);
  const recall = [...result.recall].sort((a, b) => a[0].localeCompare(b[0]));
  console.log(`recall: ${recall.map(([topic, { right, total }]) => `${topic} ${percent(right / total)}`).join(", ")}`);
  console.log(`worst confusions: ${result.confusions.slice(0, WORST).map(([pair, count]) => `${pair} (${count})`).join(", ") || "none"}`);
}

main();
