/**
 * `npm run bench`: every figure next to a baseline measured in the same run, printed as a table and written to
 * bench/results.json with the machine it ran on. Benchmarks never run as tests.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { hostileBench } from "./hostile";
import { injectBench } from "./inject";
import { BenchRow } from "./measure";
import { memoryBench } from "./memory";
import { providerBench } from "./provider";
import { failureText, resultsJson, tableRows } from "./report";
import { synthBench } from "./synth";
import { terraformBench } from "./terraform";

/**
 * Mean fork + exec + exit of /bin/true: every cold-start figure (node, the provider, the sh injector's helpers) scales
 * with it, so it tells a slow machine from a slow change when two results.json are compared.
 */
function spawnTrueMs(runs = 50): number | undefined {
  if (!fs.existsSync("/bin/true")) return undefined;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) spawnSync("/bin/true");
  return Math.round(((performance.now() - t0) / runs) * 100) / 100;
}

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  const suites: [string, () => Promise<BenchRow[]>][] = [
    ["synth", () => synthBench(100)],
    ["provider", () => providerBench({ runs: 20, reads: 300 })],
    ["terraform", () => terraformBench(8)],
    ["inject", () => injectBench()],
    ["memory", () => memoryBench(10_000)],
    ["hostile", () => hostileBench()],
  ];
  for (const [name, run] of suites) {
    process.stderr.write(`bench: ${name}…\n`);
    rows.push(...(await run()));
  }
  const machine = { node: process.version, spawnTrueMs: spawnTrueMs(), platform: `${process.platform}/${process.arch}`, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100) };
  // Both texts are checked for the run's canary before anything is printed or written (report.ts).
  const table = tableRows(rows);
  const json = resultsJson(rows, machine);
  console.table(table);
  const out = path.join(__dirname, "..", "..", "bench", "results.json");
  fs.writeFileSync(out, json);
  process.stderr.write(`bench: wrote ${path.relative(process.cwd(), out)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${failureText(err)}\n`);
  process.exitCode = 1;
});
