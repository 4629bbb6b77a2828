import { loadConfig } from "../config.js";
import { calibrateWithHeldOut, storedCalibration, writeCalibration } from "../engine/calibration.js";
import { type Example, readKnowledge } from "../engine/knowledge.js";
import { exampleFeatures } from "../engine/matcher.js";
import { Normalizer } from "../engine/normalize.js";
import { findDuplicates } from "./duplicates.js";
import { percent, printScore, scoreByLanguage } from "./scoring.js";
import { confidentlyElsewhere } from "./suspects.js";

/**
 * `npm run kb:check [-- [--calibrate] [--suspects]]`: validates every file of the knowledge directory
 * and prints every problem as `file:line: field: what is wrong`; reports an example question written
 * under two topics; cross-validates the examples and checks that knowledge/calibration.yaml is current
 * (`--calibrate` rewrites it); counts the examples cross-validation confidently files under another
 * topic (`--suspects` lists them). Exit code 1 when anything is invalid or stale.
 */
function main(): void {
  const dir = loadConfig().KNOWLEDGE_DIR;
  const { knowledge, errors } = readKnowledge(dir);
  for (const error of errors) console.error(error.message);
  if (!knowledge) {
    console.error(`\nkb:check: ${errors.length} problem(s) in ${dir}`);
    process.exitCode = 1;
    return;
  }
  const normalizer = new Normalizer(knowledge.synonyms);
  const normalize = (text: string) => normalizer.normalize(text);
  const duplicates = findDuplicates(knowledge.examples, normalize);
  for (const line of duplicates) console.error(line);
  if (knowledge.brand.example) console.warn("note: brand.yaml holds example contact details (example: true); replace them before going live");

  const { calibration, heldOut } = calibrateWithHeldOut(knowledge, exampleFeatures(knowledge.examples, normalize));
  const { measured } = calibration;
  console.log(
    `${knowledge.entries.size} topics, ${knowledge.examples.length} example questions. Cross-validation: ` +
      `accuracy ${percent(measured.accuracy)}, wrong answers ${percent(measured.wrong)}, clarify ${percent(measured.clarify)} ` +
      `with answer >= ${calibration.answer}, clarify >= ${calibration.clarify ?? "never"}, temperature ${calibration.temperature}.`,
  );
  // Where examples are missing: each topic's held-out examples through the matcher and the thresholds
  // (not the rules, which catch 转人工 or 被盗 before the matcher in the running bot).
  // Every split counts (heldOut[s * N + i] is example i in split s): one split's recall moves with
  // the examples it happened to hold out together.
  const rows = heldOut.map((_, n) => {
    const example = knowledge.examples[n % knowledge.examples.length] as Example;
    return { id: String(n), lang: example.language, text: example.text, topic: example.label };
  });
  for (const [label, result] of scoreByLanguage(rows, heldOut)) {
    if (label !== "all") printScore(`${label}, held-out examples in ${rows.length / knowledge.examples.length} splits, matcher only`, result);
  }
  const suspects = confidentlyElsewhere(knowledge.examples, heldOut);
  if (process.argv.includes("--suspects")) for (const line of suspects) console.log(line);
  else if (suspects.length > 0) console.log(`${suspects.length} examples read as another topic in cross-validation: npm run kb:check -- --suspects lists them`);
  if (process.argv.includes("--calibrate")) {
    writeCalibration(dir, calibration);
    console.log(`wrote ${dir}/calibration.yaml`);
  } else if (storedCalibration(dir, knowledge)?.fit !== "current") {
    // Stale thresholds still serve, but they were chosen for other examples: make it visible.
    console.error("calibration.yaml is stale or missing: run npm run kb:check -- --calibrate");
    process.exitCode = 1;
    return;
  }
  if (duplicates.length > 0) {
    console.error(`\nkb:check: ${duplicates.length} example question(s) under two topics`);
    process.exitCode = 1;
    return;
  }
  console.log("kb:check: ok");
}

main();
