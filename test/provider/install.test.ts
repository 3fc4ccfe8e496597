/**
 * `cdktf-coder-secrets install-provider`: the mirror layout, the CLI config (written, merged, or printed), the exec
 * launcher, lock hashes that match across installs, the Terraform RPC sequence through the installed executable
 * (always runs; the real-terraform flow is in terraform.e2e.test.ts), and `--standalone`.
 */
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { command as installCommand } from "../../cli/commands/install-provider";
import { command as providerCommand } from "../../cli/commands/provider";
import { UsageError } from "../../cli/io";
import type { DiagnosticsResponse, GetProviderSchemaResponse, ReadDataSourceResponse } from "../../provider/codersecrets/protocol/messages";
import { BLOCK_BEGIN } from "../../provider/codersecrets/install/cli-config";
import { launcherScript } from "../../provider/codersecrets/install/mirror";
import { captureIo, decodeState, launchProvider, manifestConfig, msgpack, ProviderClient, randomCanary, summarize, UNKNOWN_EXT } from "./client/client";
import { serveInstalled } from "./client/installed";
import { findOnPath, terraformH1 } from "./client/terraform-cli";

jest.setTimeout(60000);

const VERSION = (JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as { version: string }).version;
const PLATFORM = `${process.platform === "win32" ? "windows" : process.platform}_${process.arch === "x64" ? "amd64" : process.arch}`;
const PACKAGE_PATH = path.join("mirror/registry.terraform.io/cdktf-coder/codersecrets", VERSION, PLATFORM);
const RUNTIME_PATH = path.join("runtime", `codersecrets_${VERSION}_${PLATFORM}`);
const EXE_NAME = `terraform-provider-codersecrets_v${VERSION}`;
const TERRAFORM = findOnPath("terraform");

function sha256(file: string): string {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** Runs the command in-process with a HOME that has no CLI configuration (unless `env` says otherwise). */
async function install(args: readonly string[], env: NodeJS.ProcessEnv = { HOME: os.tmpdir() }): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(env);
  const code = await installCommand.run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("install-provider", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "codersecrets-install-"));
  const pkgDir = path.join(dir, PACKAGE_PATH);
  const exe = path.join(pkgDir, EXE_NAME);
  let io: ReturnType<typeof captureIo>;

  beforeAll(async () => {
    io = captureIo();
    expect(await installCommand.run(["--dir", dir], io)).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("prints the source address as the last stdout line", () => {
    expect(io.out().trimEnd().split("\n").pop()).toBe("cdktf-coder/codersecrets");
  });

  test("writes an executable launcher named for Terraform, next to the bundled server; node and code cache outside", () => {
    const st = fs.statSync(exe);
    expect(st.mode & 0o111).toBeTruthy();
    const script = fs.readFileSync(exe, "utf8");
    expect(script.startsWith("#!/bin/sh\n")).toBe(true);
    expect(script.match(/^exec /gm)?.length).toBe(1);
    expect(fs.readdirSync(pkgDir).sort()).toEqual(["codersecrets-boot.js", "codersecrets-provider.js", EXE_NAME].sort());
    const runtime = path.join(dir, RUNTIME_PATH);
    expect(fs.readdirSync(runtime).sort()).toEqual(["codersecrets-provider.js.v8cache", "node"]);
    expect(fs.readlinkSync(path.join(runtime, "node"))).toBe(process.execPath);
    // Terraform picks the first file named terraform-provider-<type>[_.]* in lexical order: ours.
    const candidates = fs.readdirSync(pkgDir).filter((f) => /^terraform-provider-codersecrets([_.]|$)/.test(f)).sort();
    expect(candidates[0]).toBe(path.basename(exe));
  });

  test("says where the CLI configuration went", () => {
    expect(io.err()).toContain(`CLI configuration written: ${path.join(dir, "terraformrc")}`);
    expect(io.err()).toContain(`export TF_CLI_CONFIG_FILE=${path.join(dir, "terraformrc")}`);
  });

  test("terraformrc: filesystem mirror for our provider only, direct for the rest", () => {
    const rc = fs.readFileSync(path.join(dir, "terraformrc"), "utf8");
    expect(rc).toContain(`path    = ${JSON.stringify(path.join(dir, "mirror"))}`);
    expect(rc).toContain('include = ["registry.terraform.io/cdktf-coder/codersecrets"]');
    expect(rc).toContain('exclude = ["registry.terraform.io/cdktf-coder/codersecrets"]');
  });

  test("the launcher execs node (no shell left behind) and serves the Terraform RPC sequence", async () => {
    const canary = randomCanary();
    const provider = await launchProvider({ command: [exe] });
    const client = new ProviderClient(provider);
    try {
      if (process.platform === "linux") {
        expect(fs.readlinkSync(`/proc/${provider.child.pid}/exe`)).toBe(fs.realpathSync(process.execPath));
      }
      // Terraform's apply walk: GetProviderSchema, ValidateProviderConfig, ConfigureProvider, ValidateDataResourceConfig, ReadDataSource.
      expect((await client.rpc<GetProviderSchemaResponse>("GetProviderSchema")).data_source_schemas).toHaveProperty("codersecrets_manifest");
      await client.rpc("ValidateProviderConfig", { config: msgpack({}) });
      await client.rpc("ConfigureProvider", { terraform_version: "1.11.4", config: msgpack({}) });
      const v = await client.rpc<DiagnosticsResponse>("ValidateDataResourceConfig", {
        type_name: "codersecrets_manifest",
        config: msgpack(manifestConfig([{ env_name: "TOKEN", value: UNKNOWN_EXT }])),
      });
      expect(summarize(v.diagnostics)).toEqual([]);
      const r = await client.rpc<ReadDataSourceResponse>("ReadDataSource", {
        type_name: "codersecrets_manifest",
        config: msgpack(manifestConfig([{ env_name: "TOKEN", value: canary }])),
      });
      expect((decodeState(r.state) as Record<string, unknown>).env).toEqual({ TOKEN: canary });
      const exited = provider.exited();
      await client.shutdown();
      expect((await exited).code).toBe(0);
      expect(provider.stderr()).not.toContain(canary);
    } finally {
      client.close();
      provider.kill();
    }
  });

  test("reinstalling replaces the package and the runtime in place, and updates its own terraformrc", async () => {
    fs.writeFileSync(path.join(pkgDir, "stale-file"), "x");
    fs.writeFileSync(path.join(dir, RUNTIME_PATH, "stale-file"), "x");
    const r = await install([`--dir=${dir}`]);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(pkgDir, "stale-file"))).toBe(false);
    expect(fs.existsSync(path.join(dir, RUNTIME_PATH, "stale-file"))).toBe(false);
    expect(fs.existsSync(exe)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(["mirror", "runtime", "terraformrc"]);
    expect(r.err).toContain(`CLI configuration updated (the install-provider block replaced): ${path.join(dir, "terraformrc")}`);
  });

  test("usage errors", async () => {
    await expect(installCommand.run([], captureIo())).rejects.toThrow(UsageError);
    await expect(installCommand.run(["--dir"], captureIo())).rejects.toThrow(UsageError);
    await expect(installCommand.run(["--dir", dir, "--bogus"], captureIo())).rejects.toThrow(UsageError);
    await expect(providerCommand.run(["--bogus"], captureIo())).rejects.toThrow(UsageError);
  });

  test("provider command run by hand: explanation, exit 1, nothing on stdout", async () => {
    const cio = captureIo({});
    expect(await providerCommand.run([], cio)).toBe(1);
    expect(cio.out()).toBe("");
    expect(cio.err()).toContain("This binary is a plugin");
  });

  test("launcher quoting survives odd paths", () => {
    const s = launcherScript({ script: "/opt/it's here/main.js", runtimeDir: "../it's $HOME", codeCache: false });
    expect(s).toContain(`exec "$node" --use-openssl-ca '/opt/it'\\''s here/main.js' "$@"`);
    expect(s).toContain(`runtime="$here"/'../it'\\''s $HOME'`);
    const odd = fs.mkdtempSync(path.join(os.tmpdir(), "codersecrets-odd-"));
    try {
      const at = path.join(odd, "it's $HOME");
      fs.mkdirSync(path.join(at, "pkg"), { recursive: true });
      fs.mkdirSync(path.join(at, "rt $x"));
      fs.writeFileSync(path.join(at, "pkg", "main.js"), "console.log(process.argv.slice(2).join(','))");
      fs.symlinkSync(process.execPath, path.join(at, "rt $x", "node"));
      const launcher = path.join(at, "pkg", "launcher");
      fs.writeFileSync(launcher, launcherScript({ script: "main.js", runtimeDir: "../rt $x", codeCache: true }), { mode: 0o755 });
      const r = spawnSync(launcher, ["a b"], { encoding: "utf8" });
      expect(r.stdout.trim()).toBe(`--code-cache,${path.join(at, "pkg")}/../rt $x/codersecrets-provider.js.v8cache,a b`);
    } finally {
      fs.rmSync(odd, { recursive: true, force: true });
    }
  });
});

describe("installs Terraform can lock: the package directory is the same bytes on every install of a version", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "codersecrets-lock-"));
  const dirs = { a: path.join(root, "a"), b: path.join(root, "other place") };
  beforeAll(async () => {
    for (const d of Object.values(dirs)) expect((await install(["--dir", d])).code).toBe(0);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test("two installs into two directories: the same h1 hash; each has its own code cache, outside the package", () => {
    const [a, b] = [dirs.a, dirs.b].map((d) => path.join(d, PACKAGE_PATH));
    expect(terraformH1(a!)).toBe(terraformH1(b!));
    for (const d of Object.values(dirs)) {
      const pkg = path.join(d, PACKAGE_PATH);
      for (const f of fs.readdirSync(pkg)) expect(fs.readFileSync(path.join(pkg, f), "utf8").includes(root)).toBe(false);
      expect(fs.existsSync(path.join(d, RUNTIME_PATH, "codersecrets-provider.js.v8cache"))).toBe(true);
    }
  });

  (TERRAFORM ? test : test.skip)(`terraform accepts a lock file made from the other install, offline (${TERRAFORM ?? "terraform not on PATH"})`, () => {
    const env = { PATH: process.env.PATH, HOME: root, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    const tf = (cwd: string, config: string, args: string[]) =>
      spawnSync(TERRAFORM!, args, { cwd, env: { ...env, TF_CLI_CONFIG_FILE: path.join(config, "terraformrc") }, encoding: "utf8" });
    const main = 'terraform {\n  required_providers {\n    codersecrets = { source = "cdktf-coder/codersecrets" }\n  }\n}\n';
    const [made, used] = ["made", "used"].map((w) => path.join(root, w));
    for (const w of [made!, used!]) {
      fs.mkdirSync(w);
      fs.writeFileSync(path.join(w, "main.tf"), main);
    }
    const lock = tf(made!, dirs.a, ["providers", "lock", "-no-color", `-fs-mirror=${path.join(dirs.a, "mirror")}`, `-platform=${PLATFORM}`]);
    expect(lock.stderr).toBe("");
    expect(lock.status).toBe(0);
    const lockFile = fs.readFileSync(path.join(made!, ".terraform.lock.hcl"), "utf8");
    expect(lockFile).toContain(`"${terraformH1(path.join(dirs.b, PACKAGE_PATH))}"`);
    fs.copyFileSync(path.join(made!, ".terraform.lock.hcl"), path.join(used!, ".terraform.lock.hcl"));
    const init = tf(used!, dirs.b, ["init", "-input=false", "-no-color", "-lockfile=readonly"]);
    expect(init.stderr).toBe("");
    expect(init.status).toBe(0);
    const plan = tf(used!, dirs.b, ["plan", "-input=false", "-no-color", "-lock=false"]);
    expect(plan.stderr).toBe("");
    expect(plan.status).toBe(0);
  });
  (TERRAFORM ? test : test.skip)(`with a plugin cache (TF_PLUGIN_CACHE_DIR), the launcher still finds its runtime and code cache (${TERRAFORM ?? "terraform not on PATH"})`, () => {
    const w = path.join(root, "cached");
    fs.mkdirSync(w);
    fs.writeFileSync(
      path.join(w, "main.tf"),
      'terraform {\n  required_providers {\n    codersecrets = { source = "cdktf-coder/codersecrets" }\n  }\n}\ndata "codersecrets_manifest" "m" {\n  secret {\n    env_name = "X"\n    value    = "v"\n  }\n}\n',
    );
    const env = { PATH: process.env.PATH, HOME: root, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: path.join(dirs.a, "terraformrc"), TF_PLUGIN_CACHE_DIR: path.join(root, "plugin-cache") };
    fs.mkdirSync(env.TF_PLUGIN_CACHE_DIR);
    expect(spawnSync(TERRAFORM!, ["init", "-input=false", "-no-color"], { cwd: w, env, encoding: "utf8" }).status).toBe(0);
    const plan = spawnSync(TERRAFORM!, ["plan", "-input=false", "-no-color", "-lock=false"], { cwd: w, env: { ...env, TF_LOG: "info", TF_LOG_PROVIDER: "info" }, encoding: "utf8" });
    expect(plan.status).toBe(0);
    const states = [...plan.stderr.matchAll(/provider serving:.*code_cache=(\w+)/g)].map((m) => m[1]);
    expect(states.length).toBeGreaterThanOrEqual(2);
    expect(new Set(states)).toEqual(new Set(["used"]));
  });
});

describe("install-provider and an existing CLI configuration: merged or printed, never replaced silently", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "codersecrets-rc-"));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const USER_RC = 'plugin_cache_dir = "/var/cache/terraform"\ncredentials "app.terraform.io" {\n  token = "CANARY-user-token"\n}\n';

  test("a DIR/terraformrc install-provider did not write stays byte-identical; the block is printed, and said so", async () => {
    const dir = path.join(root, "foreign");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "terraformrc"), USER_RC);
    const r = await install(["--dir", dir]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "terraformrc"), "utf8")).toBe(USER_RC);
    expect(r.err).toContain(`CLI configuration: ${path.join(dir, "terraformrc")} left unchanged (it exists and was not written by install-provider). Add this block to it:`);
    expect(r.err).toContain(`    path    = ${JSON.stringify(path.join(dir, "mirror"))}`);
    expect(r.err).not.toContain("CANARY");
    expect(r.out.trimEnd().split("\n").pop()).toBe("cdktf-coder/codersecrets");
  });

  test("--cli-config: merged into a user's configuration (the rest kept), replaced on reinstall, and Terraform reads it", async () => {
    const rc = path.join(root, "user.terraformrc");
    fs.writeFileSync(rc, USER_RC, { mode: 0o600 });
    const dir = path.join(root, "merged");
    const first = await install(["--dir", dir, "--cli-config", rc]);
    expect(first.code).toBe(0);
    expect(first.err).toContain(`CLI configuration merged into (the block appended, the rest kept): ${rc}`);
    expect(fs.existsSync(path.join(dir, "terraformrc"))).toBe(false);
    const merged = fs.readFileSync(rc, "utf8");
    expect(merged.startsWith(USER_RC)).toBe(true);
    expect(merged).toContain(`include = ["registry.terraform.io/cdktf-coder/codersecrets"]`);
    expect(fs.statSync(rc).mode & 0o777).toBe(0o600);
    const again = await install([`--cli-config=${rc}`, "--dir", dir]);
    expect(again.err).toContain(`CLI configuration updated (the install-provider block replaced): ${rc}`);
    expect(fs.readFileSync(rc, "utf8")).toBe(merged);
    expect(merged.split(BLOCK_BEGIN).length).toBe(2);
    if (TERRAFORM) {
      const w = path.join(root, "merged-ws");
      fs.mkdirSync(w);
      fs.writeFileSync(path.join(w, "main.tf"), 'terraform {\n  required_providers {\n    codersecrets = { source = "cdktf-coder/codersecrets" }\n  }\n}\n');
      const init = spawnSync(TERRAFORM, ["init", "-input=false", "-no-color"], {
        cwd: w,
        env: { PATH: process.env.PATH, HOME: root, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: rc, TF_PLUGIN_CACHE_DIR: "" },
        encoding: "utf8",
      });
      expect(init.stdout).toContain("cdktf-coder/codersecrets v");
    }
  });

  test("--cli-config with its own provider_installation block: unchanged, the block printed with the reason", async () => {
    const rc = path.join(root, "has-block.terraformrc");
    const text = `${USER_RC}provider_installation {\n  direct {}\n}\n`;
    fs.writeFileSync(rc, text);
    const r = await install(["--dir", path.join(root, "has-block"), "--cli-config", rc]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(rc, "utf8")).toBe(text);
    expect(r.err).toContain(`${rc} left unchanged (it already has a provider_installation block (Terraform allows one)`);
    expect(r.err).toContain("  provider_installation {");
  });

  test("a user CLI configuration that TF_CLI_CONFIG_FILE=DIR/terraformrc would hide is named, with the way to keep it", async () => {
    const home = path.join(root, "home");
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(home, ".terraformrc"), USER_RC);
    const r = await install(["--dir", path.join(root, "noted")], { HOME: home });
    expect(r.err).toContain(`Terraform ignores your own CLI configuration ${path.join(home, ".terraformrc")}`);
    expect(r.err).toContain(`run again with --cli-config ${path.join(home, ".terraformrc")}`);
    const named = await install(["--dir", path.join(root, "noted")], { HOME: root, TF_CLI_CONFIG_FILE: path.join(root, "user.terraformrc") });
    expect(named.err).toContain(`your own CLI configuration ${path.join(root, "user.terraformrc")}`);
    const none = await install(["--dir", path.join(root, "noted")], { HOME: path.join(root, "nowhere") });
    expect(none.err).not.toContain("Note:");
    expect(fs.readFileSync(path.join(home, ".terraformrc"), "utf8")).toBe(USER_RC);
  });
});

describe("install-provider --standalone (a private node runtime, outside the package)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "codersecrets-standalone-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the same package as the launcher install, a verified read-only copy of node, serving without node on PATH", async () => {
    const r = await install(["--dir", path.join(dir, "s"), "--standalone"]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/installed codersecrets \S+ \(standalone\)/);
    expect((await install(["--dir", path.join(dir, "l")])).code).toBe(0);
    expect(terraformH1(path.join(dir, "s", PACKAGE_PATH))).toBe(terraformH1(path.join(dir, "l", PACKAGE_PATH)));
    const node = path.join(dir, "s", RUNTIME_PATH, "node");
    expect(fs.lstatSync(node).isSymbolicLink()).toBe(false);
    expect(fs.statSync(node).mode & 0o777).toBe(0o555);
    expect(sha256(node)).toBe(sha256(process.execPath));
    const exe = path.join(dir, "s", PACKAGE_PATH, EXE_NAME);
    const stderr = await serveInstalled(exe, { PATH: "/nonexistent" }, async (client, provider) => {
      if (process.platform === "linux") expect(fs.readlinkSync(`/proc/${provider.child.pid}/exe`)).toBe(node);
      const r = await client.rpc<ReadDataSourceResponse>("ReadDataSource", {
        type_name: "codersecrets_manifest",
        config: msgpack(manifestConfig([{ file_path: "~/k", value: "v" }])),
      });
      expect((decodeState(r.state) as Record<string, unknown>).fingerprints).toHaveProperty(["file:~/k"]);
    });
    expect(stderr).toMatch(/"code_cache":"used"/);
  });

  test("NODE_OPTIONS: the launcher drops it (no hook runs), and the provider still refuses a process node started with it", async () => {
    const exe = path.join(dir, "s", PACKAGE_PATH, EXE_NAME);
    const hook = path.join(dir, "hook.js");
    const marker = path.join(dir, "hook-ran");
    fs.writeFileSync(hook, `require("fs").writeFileSync(${JSON.stringify(marker)}, "ran");`);
    const provider = await launchProvider({ command: [exe], env: { PATH: "/nonexistent", NODE_OPTIONS: `--require ${hook}` } });
    provider.kill();
    expect(fs.existsSync(marker)).toBe(false);
    // Started without the launcher, the runtime applies NODE_OPTIONS before any provider code: the provider refuses.
    const node = path.join(dir, "s", RUNTIME_PATH, "node");
    await expect(
      launchProvider({ command: [node, path.join(dir, "s", PACKAGE_PATH, "codersecrets-boot.js")], env: { PATH: "/nonexistent", NODE_OPTIONS: `--require ${hook}` } }),
    ).rejects.toThrow(/unrecognized plugin message: codersecrets provider failed to start: NODE_OPTIONS is set .*Fix: unset NODE_OPTIONS/);
    expect(fs.existsSync(marker)).toBe(true);
  });

  test("with the runtime directory gone and no node on PATH, the launcher says what to do", () => {
    const copy = path.join(dir, "mirror-only");
    fs.cpSync(path.join(dir, "s", "mirror"), path.join(copy, "mirror"), { recursive: true });
    const r = spawnSync(path.join(copy, PACKAGE_PATH, EXE_NAME), [], { env: { PATH: "/nonexistent" }, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/codersecrets provider: no node at .* nor on PATH; copy the whole install directory \(mirror\/ and runtime\/\) or run 'cdktf-coder-secrets install-provider' again/);
  });
});
