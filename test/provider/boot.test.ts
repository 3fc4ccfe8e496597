/**
 * The installed provider's start path: the boot entry runs the bundle from the V8 code cache written by the
 * install-time training run (kept in the runtime directory, outside the package), falls back safely when the cache
 * does not fit, never writes into the package or the runtime directory at run time (Terraform's lock file hashes
 * every file of the package), and the launcher keeps NODE_OPTIONS, NODE_EXTRA_CA_CERTS and the CA store out of the
 * provider.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { decodeCodeCache, encodeCodeCache, sourceHash } from "../../provider/codersecrets/boot/code-cache-file";
import { BOOT_FILE, BUNDLE_FILE, CODE_CACHE_FILE, CODE_CACHE_FLAG } from "../../provider/codersecrets/boot/layout";
import { CodeCacheBuildError } from "../../provider/codersecrets/install/code-cache";
import { installProvider, InstalledMirror, LAUNCHER_NODE_ARGS } from "../../provider/codersecrets/install/mirror";
import type { GetProviderSchemaResponse, ReadDataSourceResponse } from "../../provider/codersecrets/protocol/messages";
import { decodeState, launchProvider, manifestConfig, msgpack, ProviderClient, randomCanary } from "./client/client";

jest.setTimeout(60000);

describe("code cache file format", () => {
  const bundle = Buffer.from("module.exports = 1;\n");
  const hash = sourceHash(bundle);
  const v8 = crypto.randomBytes(64);

  test("round trip for the bundle it was made from", () => {
    expect(decodeCodeCache(encodeCodeCache(hash, v8), hash)?.equals(v8)).toBe(true);
  });

  test("another bundle of the same size, a truncated file, another format: not used", () => {
    const file = encodeCodeCache(hash, v8);
    expect(decodeCodeCache(file, sourceHash(Buffer.from("module.exports = 2;\n")))).toBeUndefined();
    expect(decodeCodeCache(file.subarray(0, 20), hash)).toBeUndefined();
    expect(decodeCodeCache(Buffer.concat([Buffer.from("X"), file.subarray(1)]), hash)).toBeUndefined();
    expect(() => encodeCodeCache(Buffer.alloc(3), v8)).toThrow(RangeError);
  });
});

function packageFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) out[f] = crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, f))).digest("hex");
  return out;
}

/** Starts the launcher in `dir` with the provider's info log; returns the code cache state it reports. */
async function startedState(exe: string, env: NodeJS.ProcessEnv = {}): Promise<{ state: string; stderr: string; ok: boolean }> {
  const provider = await launchProvider({ command: [exe], env: { TF_LOG_PROVIDER: "info", ...env } });
  const client = new ProviderClient(provider);
  try {
    const schema = await client.rpc<GetProviderSchemaResponse>("GetProviderSchema");
    const exited = provider.exited();
    await client.shutdown();
    await exited;
    const line = provider.stderr().split("\n").find((l) => l.includes('"provider serving"'));
    const state = line ? String((JSON.parse(line) as Record<string, unknown>).code_cache) : "no log line";
    return { state, stderr: provider.stderr(), ok: "codersecrets_manifest" in (schema.data_source_schemas ?? {}) };
  } finally {
    client.close();
    provider.kill();
  }
}

describe("installed provider start path", () => {
  let root: string;
  let installed: InstalledMirror;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "codersecrets-boot-"));
    installed = await installProvider({ dir: path.join(root, "install") });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A copy of the whole install to tamper with (the launcher finds the runtime directory relative to itself). */
  function copyInstall(name: string): { dir: string; runtime: string; exe: string } {
    const installDir = path.dirname(installed.mirrorDir);
    const copy = path.join(root, name);
    fs.cpSync(installDir, copy, { recursive: true });
    const dir = path.join(copy, path.relative(installDir, installed.packageDir));
    return { dir, runtime: path.join(copy, path.relative(installDir, installed.runtimeDir)), exe: path.join(dir, path.basename(installed.executable)) };
  }

  test("the package holds the launcher, the boot entry and the bundle; the code cache is in the runtime directory", () => {
    expect(installed.kind).toBe("bundle");
    expect(installed.codeCacheFile).toBe(path.join(installed.runtimeDir, CODE_CACHE_FILE));
    expect(Object.keys(packageFiles(installed.packageDir))).toEqual([BOOT_FILE, BUNDLE_FILE, path.basename(installed.executable)].sort());
    const cache = fs.readFileSync(installed.codeCacheFile!);
    expect(decodeCodeCache(cache, sourceHash(fs.readFileSync(path.join(installed.packageDir, BUNDLE_FILE))))).toBeDefined();
    const launcher = fs.readFileSync(installed.executable, "utf8");
    expect(launcher).toContain(`"$here"/'${BOOT_FILE}' ${CODE_CACHE_FLAG} "$runtime"/'${CODE_CACHE_FILE}'`);
    for (const arg of LAUNCHER_NODE_ARGS) expect(launcher).toContain(` ${arg} "$here"/'${BOOT_FILE}'`);
  });

  test("a start uses the code cache", async () => {
    const started = await startedState(installed.executable);
    expect(started).toMatchObject({ state: "used", ok: true });
  });

  test("serving secrets writes nothing into the package (Terraform's lock hashes it) or the runtime, and no value lands there", async () => {
    const before = packageFiles(installed.packageDir);
    const runtimeBefore = packageFiles(installed.runtimeDir);
    const canary = randomCanary();
    const provider = await launchProvider({ command: [installed.executable] });
    const client = new ProviderClient(provider);
    try {
      const r = await client.rpc<ReadDataSourceResponse>("ReadDataSource", {
        type_name: "codersecrets_manifest",
        config: msgpack(manifestConfig([{ env_name: "TOKEN", value: canary }, { file_path: "~/.t", value: canary }])),
      });
      expect((decodeState(r.state) as { env: Record<string, string> }).env).toEqual({ TOKEN: canary });
      const exited = provider.exited();
      await client.shutdown();
      expect((await exited).code).toBe(0);
    } finally {
      client.close();
      provider.kill();
    }
    expect(packageFiles(installed.packageDir)).toEqual(before);
    expect(packageFiles(installed.runtimeDir)).toEqual(runtimeBefore);
    for (const d of [installed.packageDir, installed.runtimeDir]) {
      for (const f of fs.readdirSync(d)) expect(fs.readFileSync(path.join(d, f)).includes(canary)).toBe(false);
    }
  });

  test("an edited bundle of the same size is not run with the old cache (stale), and still serves", async () => {
    const { dir, exe } = copyInstall("edited");
    const file = path.join(dir, BUNDLE_FILE);
    const source = fs.readFileSync(file, "latin1");
    // Same length, other bytes: one letter of the provider's schema description.
    const edited = source.replace("Turns dynamic secrets", "Turns dynamic secretz");
    expect(edited.length).toBe(source.length);
    expect(edited).not.toBe(source);
    fs.writeFileSync(file, edited, "latin1");
    expect(await startedState(exe)).toMatchObject({ state: "stale", ok: true });
  });

  test("a cache V8 refuses (another node, flags, corruption) is reported and the bundle compiles from source", async () => {
    const { dir, runtime, exe } = copyInstall("rejected");
    const file = path.join(runtime, CODE_CACHE_FILE);
    const bytes = fs.readFileSync(file);
    const hash = sourceHash(fs.readFileSync(path.join(dir, BUNDLE_FILE)));
    const v8 = Buffer.from(decodeCodeCache(bytes, hash)!);
    v8[0] = v8[0]! ^ 0xff; // V8's magic number
    fs.writeFileSync(file, encodeCodeCache(hash, v8));
    const started = await startedState(exe);
    expect(started).toMatchObject({ state: "rejected", ok: true });
    expect(started.stderr).toContain("install-provider");
  });

  test("no cache file: compiles from source and serves", async () => {
    const { runtime, exe } = copyInstall("missing");
    fs.rmSync(path.join(runtime, CODE_CACHE_FILE));
    expect(await startedState(exe)).toMatchObject({ state: "missing", ok: true });
  });

  test("the launcher keeps NODE_OPTIONS and NODE_EXTRA_CA_CERTS out of the provider", async () => {
    const marker = path.join(root, "injected");
    const hook = path.join(root, "hook.js");
    fs.writeFileSync(hook, `require("fs").writeFileSync(${JSON.stringify(marker)}, "ran");`);
    const started = await startedState(installed.executable, {
      NODE_OPTIONS: `--require ${hook} --max-semi-space-size=4`,
      NODE_EXTRA_CA_CERTS: path.join(root, "no-such-ca.pem"),
    });
    expect(fs.existsSync(marker)).toBe(false);
    // node warns about an unreadable NODE_EXTRA_CA_CERTS file when it sees the variable.
    expect(started.stderr).not.toMatch(/extra certs/i);
    // And the V8 flag did not reach node: the caches stayed valid.
    expect(started.state).toBe("used");
  });

  test("a provider that cannot start fails the install, and the previous install stays", async () => {
    const before = packageFiles(installed.packageDir);
    await expect(installProvider({ dir: path.join(root, "install"), nodeBinary: "/bin/false" })).rejects.toThrow(CodeCacheBuildError);
    await expect(installProvider({ dir: path.join(root, "install"), nodeBinary: "/bin/false" })).rejects.toThrow(/did not start/);
    expect(packageFiles(installed.packageDir)).toEqual(before);
    expect(fs.readdirSync(path.dirname(installed.packageDir))).toEqual([path.basename(installed.packageDir)]);
    expect(fs.readdirSync(path.join(root, "install")).sort()).toEqual(["mirror", "runtime", "terraformrc"]);
    expect(await startedState(installed.executable)).toMatchObject({ state: "used", ok: true });
  });
});
