/**
 * Injector timing for the largest manifest Coder allows a user (50 secrets at the 24 KiB value limit): the Node
 * injector in-process and as a process, and the sh delivery script (manifest split over env vars), each next to a
 * baseline measured in the same run. Run: `npm run build && node dist/bench/inject.js` (or via bench/run).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { encodeManifestBase64, secret } from "../lib/core";
import { deliveryScript, injectManifest, splitManifestEnv } from "../lib/inject";
import { BenchRow, round, time } from "./measure";
import { runStandalone } from "./report";
import { benchSecretValue } from "./secret-values";

const COUNT = 50;
const SIZE = 24 * 1024;
const VAR = "CODER_SECRETS_MANIFEST";

export interface InjectBenchOptions {
  /** @default 10 */
  readonly runs?: number;
  /** Files per manifest. @default 50 (the most Coder allows a user) */
  readonly count?: number;
}

export async function injectBench(options: InjectBenchOptions = {}): Promise<BenchRow[]> {
  const runs = options.runs ?? 10;
  const count = options.count ?? COUNT;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-inject-"));
  try {
    const values = Array.from({ length: count }, (_, i) => Buffer.from(benchSecretValue(i, SIZE)));
    const secrets = values.map((v, i) => secret({ filePath: `~/.secrets/f${i}` }, v));
    const manifest = encodeManifestBase64(secrets);
    const script = deliveryScript({ manifestEnvVar: VAR });
    let n = 0;
    const freshHome = () => {
      const home = path.join(root, `h${n++}`);
      fs.mkdirSync(home);
      return home;
    };
    const overwriteHome = freshHome();
    injectManifest(secrets, { homeDir: overwriteHome });

    // Baseline: what Coder's agent does (plain writeFile, no temp file, no fsync, no mode fix).
    const naive = await time(() => {
      const home = freshHome();
      fs.mkdirSync(`${home}/.secrets`, { mode: 0o700 });
      values.forEach((v, i) => fs.writeFileSync(`${home}/.secrets/f${i}`, v, { mode: 0o600 }));
    }, runs);
    const nodeFresh = await time(() => injectManifest(secrets, { homeDir: freshHome() }), runs);
    const nodeOverwrite = await time(() => injectManifest(secrets, { homeDir: overwriteHome }), runs);

    const shEnv = (home: string) => ({ PATH: "/usr/bin:/bin", HOME: home, ...splitManifestEnv(manifest, VAR) });
    const emptySh = await time(() => spawnSync("/bin/sh", ["-c", "exit 0"], { env: shEnv(freshHome()) }), runs);
    const shFresh = await time(() => {
      const r = spawnSync("/bin/sh", ["-c", script], { env: shEnv(freshHome()) });
      if (r.status !== 0) throw new Error(`sh delivery failed: ${r.stderr.toString()}`);
    }, runs);
    const shOverwrite = await time(() => spawnSync("/bin/sh", ["-c", script], { env: shEnv(overwriteHome) }), runs);

    const rows: BenchRow[] = [
      {
        bench: "inject", case: `node injectManifest, ${count} x 24 KiB, new home`, value: round(nodeFresh.p50), unit: "ms",
        baselineName: "plain fs.writeFileSync of the same files (Coder agent semantics: not atomic, no fsync)", baseline: round(naive.p50),
        ratio: round(nodeFresh.p50 / naive.p50), goal: "< 50 ms (atomic rename + fsync per file)", met: nodeFresh.p50 < 50,
      },
      {
        bench: "inject", case: `node injectManifest, ${count} x 24 KiB, overwrite`, value: round(nodeOverwrite.p50), unit: "ms",
        baselineName: "plain fs.writeFileSync", baseline: round(naive.p50), ratio: round(nodeOverwrite.p50 / naive.p50),
        goal: "< 50 ms", met: nodeOverwrite.p50 < 50,
      },
      {
        bench: "inject", case: `sh delivery script, ${count} x 24 KiB, new home`, value: round(shFresh.p50), unit: "ms",
        baselineName: "node injectManifest (in-process), same files", baseline: round(nodeFresh.p50), ratio: round(shFresh.p50 / nodeFresh.p50),
        goal: "under 2000 ms at workspace start (images without Node)", met: shFresh.p50 < 2000,
        note: `an empty sh with the same environment takes ${round(emptySh.p50)} ms`,
      },
      {
        bench: "inject", case: `sh delivery script, ${count} x 24 KiB, overwrite`, value: round(shOverwrite.p50), unit: "ms",
        baselineName: "node injectManifest (in-process), overwrite", baseline: round(nodeOverwrite.p50), ratio: round(shOverwrite.p50 / nodeOverwrite.p50),
        goal: "under 2000 ms", met: shOverwrite.p50 < 2000,
      },
    ];

    // The CLI as a process, when the compiled CLI is next to this file (dist/bench -> dist/cli/main.js).
    const mainJs = path.join(__dirname, "..", "cli", "main.js");
    if (fs.existsSync(mainJs)) {
      const file = path.join(root, "m.b64");
      fs.writeFileSync(file, manifest);
      const entry = `require(${JSON.stringify(mainJs)}).main(process.argv.slice(1)).then((c) => { process.exitCode = c; })`;
      const emptyNode = await time(() => spawnSync(process.execPath, ["-e", "0"]), runs);
      const cli = await time(() => {
        const r = spawnSync(process.execPath, ["-e", entry, "inject", "--manifest-file", file], { env: { PATH: "/usr/bin:/bin", HOME: freshHome() } });
        if (r.status !== 0) throw new Error(`inject CLI failed: ${r.stderr.toString()}`);
      }, runs);
      rows.push({
        bench: "inject", case: `node CLI process (inject --manifest-file), ${count} x 24 KiB`, value: round(cli.p50), unit: "ms",
        baselineName: "empty node process", baseline: round(emptyNode.p50), ratio: round(cli.p50 / emptyNode.p50),
        goal: "under 500 ms", met: cli.p50 < 500,
      });
    }
    return rows;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(() => injectBench());
