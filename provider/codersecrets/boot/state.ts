/**
 * What the boot (boot.ts) tells the bundle it started: whether V8's code cache was used, and whether this is the
 * install-time training run. Passed through a registered global symbol because the boot and the bundle are
 * separate files compiled separately; absent when the bundle was started some other way (tests, the CLI).
 */

export type CodeCacheState =
  /** V8 accepted the cache: nothing in the bundle was compiled from source. */
  | "used"
  /** V8 refused the cache (another node binary or V8 flags than at install time): compiled from source. */
  | "rejected"
  /** The cache was made for another bundle (same size, other bytes) or is malformed: not given to V8. */
  | "stale"
  /** No cache file where the launcher said (or no place given). */
  | "missing"
  /** The training run: compiles from source and writes the cache on exit. */
  | "writing";

export interface BootState {
  readonly codeCache: CodeCacheState;
  /** processMs() (boot/clock.ts) when the boot began, and when the bundle was compiled (ms since the process started). */
  readonly startedAt: number;
  readonly compiledAt: number;
}

export const BOOT_STATE_KEY: unique symbol = Symbol.for("cdktf-coder-secrets.provider.boot");

type WithBootState = { [BOOT_STATE_KEY]?: BootState };

export function setBootState(state: BootState): void {
  (globalThis as WithBootState)[BOOT_STATE_KEY] = state;
}

export function bootState(): BootState | undefined {
  return (globalThis as WithBootState)[BOOT_STATE_KEY];
}
