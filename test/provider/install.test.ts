/**
 * `cdktf-coder-secrets install-provider`: the mirror layout, the CLI config, the exec launcher, and the
 * Terraform RPC sequence through the installed executable (always runs; the real-terraform flow is in
 * terraform.e2e.test.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { command as installCommand } from "../../cli/commands/install-provider";
import { command as providerCommand } from "../../cli/commands/provider";
import { UsageError } from "../../cli/io";
import type { DiagnosticsResponse, GetProviderSchemaResponse, ReadDataSourceResponse } from "../../provider/codersecrets/protocol/messages";
import { launcherScript } from "../../provider/codersecrets/install/mirror";
import { captureIo, decodeState, launchProvider, manifestConfig, msgpack, ProviderClient, randomCanary, summarize, UNKNOWN_EXT } from "./client/client";

jest.setTimeout(60000);

const VERSION = (JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as { version: string }).version;
const PLATFORM = `${process.platform === "win32" ? "windows" : process.platform}_${process.arch === "x64" ? "amd64" : process.arch}`;

describe("install-provider", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "codersecrets-install-"));
  const pkgDir = path.join(dir, "mirror/registry.terraform.io/cdktf-coder/codersecrets", VERSION, PLATFORM);
  const exe = path.join(pkgDir, `terraform-provider-codersecrets_v${VERSION}`);
  let io: ReturnType<typeof captureIo>;

  beforeAll(async () => {
    io = captureIo();
    expect(await installCommand.run(["--dir", dir], io)).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("prints the source address as the last stdout line", () => {
    expect(io.out().trimEnd().split("\n").pop()).toBe("cdktf-coder/codersecrets");
  });

  test("writes an executable launcher named for Terraform, next to the bundled server", () => {
    const st = fs.statSync(exe);
    expect(st.mode & 0o111).toBeTruthy();
    const script = fs.readFileSync(exe, "utf8");
    expect(script.startsWith("#!/bin/sh\n")).toBe(true);
    expect(script.match(/^exec |; then exec /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(fs.existsSync(path.join(pkgDir, "codersecrets-provider.js"))).toBe(true);
    // Terraform picks the first file named terraform-provider-<type>[_.]* in lexical order: ours.
    const candidates = fs.readdirSync(pkgDir).filter((f) => /^terraform-provider-codersecrets([_.]|$)/.test(f)).sort();
    expect(candidates[0]).toBe(path.basename(exe));
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

  test("reinstalling replaces the package in place", async () => {
    fs.writeFileSync(path.join(pkgDir, "stale-file"), "x");
    expect(await installCommand.run([`--dir=${dir}`], captureIo())).toBe(0);
    expect(fs.existsSync(path.join(pkgDir, "stale-file"))).toBe(false);
    expect(fs.existsSync(exe)).toBe(true);
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
    const s = launcherScript("/opt/it's node/bin/node", "codersecrets-provider.js");
    expect(s).toContain(`'/opt/it'\\''s node/bin/node'`);
    expect(s).toContain('script="${0%/*}/codersecrets-provider.js"');
  });
});

describe("install-provider --standalone (Node single executable)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "codersecrets-sea-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("builds a self-contained executable that serves the provider without node on PATH", async () => {
    const io = captureIo();
    const t0 = performance.now();
    expect(await installCommand.run(["--dir", dir, "--standalone"], io)).toBe(0);
    const buildMs = performance.now() - t0;
    expect(buildMs).toBeLessThan(60000);
    expect(io.out().trimEnd().split("\n").pop()).toBe("cdktf-coder/codersecrets");
    const exe = path.join(dir, "mirror/registry.terraform.io/cdktf-coder/codersecrets", VERSION, PLATFORM, `terraform-provider-codersecrets_v${VERSION}`);
    expect(fs.readdirSync(path.dirname(exe))).toEqual([path.basename(exe)]);
    expect(fs.statSync(exe).mode & 0o111).toBeTruthy();
    const provider = await launchProvider({ command: [exe], env: { PATH: "/nonexistent" } });
    const client = new ProviderClient(provider);
    try {
      const r = await client.rpc<ReadDataSourceResponse>("ReadDataSource", {
        type_name: "codersecrets_manifest",
        config: msgpack(manifestConfig([{ file_path: "~/k", value: "v" }])),
      });
      expect((decodeState(r.state) as Record<string, unknown>).fingerprints).toHaveProperty(["file:~/k"]);
      const exited = provider.exited();
      await client.shutdown();
      expect((await exited).code).toBe(0);
      expect(provider.stderr()).not.toMatch(/ExperimentalWarning|single executable/i);
    } finally {
      client.close();
      provider.kill();
    }
    // A single executable cannot drop NODE_OPTIONS before node applies it (the launcher does): it refuses to serve.
    const hook = path.join(dir, "hook.js");
    fs.writeFileSync(hook, `require("fs").writeFileSync(${JSON.stringify(path.join(dir, "hook-ran"))}, "ran");`);
    await expect(launchProvider({ command: [exe], env: { PATH: "/nonexistent", NODE_OPTIONS: `--require ${hook}` } })).rejects.toThrow(
      /unrecognized plugin message: codersecrets provider failed to start: NODE_OPTIONS is set .*Fix: unset NODE_OPTIONS/,
    );
    expect(fs.existsSync(path.join(dir, "hook-ran"))).toBe(true);
  });
});
