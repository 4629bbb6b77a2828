import { loadConfig } from "../config.js";
import { loadEngine } from "../engine/build.js";
import { readEvalSet } from "./eval-set.js";
import { printScore, scoreByLanguage } from "./scoring.js";

/**
 * `npm run eval`: scores the engine on the held-out questions of test/fixtures/eval/, per
 * language and overall. Support leads run it after editing knowledge/.
 */
function main(): void {
  const config = loadConfig();
  const { engine, report } = loadEngine(config.KNOWLEDGE_DIR, undefined, { modelCache: config.MODEL_CACHE });
  const rows = readEvalSet();
  const results = rows.map((row) => engine.classify(row.text));
  const { calibration } = report;
  console.log(`thresholds: answer >= ${calibration.answer}, clarify >= ${calibration.clarify ?? "never"}, temperature ${calibration.temperature}`);
  for (const [label, result] of scoreByLanguage(rows, results)) printScore(label, result);
}

main();
