import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Heap in use right after a full garbage collection: what a leak makes grow, and garbage does not. */
export function heapAfterGc(): number {
  setFlagsFromString("--expose_gc");
  (runInNewContext("gc") as () => void)();
  return process.memoryUsage().heapUsed;
}
