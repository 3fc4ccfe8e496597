/** Small timing helpers for bench/: every figure is reported next to a baseline measured in the same run. */
import { performance } from "node:perf_hooks";

export interface Stats {
  readonly runs: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly min: number;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    runs: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    min: sorted[0],
  };
}

/** Times `fn` `runs` times after `warmup` untimed calls; milliseconds. */
export async function time(fn: () => unknown | Promise<unknown>, runs: number, warmup = 1): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

/**
 * Interleaves two measurements (A, B, A, B, …) so machine noise hits both alike. Also returns the median of the
 * per-pair ratios A/B: each pair ran back to back, so a machine that speeds up or slows down during the run moves
 * both halves of a pair together, where a ratio of the two overall medians would mix different moments.
 */
export async function timePair(
  a: () => unknown | Promise<unknown>,
  b: () => unknown | Promise<unknown>,
  runs: number,
  warmup = 1,
): Promise<[Stats, Stats, Stats]> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    await a();
    sa.push(performance.now() - t0);
    t0 = performance.now();
    await b();
    sb.push(performance.now() - t0);
  }
  return [stats(sa), stats(sb), stats(sa.map((x, i) => x / sb[i]!))];
}

/**
 * Times several cases against each other: each runs `warmup` untimed calls, then `runs` timed ones in rounds of 25
 * calls per case (A×25, B×25, …, A×25, …), so machine noise hits all alike; milliseconds, one Stats per case.
 */
export async function timeInterleaved(cases: readonly (() => Promise<unknown>)[], runs: number, warmup: number): Promise<Stats[]> {
  const ROUND = 25;
  for (const fn of cases) for (let i = 0; i < warmup; i++) await fn();
  const samples: number[][] = cases.map(() => []);
  for (let done = 0; done < runs; done += ROUND) {
    for (const [j, fn] of cases.entries()) {
      for (let i = 0; i < Math.min(ROUND, runs - done); i++) {
        const t0 = performance.now();
        await fn();
        samples[j]!.push(performance.now() - t0);
      }
    }
  }
  return samples.map((x) => stats(x));
}

export interface BenchRow {
  readonly bench: string;
  readonly case: string;
  /** Our figure (ms, or MB for memory). */
  readonly value: number;
  readonly unit: "ms" | "MB";
  /** What it is compared against, and that figure, measured in the same run. */
  readonly baselineName?: string;
  readonly baseline?: number;
  readonly ratio?: number;
  readonly goal: string;
  readonly met: boolean | null;
  readonly note?: string;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
