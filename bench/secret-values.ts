/**
 * The secret values the benchmarks send. Each carries this run's canary, so the report can prove that no value
 * reached the bench output (report.ts refuses to print or write results that contain it).
 */
import { randomBytes } from "node:crypto";

/** Random per process: a value can only contain it by coming from here. */
export const BENCH_CANARY = `CANARY-bench-${randomBytes(8).toString("hex")}`;

/** Size of each value in the provider benches (50 of them: 12.8 KiB of values in one config). */
export const SECRET_BYTES = 256;

/** Secret `i` of exactly `length` bytes (ASCII), unique per `i`, holding the canary. */
export function benchSecretValue(i: number, length: number): string {
  const head = `${BENCH_CANARY}-${i}-`;
  if (length < head.length) throw new RangeError(`a bench secret needs at least ${head.length} bytes to hold the canary (asked for ${length})`);
  return head + "x".repeat(length - head.length);
}
