import { type FSWatcher, watch } from "node:fs";
import type { Logger } from "pino";
import { KnowledgeError } from "../errors.js";
import { type BuildOptions, type BuildReport, type CalibrationSource, loadEngine } from "./build.js";
import type { FaqEngine } from "./faq-engine.js";
import type { Brand } from "./knowledge-schema.js";
import type { Engine } from "./types.js";

const STALE_NOTE: Record<CalibrationSource, string> = {
  stored: "",
  previous: " (calibration.yaml is stale: the previous thresholds stay in use until npm run kb:check -- --calibrate)",
  stale: " (calibration.yaml is stale: its thresholds, chosen for earlier examples, stay in use until npm run kb:check -- --calibrate)",
  computed: " (calibration.yaml was stale: cross-validated now; run npm run kb:check -- --calibrate)",
};

/** Editors write a file in several steps (truncate, write, rename): wait until they are done. */
const RELOAD_DEBOUNCE_MS = 300;

/**
 * The engine the pipeline asks for on every message, rebuilt when a file under the knowledge
 * directory changes. An invalid change is logged (file, field, line) and the previous engine stays.
 */
export class LiveEngine {
  /** The engine in use and how it was built: its calibration carries over a reload of edited examples. */
  private built: { engine: FaqEngine; report: BuildReport };
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  /** Builds the first engine; throws KnowledgeError when the knowledge is invalid at start-up. */
  constructor(
    private readonly dir: string,
    private readonly log: Logger,
    private readonly options: BuildOptions,
  ) {
    this.built = loadEngine(dir, undefined, options);
    this.logBuild("knowledge loaded", this.built.report);
  }

  current(): Engine {
    return this.built.engine;
  }

  /** brand.yaml as the current engine loaded it: other parts read it here instead of reading the file again. */
  brand(): Brand {
    return this.built.engine.parts.knowledge.brand;
  }

  /** Starts watching the directory; every change rebuilds after RELOAD_DEBOUNCE_MS of quiet. */
  watch(): void {
    this.watcher = watch(this.dir, { recursive: true }, () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.reload(), RELOAD_DEBOUNCE_MS);
    });
    this.watcher.on("error", (error) => this.log.warn({ err: error.message, dir: this.dir }, "knowledge watcher failed; reloads stopped"));
  }

  /** Rebuilds now. Returns false (and keeps the previous engine) when the knowledge is invalid. */
  reload(): boolean {
    try {
      this.built = loadEngine(this.dir, this.built.report.calibration, this.options);
      this.logBuild("knowledge reloaded", this.built.report);
      return true;
    } catch (error) {
      if (!(error instanceof KnowledgeError)) throw error;
      this.log.warn({ file: error.file, field: error.field, line: error.line, err: error.message }, "knowledge change rejected; the previous knowledge stays in use");
      return false;
    }
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }

  private logBuild(message: string, report: BuildReport): void {
    const { calibration } = report;
    this.log.info(
      {
        examples: report.examples,
        buildMs: Math.round(report.buildMs),
        answerThreshold: calibration.answer,
        clarifyThreshold: calibration.clarify,
        calibration: report.source,
        model: report.model,
        ...(report.cacheError ? { modelCacheNotWritten: report.cacheError } : {}),
      },
      `${message}${STALE_NOTE[report.source]}`,
    );
  }
}
