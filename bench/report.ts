/**
 * How bench results leave the process: the table, bench/results.json and the one-line-per-row form of the single
 * benches. Every text is checked for the run's canary first (secret-values.ts): a secret value in bench output is
 * a leak, and the report refuses it instead of printing or writing anything.
 */
import { BenchRow } from "./measure";
import { BENCH_CANARY } from "./secret-values";

/** Bench output would have carried a secret value. */
export class BenchOutputLeakError extends Error {
  constructor(readonly where: string) {
    super(`bench: ${where} would contain a secret value sent by the benchmark (its canary); nothing was printed or written. Fix: report sizes, counts or fingerprints there, never values`);
    this.name = "BenchOutputLeakError";
  }
}

/** Throws unless `text` is free of the canary. */
export function assertValueFree(text: string, where: string): string {
  if (text.includes(BENCH_CANARY)) throw new BenchOutputLeakError(where);
  return text;
}

export interface TableRow {
  readonly case: string;
  readonly value: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly goal: string;
  readonly met: string;
}

/** The rows as `console.table` shows them, checked. */
export function tableRows(rows: readonly BenchRow[]): TableRow[] {
  const table = rows.map((r) => ({
    case: `${r.bench}: ${r.case}`,
    value: `${r.value} ${r.unit}`,
    baseline: r.baseline === undefined ? "" : `${r.baseline} ${r.unit} (${r.baselineName})`,
    ratio: r.ratio === undefined ? "" : `${r.ratio}×`,
    goal: r.goal,
    met: r.met === null ? "info" : r.met ? "yes" : "NO",
  }));
  assertValueFree(JSON.stringify(table), "the results table");
  return table;
}

/** bench/results.json's text, checked. */
export function resultsJson(rows: readonly BenchRow[], machine: Readonly<Record<string, unknown>>, date = new Date()): string {
  return assertValueFree(`${JSON.stringify({ date: date.toISOString(), machine, rows }, null, 2)}\n`, "bench/results.json");
}

/** One line per row (the single benches' `node dist/bench/<name>.js` output), checked. */
export function rowLines(rows: readonly BenchRow[]): string {
  const text = rows
    .map((r) => {
      const vs = r.baseline === undefined ? "" : `  vs ${r.baselineName}: ${r.baseline} ${r.unit} (x${r.ratio})`;
      const met = r.met === null ? "info" : r.met ? "met" : "NOT met";
      return `${r.case}: ${r.value} ${r.unit}${vs}  [${met}: ${r.goal}]${r.note ? `  (${r.note})` : ""}\n`;
    })
    .join("");
  return assertValueFree(text, "the bench output");
}

/** A failed bench's message for stderr; withheld when it carries a value (e.g. a child's stderr quoting one). */
export function failureText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.includes(BENCH_CANARY) ? "(the error text contained a secret value sent by the benchmark and is withheld)" : message;
}

/** `node dist/bench/<name>.js`: runs one bench and prints its rows. */
export function runStandalone(bench: () => Promise<readonly BenchRow[]>): void {
  bench()
    .then((rows) => process.stdout.write(rowLines(rows)))
    .catch((err: unknown) => {
      process.stderr.write(`${failureText(err)}\n`);
      process.exitCode = 1;
    });
}
