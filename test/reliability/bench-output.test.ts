/**
 * Bench output is one of the places a secret value must never reach. Every value the benchmarks send carries the
 * run's canary (bench/secret-values.ts), and the report (bench/report.ts) refuses to print or write any text that
 * holds it. Here: the planting, the refusal, and two real benches (small sizes) whose output is value-free.
 */
import { injectBench } from "../../bench/inject";
import { BenchRow } from "../../bench/measure";
import { memoryBench } from "../../bench/memory";
import { assertValueFree, BenchOutputLeakError, failureText, resultsJson, rowLines, tableRows } from "../../bench/report";
import { BENCH_CANARY, benchSecretValue, SECRET_BYTES } from "../../bench/secret-values";

jest.setTimeout(120_000);

const ROW: BenchRow = { bench: "t", case: "a case", value: 1, unit: "ms", goal: "g", met: true };

describe("bench output carries no secret value", () => {
  test("every bench value holds the run's random canary, at exactly the size asked for", () => {
    expect(BENCH_CANARY).toMatch(/^CANARY-bench-[0-9a-f]{16}$/);
    const values = Array.from({ length: 50 }, (_, i) => benchSecretValue(i, SECRET_BYTES));
    for (const v of values) {
      expect(v).toContain(BENCH_CANARY);
      expect(Buffer.byteLength(v)).toBe(SECRET_BYTES);
    }
    expect(new Set(values).size).toBe(50);
    expect(Buffer.byteLength(benchSecretValue(7, 24 * 1024))).toBe(24 * 1024);
    expect(() => benchSecretValue(1, 10)).toThrow(RangeError);
  });

  test("a row that would carry a value is refused by every output form, and the refusal does not quote it", () => {
    // A field every form prints (the table shows no notes, results.json and the line form do).
    const leaky: BenchRow = { ...ROW, baselineName: `a baseline named ${benchSecretValue(3, 64)}`, baseline: 1, ratio: 1 };
    for (const render of [() => tableRows([ROW, leaky]), () => resultsJson([leaky], {}), () => rowLines([leaky])]) {
      let err: unknown;
      try {
        render();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(BenchOutputLeakError);
      expect((err as Error).message).toMatch(/nothing was printed or written\. Fix: /);
      expect((err as Error).message).not.toContain(BENCH_CANARY);
    }
    expect(() => resultsJson([{ ...ROW, note: `stderr said ${benchSecretValue(4, 64)}` }], {})).toThrow(BenchOutputLeakError);
    expect(() => assertValueFree("sizes only", "x")).not.toThrow();
    expect(failureText(new Error(`inject CLI failed: ${benchSecretValue(1, 64)}`))).not.toContain(BENCH_CANARY);
    expect(failureText(new Error("inject CLI failed: exit 2"))).toBe("inject CLI failed: exit 2");
  });

  test("real runs: the injector bench and the provider memory bench report sizes and times only", async () => {
    const rows = [...(await injectBench({ runs: 1, count: 3 })), ...(await memoryBench(20))];
    expect(rows.map((r) => r.bench)).toEqual(expect.arrayContaining(["inject", "memory"]));
    for (const r of rows) {
      expect(Number.isFinite(r.value)).toBe(true);
      expect(r.value).toBeGreaterThan(0);
      if (r.ratio !== undefined) expect(Number.isFinite(r.ratio)).toBe(true);
    }
    expect(() => tableRows(rows)).not.toThrow();
    expect(() => rowLines(rows)).not.toThrow();
    expect(resultsJson(rows, { node: process.version })).not.toContain(BENCH_CANARY);
  });
});
