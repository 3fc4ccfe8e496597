/**
 * A provider killed in the middle of the work: the client (Terraform, or our protocol client) gets a clear error and
 * the next run succeeds. The protocol-client half always runs; the Terraform half runs when `terraform` is on PATH.
 */
import { BOOT_FILE, BUNDLE_FILE } from "../../provider/codersecrets/boot/layout";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { encode } from "@msgpack/msgpack";
import { launchProvider, ProviderClient } from "../../provider/codersecrets/client";
import { installProvider, InstalledMirror } from "../../provider/codersecrets/install/mirror";
import { manifestConfigObject } from "../../provider/codersecrets/schema";

jest.setTimeout(180_000);

const CANARY = "CANARY-killed-4c1e";
const hasTerraform = spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;
let root: string;
let installed: InstalledMirror;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "killed-"));
  installed = await installProvider({ dir: path.join(root, "mirror") });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** SIGKILLs the codersecrets provider processes among `parent`'s children; returns how many. */
function killProviderChildren(parent: number): number {
  const children = spawnSync("pgrep", ["-P", String(parent)], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).map(Number);
  let n = 0;
  for (const pid of children) {
    let cmdline = "";
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue;
    }
    // The installed launcher execs node on the boot entry; an unbundled install runs the bundle itself.
    if (cmdline.includes(BOOT_FILE) || cmdline.includes(BUNDLE_FILE)) {
      process.kill(pid, "SIGKILL");
      n++;
    }
  }
  return n;
}

function config(n: number): Buffer {
  const secret = Array.from({ length: n }, (_, i) => ({ env_name: `S_${i}`, file_path: null, value: `${CANARY}-${i}` }));
  return Buffer.from(encode(manifestConfigObject(secret)));
}

describe("provider killed mid-work (protocol client)", () => {
  it("in-flight reads fail with UNAVAILABLE-style errors, and a new process serves the same read", async () => {
    const first = await launchProvider({ command: [installed.executable] });
    const c1 = new ProviderClient(first);
    const reads = Array.from({ length: 20 }, () =>
      c1.rpc("ReadDataSource", { type_name: "codersecrets_manifest", config: { msgpack: config(50) } }).then(() => "ok", (e: Error) => e.message),
    );
    first.kill();
    const outcomes = await Promise.all(reads);
    const failures = outcomes.filter((o) => o !== "ok");
    for (const f of failures) {
      expect(f).toMatch(/UNAVAILABLE|CANCELLED|INTERNAL|ECONNRESET|closed|refused/i);
      expect(f).not.toContain(CANARY);
    }
    c1.close();
    expect((await first.exited()).signal).toBe("SIGKILL");

    const second = await launchProvider({ command: [installed.executable] });
    const c2 = new ProviderClient(second);
    const r = await c2.rpc<{ state?: { msgpack?: Buffer }; diagnostics?: unknown[] }>("ReadDataSource", { type_name: "codersecrets_manifest", config: { msgpack: config(50) } });
    expect(r.state?.msgpack?.length).toBeGreaterThan(0);
    await c2.shutdown();
    c2.close();
    expect((await second.exited()).code).toBe(0);
    expect(first.stderr() + second.stderr()).not.toContain(CANARY);
  });
});

(hasTerraform ? describe : describe.skip)("provider killed mid-apply (real terraform)", () => {
  it("apply fails with a clear error naming the provider; the next apply succeeds", async () => {
    const dir = path.join(root, "tf");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "main.tf"), `
terraform {
  required_providers {
    codersecrets = { source = "cdktf-coder/codersecrets" }
  }
}
resource "terraform_data" "slow" {
  input = "${CANARY}"
  provisioner "local-exec" { command = "sleep 3" }
}
data "codersecrets_manifest" "m" {
  secret {
    env_name = "TOKEN"
    value    = terraform_data.slow.output
  }
}
output "fp" { value = data.codersecrets_manifest.m.fingerprints }
`);
    const env = { ...process.env, TF_CLI_CONFIG_FILE: installed.cliConfig, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    expect(spawnSync("terraform", ["init", "-input=false"], { cwd: dir, env, encoding: "utf8" }).status).toBe(0);

    const apply = spawn("terraform", ["apply", "-auto-approve", "-input=false", "-no-color"], { cwd: dir, env });
    let out = "";
    apply.stdout.on("data", (d: Buffer) => (out += d.toString()));
    apply.stderr.on("data", (d: Buffer) => (out += d.toString()));
    // While the provisioner sleeps, the apply walk's provider process (a child of this terraform) is up: kill it.
    let killed = 0;
    for (let i = 0; i < 100 && killed === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      if (out.includes("Provisioning with 'local-exec'")) killed = killProviderChildren(apply.pid!);
    }
    expect(killed).toBeGreaterThan(0);
    const code = await new Promise<number | null>((r) => apply.on("exit", r));
    expect(code).not.toBe(0);
    expect(out).toMatch(/plugin|provider/i);
    expect(out).toMatch(/Error/);
    expect(out).toContain("data.codersecrets_manifest.m");

    const again = spawnSync("terraform", ["apply", "-auto-approve", "-input=false"], { cwd: dir, env, encoding: "utf8" });
    expect(again.status).toBe(0);
    const fp = spawnSync("terraform", ["output", "-json", "fp"], { cwd: dir, env, encoding: "utf8" });
    expect(JSON.parse(fp.stdout)).toEqual({ "env:TOKEN": expect.stringMatching(/^sha256:[0-9a-f]{12}$/) });
  });
});
