/**
 * Launcher hygiene (issue 18.6): the loader's and OpenSSL's code-loading variables never reach the provider's node.
 * A planted shared library (as LD_PRELOAD, LD_AUDIT, and as an OpenSSL provider module named by OPENSSL_CONF) records
 * when it is loaded into a node process; through the installed launcher it never is, and the provider serves. A
 * provider started without the launcher cannot drop them, so the served process refuses them as it refuses NODE_OPTIONS.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CODE_LOADING_ENV, checkNoNodeOptions, InjectedLoaderEnvError } from "../../provider/codersecrets/handshake";
import { installProvider, InstalledMirror, LAUNCHER_UNSET_ENV, launcherScript } from "../../provider/codersecrets/install/mirror";
import type { GetProviderSchemaResponse } from "../../provider/codersecrets/protocol/messages";
import { launchProvider, ProviderClient } from "./client/client";

let root: string;
let lib: string;
let marker: string;
let installed: InstalledMirror;

// Writes `node` to the marker file when loaded into a process whose executable is named node.
const LIBRARY = String.raw`
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
unsigned int la_version(unsigned int v) { return v; }
__attribute__((constructor)) static void planted(void) {
  char exe[4096]; ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return; exe[n] = 0;
  const char *base = strrchr(exe, '/'); base = base ? base + 1 : exe;
  if (strncmp(base, "node", 4) != 0) return;
  int fd = open(MARKER, O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (fd >= 0) { write(fd, "node\n", 5); close(fd); }
}
`;

function plantedEnv(): Record<string, string> {
  const conf = path.join(root, "openssl.cnf");
  fs.writeFileSync(conf, `nodejs_conf = c\n[c]\nproviders = p\n[p]\nplanted = e\n[e]\nmodule = ${lib}\nactivate = 1\n`);
  return { LD_PRELOAD: lib, LD_AUDIT: lib, LD_LIBRARY_PATH: root, OPENSSL_CONF: conf, OPENSSL_MODULES: root, OPENSSL_ENGINES: root };
}

beforeAll(async () => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "codersecrets-launcher-env-")));
  marker = path.join(root, "loaded");
  lib = path.join(root, "planted.so");
  fs.writeFileSync(path.join(root, "planted.c"), LIBRARY);
  const cc = spawnSync("cc", ["-shared", "-fPIC", `-DMARKER="${marker}"`, "-o", lib, path.join(root, "planted.c")], { encoding: "utf8" });
  expect(cc.stderr).toBe("");
  installed = await installProvider({ dir: path.join(root, "install") });
}, 120_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test("the planted library does load into a plain node (the plant works)", () => {
  for (const [name, value] of Object.entries({ LD_PRELOAD: lib, OPENSSL_CONF: plantedEnv().OPENSSL_CONF })) {
    fs.rmSync(marker, { force: true });
    spawnSync(process.execPath, ["-e", "0"], { env: { PATH: process.env.PATH, [name]: value } });
    expect({ name, loaded: fs.existsSync(marker) }).toEqual({ name, loaded: true });
  }
});

test("through the launcher none of them reaches node: the library never loads and the provider serves", async () => {
  fs.rmSync(marker, { force: true });
  const provider = await launchProvider({ command: [installed.executable], env: plantedEnv() });
  const client = new ProviderClient(provider);
  try {
    const schema = await client.rpc<GetProviderSchemaResponse>("GetProviderSchema");
    expect("codersecrets_manifest" in (schema.data_source_schemas ?? {})).toBe(true);
    const exited = provider.exited();
    await client.shutdown();
    await exited;
  } finally {
    client.close();
    provider.kill();
  }
  expect(fs.existsSync(marker)).toBe(false);
});

test("the launcher text unsets every code-loading variable", () => {
  for (const name of CODE_LOADING_ENV) expect(LAUNCHER_UNSET_ENV).toContain(name);
  const text = launcherScript({ script: "boot.js", runtimeDir: "runtime", codeCache: true });
  expect(text).toMatch(new RegExp(`^unset .*\\b${CODE_LOADING_ENV.join("\\b.*\\b")}\\b`, "m"));
});

test("a served process started without the launcher refuses them, naming the variables, never their values", () => {
  const env = { OPENSSL_CONF: "/tmp/CANARY-conf-31f", LD_PRELOAD: "/tmp/CANARY-lib-31f.so" };
  let err: unknown;
  try {
    checkNoNodeOptions(env);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InjectedLoaderEnvError);
  const message = (err as Error).message;
  expect(message).toMatch(/^OPENSSL_CONF, LD_PRELOAD are set/);
  expect(message).toMatch(/Fix: unset OPENSSL_CONF LD_PRELOAD .* or let Terraform start the provider through the launcher/);
  expect(message).not.toContain("CANARY");
  expect(() => checkNoNodeOptions({ LD_LIBRARY_PATH: "" })).not.toThrow();
});
