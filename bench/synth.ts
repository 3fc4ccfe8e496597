/**
 * Bench 1: synth time of each example with our constructs against the same resources written with bare cdktf
 * (bench/bare/examples.ts), measured interleaved in one process, each synth into a fresh App and output dir.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { SecretsDashboardTemplate } from "../examples/secret-metadata";
import { SshKeyFileTemplate } from "../examples/ssh-key-file";
import { TwilioDynamicSecretTemplate } from "../examples/twilio-dynamic-secret";
import { UserSecretsTemplate } from "../examples/user-secrets";
import { BARE_EXAMPLES } from "./bare/examples";
import { BenchRow, round, timePair } from "./measure";

/** Each example by its stack name (test/examples/bare-baseline.test.ts holds the bare twins to the same output). */
export const OURS: Record<string, (app: Construct, id: string) => TerraformStack> = {
  "twilio-dynamic-secret": (app, id) => new TwilioDynamicSecretTemplate(app, id),
  "ssh-key-file": (app, id) => new SshKeyFileTemplate(app, id),
  "github-user-secrets": (app, id) => new UserSecretsTemplate(app, id),
  "secrets-dashboard": (app, id) => new SecretsDashboardTemplate(app, id),
};

export const SYNTH_GOAL_RATIO = 1.25;

export async function synthBench(runs = 30): Promise<BenchRow[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-synth-"));
  let n = 0;
  const synth = (build: (app: App, id: string) => unknown, name: string) => () => {
    const app = new App({ outdir: path.join(root, String(n++)), stackTraces: false });
    build(app, name);
    app.synth();
  };
  const rows: BenchRow[] = [];
  try {
    for (const [name, ours] of Object.entries(OURS)) {
      const [a, b, pairs] = await timePair(synth(ours, name), synth(BARE_EXAMPLES[name], name), runs, 3);
      const ratio = pairs.p50;
      rows.push({
        bench: "synth", case: `${name}: build + synth (p50)`, value: round(a.p50), unit: "ms",
        baselineName: "same resources, bare cdktf", baseline: round(b.p50), ratio: round(ratio),
        goal: `≤ ${SYNTH_GOAL_RATIO}×`, met: ratio <= SYNTH_GOAL_RATIO, note: `ratio: median of ${runs} back-to-back pairs (ratio of medians ${round(a.p50 / b.p50)}); p99 ${round(a.p99)} vs ${round(b.p99)} ms`,
      });
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return rows;
}
