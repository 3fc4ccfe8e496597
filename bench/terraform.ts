/**
 * Bench 2b (only where a `terraform` CLI is on PATH): `terraform plan` of a config that reads codersecrets_manifest
 * from a terraform_data value, against the same config without the provider, offline with the installed mirror.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { installProvider } from "../provider/codersecrets/install/mirror";
import { BenchRow, round, stats } from "./measure";
import { BENCH_CANARY } from "./secret-values";

const WITH = `
terraform {
  required_providers {
    codersecrets = { source = "cdktf-coder/codersecrets" }
  }
}
resource "terraform_data" "k" { input = "${BENCH_CANARY}" }
data "codersecrets_manifest" "m" {
  secret {
    env_name = "BENCH"
    value    = terraform_data.k.output
  }
}
output "fp" { value = data.codersecrets_manifest.m.fingerprints }
`;
const WITHOUT = `
resource "terraform_data" "k" { input = "${BENCH_CANARY}" }
output "fp" { value = terraform_data.k.output }
`;

function hasTerraform(): boolean {
  return spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;
}

export async function terraformBench(runs = 5): Promise<BenchRow[]> {
  if (!hasTerraform()) return [];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-tf-"));
  try {
    const installed = await installProvider({ dir: path.join(root, "mirror") });
    const env = { ...process.env, TF_CLI_CONFIG_FILE: installed.cliConfig, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    const dirs = { with: path.join(root, "with"), without: path.join(root, "without") };
    for (const [k, text] of [["with", WITH], ["without", WITHOUT]] as const) {
      fs.mkdirSync(dirs[k]);
      fs.writeFileSync(path.join(dirs[k], "main.tf"), text);
      execFileSync("terraform", ["init", "-input=false"], { cwd: dirs[k], env, stdio: "ignore" });
    }
    const plan = (cwd: string) => {
      const t0 = performance.now();
      execFileSync("terraform", ["plan", "-input=false", "-lock=false"], { cwd, env, stdio: "ignore" });
      return performance.now() - t0;
    };
    plan(dirs.with);
    plan(dirs.without);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < runs; i++) {
      a.push(plan(dirs.with));
      b.push(plan(dirs.without));
    }
    const sa = stats(a);
    const sb = stats(b);
    return [{
      bench: "terraform", case: "terraform plan with codersecrets_manifest (3 provider launches)", value: round(sa.p50), unit: "ms",
      baselineName: "same plan without the provider", baseline: round(sb.p50), ratio: round(sa.p50 / sb.p50),
      goal: "overhead ≤ 400 ms", met: sa.p50 - sb.p50 <= 400, note: `overhead ${round(sa.p50 - sb.p50)} ms (${round((sa.p50 - sb.p50) / 3)} ms per provider launch), ${runs} interleaved runs`,
    }];
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
