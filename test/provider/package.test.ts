/**
 * What a user installing the npm package gets. A registry install has no devDependencies, so no esbuild: the
 * package carries the provider and boot bundles (written by `npm pack`'s prepack step, scripts/prebuilt-bundles.js)
 * and `install-provider` uses them, with the code cache trained at install; `--standalone` needs nothing more (it
 * copies node). Without them it would fall back to the unbundled provider (1.5x slower starts, three per plan).
 * Simulated first (quick): the compiled package (dist/, bin/, package.json) in a temp dir whose node_modules holds
 * every dependency except the development-only ones; then for real, with the packed tarball installed by npm into
 * a user's app.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writePrebuiltBundles } from "../../provider/codersecrets/install/bundle";
import type { GetProviderSchemaResponse } from "../../provider/codersecrets/protocol/messages";
import { installScratchApp, ScratchApp } from "../support/scratch-app";
import { serveInstalled } from "./client/installed";
import { terraformH1 } from "./client/terraform-cli";

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, "..", "..");
const DEV_ONLY = new Set(["esbuild", "@esbuild", ".bin"]);

function userInstall(at: string): string {
  const pkg = path.join(at, "node_modules", "cdktf-coder-secrets");
  fs.mkdirSync(pkg, { recursive: true });
  for (const item of ["package.json", "bin", "dist"]) fs.cpSync(path.join(ROOT, item), path.join(pkg, item), { recursive: true });
  fs.rmSync(path.join(pkg, "dist", "provider", "codersecrets", "bundle"), { recursive: true, force: true });
  for (const dep of fs.readdirSync(path.join(ROOT, "node_modules"))) {
    if (!DEV_ONLY.has(dep)) fs.symlinkSync(path.join(ROOT, "node_modules", dep), path.join(at, "node_modules", dep));
  }
  return pkg;
}

function installProviderCli(pkg: string, dir: string, ...flags: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(pkg, "bin", "cdktf-coder-secrets.js"), "install-provider", "--dir", dir, ...flags], {
    cwd: path.dirname(path.dirname(pkg)),
    env: { PATH: process.env.PATH, HOME: os.tmpdir() },
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("an npm install of the package (no devDependencies)", () => {
  const at = fs.mkdtempSync(path.join(os.tmpdir(), "codersecrets-user-"));
  afterAll(() => fs.rmSync(at, { recursive: true, force: true }));

  test("esbuild is really out of reach there", () => {
    const pkg = userInstall(path.join(at, "probe"));
    const r = spawnSync(process.execPath, ["-e", "require.resolve('esbuild')"], { cwd: pkg, env: { PATH: process.env.PATH }, encoding: "utf8" });
    expect(r.status).not.toBe(0);
  });

  test("without the packaged bundles: the slow unbundled fallback", () => {
    const pkg = userInstall(path.join(at, "bare"));
    const r = installProviderCli(pkg, path.join(at, "bare-out"));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/installed codersecrets \S+ \(unbundled\)/);
  });

  test("with them (as `npm pack` ships it): the bundled provider with a trained code cache, serving", async () => {
    const pkg = userInstall(path.join(at, "packed"));
    const files = await writePrebuiltBundles(path.join(pkg, "dist", "provider", "codersecrets", "bundle"));
    expect(files.map((f) => path.basename(f))).toEqual(["provider.js", "boot.js"]);
    const out = path.join(at, "packed-out");
    const r = installProviderCli(pkg, out);
    expect(r.stderr).toMatch(/installed codersecrets \S+ \(bundle\)/);
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("cdktf-coder/codersecrets");
    const exe = r.stderr.split("\n").find((l) => l.includes("terraform-provider-codersecrets_v"))!.trim();
    expect(fs.readdirSync(path.dirname(exe)).sort()).toEqual(["codersecrets-boot.js", "codersecrets-provider.js", path.basename(exe)].sort());
    await expectServingFromCache(exe, {});
  });

  test("--standalone works from it too (no devDependency needed): a private node, serving without node on PATH", async () => {
    const pkg = userInstall(path.join(at, "standalone"));
    await writePrebuiltBundles(path.join(pkg, "dist", "provider", "codersecrets", "bundle"));
    const r = installProviderCli(pkg, path.join(at, "standalone-out"), "--standalone");
    expect(r.stderr).toMatch(/installed codersecrets \S+ \(standalone\)/);
    expect(r.status).toBe(0);
    const exe = r.stderr.split("\n").find((l) => l.includes("terraform-provider-codersecrets_v"))!.trim();
    await expectServingFromCache(exe, { PATH: "/nonexistent" });
  });
});

/** Starts the installed launcher: it serves, from the code cache trained at install. */
async function expectServingFromCache(exe: string, env: NodeJS.ProcessEnv): Promise<void> {
  const stderr = await serveInstalled(exe, env, async (client) => {
    const schema = await client.rpc<GetProviderSchemaResponse>("GetProviderSchema");
    expect(Object.keys(schema.data_source_schemas ?? {})).toContain("codersecrets_manifest");
  });
  expect(stderr).toMatch(/"code_cache":"used"/);
}

describe("the packed tarball, installed from the registry's point of view (test/support/scratch-app)", () => {
  let app: ScratchApp;
  beforeAll(() => {
    app = installScratchApp({ dependencies: { cdktf: "0.21.0", constructs: "10.4.2" } });
  }, 600_000);
  afterAll(() => app?.remove());

  test("no esbuild there, and `install-provider --standalone` from the installed bin serves without node on PATH", async () => {
    expect(fs.existsSync(path.join(app.dir, "node_modules", "esbuild"))).toBe(false);
    const out = path.join(app.dir, "codersecrets");
    const r = app.run("cdktf-coder-secrets", ["install-provider", "--dir", out, "--standalone"], { env: { HOME: app.dir } });
    expect(r.stderr).toMatch(/installed codersecrets \S+ \(standalone\)/);
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("cdktf-coder/codersecrets");
    const exe = r.stderr.split("\n").find((l) => l.includes("terraform-provider-codersecrets_v"))!.trim();
    await expectServingFromCache(exe, { PATH: "/nonexistent" });
    // And its package hashes like the launcher install's from the same tarball: one lock file serves both.
    const launcher = app.run("cdktf-coder-secrets", ["install-provider", "--dir", path.join(app.dir, "launcher")], { env: { HOME: app.dir } });
    expect(launcher.status).toBe(0);
    const launcherExe = launcher.stderr.split("\n").find((l) => l.includes("terraform-provider-codersecrets_v"))!.trim();
    expect(terraformH1(path.dirname(exe))).toBe(terraformH1(path.dirname(launcherExe)));
  });
});
