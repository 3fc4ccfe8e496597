/**
 * Keeps V8's young generation at its initial size once the provider serves. Left alone, V8 grows each semi-space
 * to its maximum under Terraform's 10 parallel reads and keeps it, and the provider's RSS grows past the memory goal
 * (bench/memory.ts; figures in bench/README.md). With growth pinned it stays flat.
 *
 * Why a run-time flag and not `node --max-semi-space-size`: V8 flags on the command line change V8's flag hash,
 * which voids node's built-in code cache and ours (boot/), paid on each of the 3 launches per plan. The growth
 * factor is read each time V8 considers growing, so setting it late works; it is set right after the first read
 * (the start-up has long compiled under the same flags as the install-time training run that made the cache).
 *
 * node:v8 is required here, on first use, not at load: it pulls in heap utilities, serdes and the profiler
 * bindings, and serve.ts pins only once a process's first ReadDataSource has replied (runtime.ts onFirstRead):
 * 2 of Terraform's 3 launches per plan never read, and the third's one read does not wait.
 */

export const YOUNG_GENERATION_FLAG = "--semi-space-growth-factor=1";

export function pinYoungGeneration(): void {
  (require("v8") as typeof import("v8")).setFlagsFromString(YOUNG_GENERATION_FLAG);
}
