/**
 * The CLI as users run it: `node_modules/.bin/cdktf-coder-secrets` of the packed tarball installed in a scratch app,
 * started through its `#!/usr/bin/env node` line by the Node on PATH (20 here, the package's engine). Every
 * command, `--help`, `--version`, an unknown option, the env file option Node does not own, and `init` end to end:
 * the starter installed from the tarball, synthesized (`npm run synth`: tsc, then `node dist/main.js`; and
 * `cdktf synth` with the repository's cdktf-cli, which reads the starter's cdktf.json) and its own jest test run.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { encodeManifestBase64, secret } from "../../lib/core";
import { childEnv, installScratchApp, packedTarball, RunResult, ScratchApp } from "../support/scratch-app";

jest.setTimeout(10 * 60_000);

const ROOT = path.join(__dirname, "..", "..");
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const CANARY = "CANARY-installed-bin-93d1";
const COMMANDS = ["decode", "inject", "provider", "install-provider", "init"];

let app: ScratchApp;
let bin: string;
let work: string;

beforeAll(() => {
  app = installScratchApp({ dependencies: { cdktf: "0.21.0", constructs: "10.7.2" } });
  bin = path.join(app.dir, "node_modules", ".bin", "cdktf-coder-secrets");
  work = fs.mkdtempSync(path.join(os.tmpdir(), "installed-bin-"));
});
afterAll(() => {
  app?.remove();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function cli(args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): RunResult {
  const r = app.run(bin, args, { input: options.input ?? "", env: options.env });
  expect(r.stdout + r.stderr).not.toContain(CANARY);
  return r;
}

describe("the installed bin", () => {
  it("is the package's, run by the Node running these tests (20 here)", () => {
    expect(fs.realpathSync(bin)).toBe(path.join(app.dir, "node_modules", "cdktf-coder-secrets", "bin", "cdktf-coder-secrets.js"));
    expect(app.run("node", ["--version"]).stdout).toBe(`${process.version}\n`);
  });

  it("--version, --help, and each command's --help", () => {
    expect(cli(["--version"])).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: "" });
    const help = cli(["--help"]);
    expect(help.status).toBe(0);
    for (const name of COMMANDS) {
      expect(help.stdout).toContain(`  ${name}  `);
      expect(cli([name, "--help"])).toEqual({ status: 0, stdout: expect.stringMatching(new RegExp(`^Usage: cdktf-coder-secrets ${name} `)), stderr: "" });
    }
  });

  it("usage errors: stderr, exit 2, one wording", () => {
    expect(cli(["--bogus"])).toEqual({ status: 2, stdout: "", stderr: 'cdktf-coder-secrets: unknown option --bogus\nRun "cdktf-coder-secrets --help" for usage.\n' });
    expect(cli([])).toEqual({ status: 2, stdout: "", stderr: 'cdktf-coder-secrets: missing command\nRun "cdktf-coder-secrets --help" for usage.\n' });
    for (const name of COMMANDS) {
      expect(cli([name, "--bogus"])).toEqual({
        status: 2,
        stdout: "",
        stderr: `cdktf-coder-secrets ${name}: unknown option --bogus\nRun "cdktf-coder-secrets ${name} --help" for usage.\n`,
      });
    }
  });

  it("decode reads stdin and prints no value", () => {
    const r = cli(["decode"], { input: encodeManifestBase64([secret({ envName: "API_TOKEN" }, CANARY)]) });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^#0 {2}env API_TOKEN {2}\d+ bytes {2}sha256:[0-9a-f]{12}\n1 secret, \d+ bytes\n$/);
  });

  it("provider run by hand explains itself (exit 1, nothing on stdout)", () => {
    const r = cli(["provider"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("This binary is a plugin");
  });

  it("install-provider writes a mirror and prints the source address last", () => {
    const dir = path.join(work, "mirror");
    const r = cli(["install-provider", "--dir", dir]);
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("cdktf-coder/codersecrets");
    expect(fs.existsSync(path.join(dir, "terraformrc"))).toBe(true);
  });
});

describe("inject through the bin", () => {
  const manifest = (entries: Parameters<typeof secret>[]) => encodeManifestBase64(entries.map((e) => secret(...e)));

  function injectEnv(home: string, m: string): NodeJS.ProcessEnv {
    return { HOME: home, CODER_SECRETS_TEST_MANIFEST: m };
  }

  it("--write-env-file writes a new env file (Node leaves the option alone) and the file targets", () => {
    const home = fs.mkdtempSync(path.join(work, "home-"));
    const envFile = path.join(work, "new", "secrets.env");
    const r = cli(["inject", "--manifest-env", "CODER_SECRETS_TEST_MANIFEST", "--write-env-file", envFile], {
      env: injectEnv(home, manifest([[{ envName: "API_TOKEN" }, `${CANARY} $HOME 'q'`], [{ filePath: "~/.token" }, CANARY]])),
    });
    expect(r.status).toBe(0);
    expect(fs.statSync(envFile).mode & 0o777).toBe(0o600);
    const loaded = spawnSync("/bin/sh", ["-c", 'set -a; . "$1"; set +a; printf %s "$API_TOKEN"', "sh", envFile], { encoding: "utf8", env: { PATH: "/usr/bin:/bin" } });
    expect(loaded.stdout).toBe(`${CANARY} $HOME 'q'`);
    expect(fs.readFileSync(path.join(home, ".token"), "utf8")).toBe(CANARY);
  });

  it("the old --env-file is refused with the reason and the new option, in both spellings; nothing written", () => {
    const home = fs.mkdtempSync(path.join(work, "home-"));
    const old = path.join(work, "old.env");
    fs.writeFileSync(old, "");
    for (const flag of [["--env-file", old], [`--env-file=${old}`]]) {
      const r = cli(["inject", "--manifest-env", "CODER_SECRETS_TEST_MANIFEST", ...flag], {
        env: injectEnv(home, manifest([[{ envName: "API_TOKEN", filePath: "~/.token" }, CANARY]])),
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^cdktf-coder-secrets inject: option --env-file is refused: Node reads `--env-file` on its own command line .*; use --write-env-file PATH\nRun "cdktf-coder-secrets inject --help" for usage\.\n$/);
      expect(fs.readFileSync(old, "utf8")).toBe("");
      expect(fs.readdirSync(home)).toEqual([]);
    }
  });

  it("--state-key names the state: a file dropped from the manifest is removed on the next run", () => {
    const home = fs.mkdtempSync(path.join(work, "home-"));
    // XDG_STATE_HOME empty (not absolute, so ignored): the state goes under the home whatever the caller's env says.
    const env = { HOME: home, XDG_STATE_HOME: "" };
    const stateDir = path.join(home, ".local", "state", "cdktf-coder-secrets");
    const token = path.join(home, ".token");
    const key = path.join(home, ".config", "tool", "key");
    const hex = (p: string) => Buffer.from(p).toString("hex");

    const first = cli(["inject", "--state-key", "DEV_BOX_SECRETS"], { env, input: manifest([[{ filePath: "~/.token" }, CANARY], [{ filePath: "~/.config/tool/key" }, `${CANARY}-key`]]) });
    expect(first).toMatchObject({ status: 0, stderr: "" });
    expect(first.stdout).toContain("cdktf-coder-secrets inject: 2 written, 0 skipped, 0 failed\n");
    expect(fs.readdirSync(stateDir)).toEqual(["DEV_BOX_SECRETS.state"]);
    const state = path.join(stateDir, "DEV_BOX_SECRETS.state");
    expect(fs.statSync(state).mode & 0o777).toBe(0o600);
    const firstState = fs.readFileSync(state, "latin1");
    expect(firstState).toMatch(new RegExp(`^cdktf-coder-secrets state 1\\n[0-9a-f]{64} ${hex(token)}\\n[0-9a-f]{64} ${hex(key)}\\n$`));
    expect(firstState).not.toContain(CANARY);

    const file = path.join(work, "dropped.b64");
    fs.writeFileSync(file, manifest([[{ filePath: "~/.token" }, CANARY]]));
    const second = cli(["inject", "--manifest-file", file, "--state-key", "DEV_BOX_SECRETS"], { env });
    expect(second).toEqual({
      status: 0,
      stdout:
        `cdktf-coder-secrets inject: wrote secret[0] (file ~/.token) to ${token} (0600)\n` +
        `cdktf-coder-secrets inject: removed stale file ${key} (written by an earlier run, no longer in the manifest)\n` +
        "cdktf-coder-secrets inject: 1 written, 0 skipped, 0 failed, 1 stale removed\n",
      stderr: "",
    });
    expect(fs.existsSync(key)).toBe(false);
    expect(fs.readFileSync(token, "utf8")).toBe(CANARY);
    expect(fs.readdirSync(stateDir)).toEqual(["DEV_BOX_SECRETS.state"]);
    expect(fs.readFileSync(state, "latin1")).toMatch(new RegExp(`^cdktf-coder-secrets state 1\\n[0-9a-f]{64} ${hex(token)}\\n$`));
  });

  it("an env secret named NODE_OPTIONS is refused for the env file: exit 2, the rule named, nothing written", () => {
    const home = fs.mkdtempSync(path.join(work, "home-"));
    const envFile = path.join(work, "node-options.env");
    const r = cli(["inject", "--manifest-env", "CODER_SECRETS_TEST_MANIFEST", "--write-env-file", envFile], {
      env: injectEnv(home, manifest([[{ filePath: "~/.token" }, CANARY], [{ envName: "NODE_OPTIONS" }, `--require ${work}/evil.js`]])),
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("secret[1] env_name (env NODE_OPTIONS): the env file refuses names that change how a runtime or the shell loading it behaves");
    expect(fs.existsSync(envFile)).toBe(false);
    expect(fs.readdirSync(home)).toEqual([]);
  });
});

describe("init through the bin", () => {
  it("writes a project that installs from the tarball, synthesizes, and passes its own test", () => {
    const dir = path.join(work, "dev-box");
    const r = cli(["init", dir]);
    expect(r.status).toBe(0);

    const inDir = (command: string, args: readonly string[]) => {
      const env = childEnv();
      env.PATH = `${path.join(dir, "node_modules", ".bin")}${path.delimiter}${env.PATH ?? ""}`;
      const res = spawnSync(command, args as string[], { cwd: dir, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      return { status: res.status, out: `${res.stdout}${res.stderr}` };
    };
    const install = inDir("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", packedTarball()]);
    expect(install).toMatchObject({ status: 0 });
    const ls = inDir("npm", ["ls", "constructs", "--all", "--parseable"]);
    expect(ls.out.trim().split("\n").filter((l) => l.endsWith(`${path.sep}constructs`))).toHaveLength(1);

    const stack = path.join(dir, "cdktf.out", "stacks", "dev-box", "cdk.tf.json");
    const synth = inDir("npm", ["run", "synth"]);
    expect(synth).toMatchObject({ status: 0 });
    const json = JSON.parse(fs.readFileSync(stack, "utf8")) as { data: Record<string, unknown>; resource: Record<string, unknown>; variable: Record<string, unknown> };
    expect(Object.keys(json.data)).toEqual(["codersecrets_manifest"]);
    expect(Object.keys(json.resource).sort()).toEqual(["coder_agent", "coder_script"]);
    expect(json.variable.api_token).toMatchObject({ sensitive: true });

    // The cdktf-conventional path: cdktf-cli (the repository's devDependency; a user adds it) runs cdktf.json's app.
    fs.rmSync(path.join(dir, "cdktf.out"), { recursive: true });
    const cdktfCli = path.join(path.dirname(require.resolve("cdktf-cli/package.json")), "bundle", "bin", "cdktf");
    const cdktfSynth = inDir(process.execPath, [cdktfCli, "synth"]);
    expect(cdktfSynth).toMatchObject({ status: 0 });
    expect(fs.existsSync(stack)).toBe(true);

    const test = inDir("npm", ["test"]);
    expect(test).toMatchObject({ status: 0 });
    expect(test.out).toMatch(/Tests: +2 passed, 2 total/);
  });
});
