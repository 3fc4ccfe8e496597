/**
 * Bench 2b (only where a `terraform` CLI is on PATH): `terraform plan` of a config that reads codersecrets_manifest
 * from a terraform_data value, against the same config without the provider, offline with the installed mirror.
 * The overhead (the difference) is held against three bare starts of the provider's runtime (`node`, start to
 * exit), timed interleaved with the plans: Terraform launches the provider three times per plan. The same plan with
 * the `--standalone` install is timed in the same rounds: its node copy must stay out of the package
 * directory Terraform hashes on every run, so its overhead is held against the launcher install's.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { CODERSECRETS_SOURCE } from "../lib/core/provider-address";
import { installProvider } from "../provider/codersecrets/install/mirror";
import { BenchRow, round, stats } from "./measure";
import { BENCH_CANARY } from "./secret-values";

const WITH = `
terraform {
  required_providers {
    codersecrets = { source = "${CODERSECRETS_SOURCE}" }
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

/** Goal: a plan's overhead within this many times three bare runtime starts (same run). */
export const PLAN_GOAL_RATIO = 1.5;
/** Goal: the standalone install's plan overhead within this many times the launcher install's (same run). */
export const STANDALONE_GOAL_RATIO = 1.1;

function hasTerraform(): boolean {
  return spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;
}

export async function terraformBench(runs = 5): Promise<BenchRow[]> {
  if (!hasTerraform()) return [];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-tf-"));
  try {
    const installs = {
      launcher: await installProvider({ dir: path.join(root, "mirror") }),
      standalone: await installProvider({ dir: path.join(root, "standalone"), standalone: true }),
    };
    const base = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    const workspace = (name: string, text: string, cliConfig: string) => {
      const cwd = path.join(root, "plans", name);
      const env = { ...base, TF_CLI_CONFIG_FILE: cliConfig };
      fs.mkdirSync(cwd, { recursive: true });
      fs.writeFileSync(path.join(cwd, "main.tf"), text);
      execFileSync("terraform", ["init", "-input=false"], { cwd, env, stdio: "ignore" });
      return { cwd, env };
    };
    const dirs = {
      with: workspace("with", WITH, installs.launcher.cliConfig),
      standalone: workspace("standalone", WITH, installs.standalone.cliConfig),
      without: workspace("without", WITHOUT, installs.launcher.cliConfig),
    };
    const plan = ({ cwd, env }: { cwd: string; env: NodeJS.ProcessEnv }) => {
      const t0 = performance.now();
      execFileSync("terraform", ["plan", "-input=false", "-lock=false"], { cwd, env, stdio: "ignore" });
      return performance.now() - t0;
    };
    const nodeStart = () => {
      const t0 = performance.now();
      // The environment the launcher gives the provider's node: nothing that makes node do work at start
      // (NODE_EXTRA_CA_CERTS would have it parse a CA bundle).
      execFileSync(process.execPath, ["-e", ""], { stdio: "ignore", env: { PATH: process.env.PATH } });
      return performance.now() - t0;
    };
    plan(dirs.with);
    plan(dirs.standalone);
    plan(dirs.without);
    const a: number[] = [];
    const s: number[] = [];
    const b: number[] = [];
    const starts: number[] = [];
    for (let i = 0; i < runs; i++) {
      a.push(plan(dirs.with));
      s.push(plan(dirs.standalone));
      b.push(plan(dirs.without));
      for (let j = 0; j < 3; j++) starts.push(nodeStart());
    }
    const sa = stats(a);
    const ss = stats(s);
    const sb = stats(b);
    const overhead = sa.p50 - sb.p50;
    const standaloneOverhead = ss.p50 - sb.p50;
    const threeStarts = 3 * stats(starts).p50;
    return [
      {
        bench: "terraform", case: "terraform plan with codersecrets_manifest (3 provider launches): overhead", value: round(overhead), unit: "ms",
        baselineName: "three bare node starts (start to exit)", baseline: round(threeStarts), ratio: round(overhead / threeStarts),
        goal: `≤ ${PLAN_GOAL_RATIO}×`, met: overhead / threeStarts <= PLAN_GOAL_RATIO,
        note: `plan ${round(sa.p50)} ms with, ${round(sb.p50)} ms without the provider (${round(overhead / 3)} ms per launch), ${runs} interleaved runs`,
      },
      {
        bench: "terraform", case: "terraform plan overhead, --standalone install (its node copy outside the hashed package)", value: round(standaloneOverhead), unit: "ms",
        baselineName: "the launcher install's plan overhead", baseline: round(overhead), ratio: round(standaloneOverhead / overhead),
        goal: `≤ ${STANDALONE_GOAL_RATIO}×`, met: standaloneOverhead / overhead <= STANDALONE_GOAL_RATIO,
        note: `plan ${round(ss.p50)} ms with the standalone install, same rounds as the row above`,
      },
    ];
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
