/**
 * End to end with a real Terraform CLI, offline: install-provider into a temp dir, then init/plan/apply a config
 * where a value from `terraform_data` flows through `codersecrets_manifest` at apply (not plan). A canary secret
 * must appear in no CLI output (plan/apply stdout and stderr, the TF_LOG=trace log including the provider's
 * stderr) — only where asked for (`terraform output -json`).
 *
 * Runs when `terraform` is on PATH. Without it, install.test.ts runs the same RPC sequence through the installed
 * executable with the protocol client, so the flow is still covered.
 */
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { decodeManifestBase64, fingerprint } from "../../lib/core";
import { command as installCommand } from "../../cli/commands/install-provider";
import { captureIo, randomCanary } from "./client/client";
import { findOnPath } from "./client/terraform-cli";
import { DataResource, TerraformOutput, TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { CodersecretsManifest, CodersecretsProvider } from "../../lib/constructs/codersecrets";

/** The same flow as MAIN_TF, written with the construct library's bindings and synthesized to JSON like cdktf does. */
function synthesizedStack(): string {
  const stack = new TerraformStack(Testing.app(), "e2e");
  new CodersecretsProvider(stack, "codersecrets");
  const token = new TerraformVariable(stack, "token", { type: "string", sensitive: true });
  const k = new DataResource(stack, "k", { input: token.value });
  const manifest = new CodersecretsManifest(stack, "m");
  manifest.addSecret({ envName: "API_TOKEN", value: Token.asString(k.output) });
  manifest.addSecret({ filePath: "~/.config/app/token", value: Token.asString(k.output) });
  new TerraformOutput(stack, "env", { value: manifest.env, sensitive: true });
  new TerraformOutput(stack, "proto_base64", { value: manifest.protoBase64, sensitive: true });
  new TerraformOutput(stack, "fingerprints", { value: manifest.fingerprints });
  return Testing.synth(stack);
}

const TERRAFORM = findOnPath("terraform");
jest.setTimeout(180000);

const MAIN_TF = `
terraform {
  required_providers {
    codersecrets = { source = "cdktf-coder/codersecrets" }
  }
}

variable "token" {
  type      = string
  sensitive = true
}

# A value known only after apply, like a dynamic secret from another provider.
resource "terraform_data" "k" {
  input = var.token
}

data "codersecrets_manifest" "m" {
  secret {
    env_name = "API_TOKEN"
    value    = terraform_data.k.output
  }
  secret {
    file_path = "~/.config/app/token"
    value     = "\${terraform_data.k.output}-file"
  }
}

output "env" {
  value     = data.codersecrets_manifest.m.env
  sensitive = true
}
output "proto_base64" {
  value     = data.codersecrets_manifest.m.proto_base64
  sensitive = true
}
output "fingerprints" {
  value = data.codersecrets_manifest.m.fingerprints
}
`;

const RESERVED_TF = `
terraform {
  required_providers {
    codersecrets = { source = "cdktf-coder/codersecrets" }
  }
}
variable "token" {
  type      = string
  sensitive = true
}
data "codersecrets_manifest" "m" {
  secret {
    env_name = "PATH"
    value    = var.token
  }
  secret {
    env_name = "DOLLARS"
    value    = "price: $HOME"
  }
}
`;

(TERRAFORM ? describe : describe.skip)(`terraform e2e (${TERRAFORM ?? "terraform not on PATH"})`, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "codersecrets-e2e-"));
  const canary = randomCanary();
  const outputs: { label: string; text: string }[] = [];
  let env: NodeJS.ProcessEnv;

  function tf(cwd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
    const r = spawnSync(TERRAFORM!, args, { cwd, env: { ...env, ...extraEnv }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    outputs.push({ label: `terraform ${args.join(" ")} (stdout)`, text: r.stdout }, { label: `terraform ${args.join(" ")} (stderr)`, text: r.stderr });
    return r;
  }

  beforeAll(async () => {
    const io = captureIo();
    expect(await installCommand.run(["--dir", path.join(root, "install")], io)).toBe(0);
    env = {
      PATH: process.env.PATH,
      HOME: root,
      TF_CLI_CONFIG_FILE: path.join(root, "install", "terraformrc"),
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      TF_VAR_token: canary,
    };
  });

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test("init (offline, from the mirror), plan defers the read, apply resolves it; outputs are right", () => {
    const work = path.join(root, "ok");
    fs.mkdirSync(work);
    fs.writeFileSync(path.join(work, "main.tf"), MAIN_TF);

    const init = tf(work, ["init", "-no-color"]);
    expect(init.stderr).toBe("");
    expect(init.status).toBe(0);
    expect(init.stdout).toContain("Installing cdktf-coder/codersecrets v");

    const plan = tf(work, ["plan", "-no-color"]);
    expect(plan.status).toBe(0);
    expect(plan.stdout).toMatch(/data\.codersecrets_manifest\.m will be read during apply/);

    const apply = tf(work, ["apply", "-auto-approve", "-no-color"], { TF_LOG: "trace" });
    expect(apply.status).toBe(0);
    expect(apply.stdout).toMatch(/data\.codersecrets_manifest\.m: Read complete/);
    // The trace log really carries the provider's own stderr (so the canary check below means something).
    expect(apply.stderr).toContain("provider.terraform-provider-codersecrets_v");
    expect(apply.stderr).toMatch(/rpc (start|done).*ReadDataSource|ReadDataSource.*rpc (start|done)/);

    const out = spawnSync(TERRAFORM!, ["output", "-json"], { cwd: work, env, encoding: "utf8" });
    expect(out.status).toBe(0);
    const o = JSON.parse(out.stdout) as Record<string, { value: unknown; sensitive: boolean }>;
    expect(o.env).toEqual({ sensitive: true, type: ["map", "string"], value: { API_TOKEN: canary } });
    expect(o.fingerprints!.sensitive).toBe(false);
    expect(o.fingerprints!.value).toEqual({ "env:API_TOKEN": fingerprint(canary), "file:~/.config/app/token": fingerprint(`${canary}-file`) });
    expect(o.proto_base64!.sensitive).toBe(true);
    const secrets = decodeManifestBase64(o.proto_base64!.value as string);
    expect(secrets.map((s) => [s.envName, s.filePath, Buffer.from(s.value).toString()])).toEqual([
      ["API_TOKEN", "", canary],
      ["", "~/.config/app/token", `${canary}-file`],
    ]);

    // A second plan with state reads at plan time (values known) and shows no change.
    const replan = tf(work, ["plan", "-no-color", "-detailed-exitcode"], { TF_LOG: "trace" });
    expect(replan.status).toBe(0);
  });

  test("the construct library's synthesized JSON (cdk.tf.json form) plans and applies the same way", () => {
    const work = path.join(root, "synth");
    fs.mkdirSync(work);
    const json = synthesizedStack();
    expect(json).not.toContain(canary);
    fs.writeFileSync(path.join(work, "cdk.tf.json"), json);
    expect(tf(work, ["init", "-no-color"]).status).toBe(0);
    const plan = tf(work, ["plan", "-no-color"]);
    expect(plan.stderr).toBe("");
    expect(plan.stdout).toMatch(/will be read during apply/);
    const apply = tf(work, ["apply", "-auto-approve", "-no-color"]);
    expect(apply.stderr).toBe("");
    expect(apply.status).toBe(0);
    const out = spawnSync(TERRAFORM!, ["output", "-json"], { cwd: work, env, encoding: "utf8" });
    const o = JSON.parse(out.stdout) as Record<string, { value: unknown }>;
    expect(o.env!.value).toEqual({ API_TOKEN: canary });
    expect(decodeManifestBase64(o.proto_base64!.value as string).map((s) => s.filePath)).toEqual(["", "~/.config/app/token"]);
    expect(o.fingerprints!.value).toEqual({ "env:API_TOKEN": fingerprint(canary), "file:~/.config/app/token": fingerprint(canary) });
  });

  test("a reserved env name fails plan with our diagnostic on the attribute; the `$` hazard is a warning", () => {
    const work = path.join(root, "reserved");
    fs.mkdirSync(work);
    fs.writeFileSync(path.join(work, "main.tf"), RESERVED_TF);
    expect(tf(work, ["init", "-no-color"]).status).toBe(0);
    const plan = tf(work, ["plan", "-no-color"]);
    expect(plan.status).toBe(1);
    expect(plan.stderr).toContain("Error: Reserved secret env_name");
    expect(plan.stderr).toMatch(/env_name = "PATH"/); // Terraform points at the attribute's line
    expect(plan.stderr).toContain("Fix:");
    expect(`${plan.stdout}${plan.stderr}`).toContain("Warning: Env secret value will be $-expanded");
  });

  test("a provider that cannot start: Terraform's error quotes our reason; NODE_OPTIONS never reaches the provider", () => {
    const work = path.join(root, "start-failure");
    fs.mkdirSync(work);
    fs.writeFileSync(path.join(work, "main.tf"), MAIN_TF);
    expect(tf(work, ["init", "-no-color"]).status).toBe(0);
    // go-plugin passes Terraform's environment on; a socket directory that does not exist fails our start.
    const failed = tf(work, ["plan", "-no-color"], { PLUGIN_UNIX_SOCKET_DIR: path.join(root, "no-such-dir") });
    expect(failed.status).toBe(1);
    expect(failed.stderr.replace(/\s+/g, " ")).toContain(`Unrecognized remote plugin message: codersecrets provider failed to start: ENOENT: no such file or directory, mkdtemp '${path.join(root, "no-such-dir")}`);
    // The launcher removes NODE_OPTIONS, so the standalone-only refusal does not fire and no hook runs.
    const marker = path.join(root, "hook-ran");
    const hook = path.join(root, "hook.js");
    fs.writeFileSync(hook, `require("fs").writeFileSync(${JSON.stringify(marker)}, "ran");`);
    const plan = tf(work, ["plan", "-no-color"], { NODE_OPTIONS: `--require ${hook}` });
    expect(plan.status).toBe(0);
    expect(fs.existsSync(marker)).toBe(false);
  });

  test("the canary value appears in no CLI output, not even the trace log", () => {
    expect(outputs.length).toBeGreaterThan(8);
    // Terraform 1.11 itself logs terraform_data's stored value at DEBUG when it upgrades that resource's state on a
    // plan with state ("UpgradeResourceState: ignoring dynamic block: ... value"); that line is core's, not ours.
    const terraformOwn = /\[DEBUG\] UpgradeResourceState: ignoring dynamic block/;
    for (const { label, text } of outputs) {
      const leaks = text.split("\n").filter((line) => line.includes(canary) && !terraformOwn.test(line));
      expect({ label, leaks }).toEqual({ label, leaks: [] });
      const ours = text.split("\n").filter((line) => line.includes("terraform-provider-codersecrets") && line.includes(canary));
      expect(ours).toEqual([]);
    }
  });
});

test("terraform e2e: the client-based flow always runs (install.test.ts), terraform " + (TERRAFORM ? "found" : "not found"), () => {
  expect(fs.existsSync(path.join(__dirname, "install.test.ts"))).toBe(true);
});
