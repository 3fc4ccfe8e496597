/**
 * Keeps V8's young generation at its initial size once the provider serves. Left alone, V8 grows each semi-space
 * to 16 MB under Terraform's 10 parallel reads and keeps it: RSS went 52 → 108–116 MB after 1,000 reads of 50
 * secrets and on to 122–125 MB by 10,000, with a heap of ~44 MB of which 32 MB was young generation
 * (bench/memory.ts). With growth pinned the same runs stay at ~84 MB, flat.
 *
 * Why a run-time flag and not `node --max-semi-space-size`: V8 flags on the command line change V8's flag hash,
 * which voids node's built-in code cache and ours (boot/) and cost ~45 ms per start, paid 3× per plan. The
 * growth factor is read each time V8 considers growing, so setting it late works; it is set right after the first
 * read (the start-up has long compiled under the same flags as the install-time training run that made the cache).
 *
 * node:v8 is required here, on first use, not at load: loading it costs 1–4 ms (it pulls in heap utilities,
 * serdes and the profiler bindings), and serve.ts pins only once a process's first ReadDataSource has replied
 * (runtime.ts onFirstRead): 2 of Terraform's 3 launches per plan never read, and the third's one read does not wait.
 */

export const YOUNG_GENERATION_FLAG = "--semi-space-growth-factor=1";

export function pinYoungGeneration(): void {
  (require("v8") as typeof import("v8")).setFlagsFromString(YOUNG_GENERATION_FLAG);
}
