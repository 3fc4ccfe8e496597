/**
 * Node-injector-only behaviour: --dry-run, --write-env-file, the library API and the CLI's input handling.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Readable, Writable } from "node:stream";
import { encodeManifestBase64, ManifestSecret, secret } from "../../lib/core";
import { main } from "../../cli/main";
import { formatEnvFile, InjectInputError, injectManifest, knownHome, planInjection, shellSingleQuote } from "../../lib/inject";
import { listTree, modeOf, runNode, tempRoot } from "./harness";

const CANARY = "CANARY-node-7f3a9c";

interface Env {
  readonly root: string;
  readonly home: string;
}

let env: Env;
beforeEach(() => {
  const root = fs.realpathSync(tempRoot("inject-node-"));
  const home = path.join(root, "home");
  fs.mkdirSync(home);
  env = { root, home };
});
afterEach(() => fs.rmSync(env.root, { recursive: true, force: true }));

async function cli(args: readonly string[], stdin = "", processEnv: NodeJS.ProcessEnv = { HOME: env.home }) {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (into: Buffer[]) =>
    new Writable({
      write(c: Buffer | string, _e, cb) {
        into.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
        cb();
      },
    });
  const code = await main(["inject", ...args], { stdin: Readable.from([Buffer.from(stdin)]), stdout: sink(out), stderr: sink(err), env: processEnv });
  const stdout = Buffer.concat(out).toString();
  const stderr = Buffer.concat(err).toString();
  expect(stdout + stderr).not.toContain(CANARY);
  return { code, stdout, stderr };
}

describe("--dry-run", () => {
  test("writes nothing and says what would be written", async () => {
    fs.writeFileSync(`${env.home}/.netrc`, "old");
    fs.chmodSync(`${env.home}/.netrc`, 0o644);
    const before = listTree(env.root);
    const b64 = encodeManifestBase64([secret({ filePath: "~/.netrc" }, CANARY), secret({ filePath: "~/new/dir/f" }, CANARY)]);
    const r = await cli(["--dry-run"], b64);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`would write secret[0] (file ~/.netrc) to ${env.home}/.netrc (0600)`);
    expect(r.stdout).toContain(`would write secret[1] (file ~/new/dir/f) to ${env.home}/new/dir/f (0600)`);
    expect(r.stdout).toMatch(/2 would be written, 0 skipped, 0 failed/);
    expect(listTree(env.root)).toEqual(before);
    expect(fs.readFileSync(`${env.home}/.netrc`, "utf8")).toBe("old");
    expect(modeOf(`${env.home}/.netrc`)).toBe(0o644);
  });

  test("reports refusals and failures it would hit (exit 1), still writing nothing", async () => {
    fs.symlinkSync("/etc/hostname", `${env.home}/link`);
    fs.writeFileSync(`${env.home}/blocker`, "");
    const before = listTree(env.root);
    const b64 = encodeManifestBase64([secret({ filePath: "~/link" }, CANARY), secret({ filePath: "~/blocker/x" }, CANARY), secret({ filePath: "~/ok" }, CANARY)]);
    const r = await cli(["--dry-run"], b64);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refused secret\[0\].*symbolic link/);
    expect(r.stderr).toMatch(/failed secret\[1\].*not a directory/);
    expect(listTree(env.root)).toEqual(before);
  });

  test("bad input is still exit 2", async () => {
    const r = await cli(["--dry-run"], encodeManifestBase64([secret({ filePath: "nope" }, CANARY)]));
    expect(r.code).toBe(2);
  });
});

describe("--write-env-file", () => {
  const tricky: Record<string, string> = {
    DOLLAR: "a$b $HOME ${HOME} $(touch PWNED) `touch PWNED2` $$ $1",
    QUOTES: `it's "quoted" '' ''' "'"`,
    BACKSLASH: "back\\slash \\n \\' \\\\ end\\",
    NEWLINES: "line1\nline2\n\nline4\n",
    UNICODE: "é ☃ \u{1F512}\ttab\rcr",
    EMPTY: "",
    CANARY_VALUE: CANARY,
  };

  test("values with $, quotes, backslashes and newlines survive `set -a; . FILE` in sh byte-exact", async () => {
    const secrets = Object.entries(tricky).map(([name, v]) => secret({ envName: name }, v));
    const file = `${env.root}/secrets.env`;
    const r = await cli(["--write-env-file", file], encodeManifestBase64(secrets));
    expect(r.code).toBe(0);
    expect(modeOf(file)).toBe(0o600);
    for (const [name, expected] of Object.entries(tricky)) {
      const out = spawnSync("/bin/sh", ["-c", `set -a; . "$1"; set +a; printf %s "$${name}"`, "sh", file], { cwd: env.root, env: { PATH: "/usr/bin:/bin" } });
      expect(out.status).toBe(0);
      expect(out.stdout.toString("utf8")).toBe(expected);
      // exported, too
      const exported = spawnSync("/bin/sh", ["-c", `set -a; . "$1"; set +a; exec printenv ${name}`, "sh", file], { env: { PATH: "/usr/bin:/bin" } });
      expect(exported.stdout.toString("utf8")).toBe(`${expected}\n`);
    }
    expect(fs.existsSync(`${env.root}/PWNED`)).toBe(false);
    expect(fs.existsSync(`${env.root}/PWNED2`)).toBe(false);
  });

  test("env-file also writes file targets; the env file is 0600 and replaces a 0644 one atomically", async () => {
    const file = `${env.root}/dir/new/.env`;
    const r = await cli(["--write-env-file", file], encodeManifestBase64([secret({ envName: "A_TOKEN", filePath: "~/tok" }, CANARY)]));
    expect(r.code).toBe(0);
    expect(modeOf(path.dirname(file))).toBe(0o700);
    expect(fs.readFileSync(file, "utf8")).toContain(`A_TOKEN='${CANARY}'`);
    expect(fs.readFileSync(`${env.home}/tok`, "utf8")).toBe(CANARY);
    fs.chmodSync(file, 0o644);
    expect((await cli(["--write-env-file", file], encodeManifestBase64([secret({ envName: "A_TOKEN" }, "v2")]))).code).toBe(0);
    expect(modeOf(file)).toBe(0o600);
    expect(fs.readFileSync(file, "utf8")).toContain(`A_TOKEN='v2'`);
  });

  test("duplicate env names: warned, the later wins", async () => {
    const file = `${env.root}/e.env`;
    const r = await cli(["--write-env-file", file], encodeManifestBase64([secret({ envName: "X" }, "first"), secret({ envName: "X" }, "second")]));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/both set env X; the later one wins/);
    const out = spawnSync("/bin/sh", ["-c", `set -a; . "$1"; printf %s "$X"`, "sh", file]);
    expect(out.stdout.toString()).toBe("second");
  });

  test("an env name that is not a valid (or is a reserved) name is bad input: exit 2, nothing written", async () => {
    const file = `${env.root}/e.env`;
    for (const name of ["1BAD", "X;rm", "PATH", "LD_PRELOAD"]) {
      const r = await cli(["--write-env-file", file], encodeManifestBase64([secret({ filePath: "~/f" }, CANARY), secret({ envName: name }, CANARY)]));
      expect(r.code).toBe(2);
      expect(fs.existsSync(file)).toBe(false);
      expect(fs.existsSync(`${env.home}/f`)).toBe(false);
    }
  });

  test("a NUL in an env value fails that variable only (exit 1); the others are in the file", async () => {
    const file = `${env.root}/e.env`;
    const r = await cli(["--write-env-file", file], encodeManifestBase64([secret({ envName: "BIN" }, Uint8Array.from([65, 0, 66])), secret({ envName: "OK" }, "fine")]));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/env BIN: the value contains a NUL byte/);
    const text = fs.readFileSync(file, "utf8");
    expect(text).toContain("OK='fine'");
    expect(text).not.toContain("BIN=");
  });

  test("without --write-env-file, env entries are written nowhere", async () => {
    const r = await cli([], encodeManifestBase64([secret({ envName: "ONLY" }, CANARY)]));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 env-only secret not written/);
    expect(listTree(env.root)).toEqual(["home"]);
  });

  test("an env file path that is a symlink is refused; the link's target is untouched", async () => {
    fs.writeFileSync(`${env.root}/victim`, "keep");
    fs.symlinkSync(`${env.root}/victim`, `${env.root}/link.env`);
    const r = await cli(["--write-env-file", `${env.root}/link.env`], encodeManifestBase64([secret({ envName: "X" }, CANARY)]));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refused env file \(X\).*symbolic link/);
    expect(fs.readFileSync(`${env.root}/victim`, "utf8")).toBe("keep");
  });

  test("shellSingleQuote / formatEnvFile", () => {
    expect(Buffer.from(shellSingleQuote(Buffer.from("a'b"))).toString()).toBe(`'a'\\''b'`);
    expect(() => formatEnvFile([{ name: "X", value: Uint8Array.from([0]) }])).toThrow(/NUL/);
  });
});

describe("CLI input", () => {
  const b64 = () => encodeManifestBase64([secret({ filePath: "~/f" }, CANARY)]);

  test("stdin is the default; --manifest-file reads a file", async () => {
    expect((await cli([], b64())).code).toBe(0);
    fs.writeFileSync(`${env.root}/m.b64`, b64());
    fs.rmSync(`${env.home}/f`);
    expect((await cli(["--manifest-file", `${env.root}/m.b64`])).code).toBe(0);
    expect(fs.readFileSync(`${env.home}/f`, "utf8")).toBe(CANARY);
  });

  test("--home overrides $HOME", async () => {
    const other = `${env.root}/other`;
    fs.mkdirSync(other);
    expect((await cli(["--home", other], b64())).code).toBe(0);
    expect(fs.existsSync(`${other}/f`)).toBe(true);
    expect(fs.existsSync(`${env.home}/f`)).toBe(false);
  });

  test("usage errors and unreadable input are exit 2", async () => {
    expect((await cli(["--manifest-file", "a", "--manifest-env", "B"])).code).toBe(2);
    expect((await cli(["--bogus"])).code).toBe(2);
    expect((await cli(["positional"])).code).toBe(2);
    expect((await cli(["--manifest-file", `${env.root}/missing`])).code).toBe(2);
    expect((await cli(["--manifest-env", "NOPE"])).code).toBe(2);
    expect((await runNode("", { home: env.home, unset: true })).code).toBe(2);
  });

  test("--help prints the usage", async () => {
    const r = await cli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--write-env-file PATH/);
  });
});

describe("library API", () => {
  test("injectManifest returns per-target results without values", () => {
    fs.symlinkSync("/etc/hostname", `${env.home}/link`);
    const secrets: ManifestSecret[] = [
      secret({ filePath: "~/a" }, CANARY),
      secret({ filePath: `${env.home}/a` }, CANARY),
      secret({ filePath: "~/link" }, CANARY),
      secret({ envName: "E" }, CANARY),
    ];
    const report = injectManifest(secrets, { homeDir: env.home });
    expect(report.exitCode).toBe(1);
    expect(report.results).toEqual([
      expect.objectContaining({ index: 0, kind: "file", path: `${env.home}/a`, action: "skipped", reason: "superseded by secret[1] (same file)" }),
      expect.objectContaining({ index: 1, kind: "file", path: `${env.home}/a`, action: "written", mode: 0o600, refused: false }),
      expect.objectContaining({ index: 2, kind: "file", path: `${env.home}/link`, action: "failed", refused: true }),
    ]);
    expect(report.envOnlyNotWritten).toBe(1);
    expect(JSON.stringify(report)).not.toContain(CANARY);
  });

  test("invalid paths throw InjectInputError before anything is written", () => {
    expect(() => injectManifest([secret({ filePath: "~/ok" }, "x"), secret({ filePath: "bad" }, "y")], { homeDir: env.home })).toThrow(InjectInputError);
    expect(fs.existsSync(`${env.home}/ok`)).toBe(false);
    let thrown: unknown;
    try {
      planInjection([secret({ filePath: "bad" }, CANARY)]);
    } catch (err) {
      thrown = err;
    }
    {
      const err = thrown;
      expect(err).toBeInstanceOf(InjectInputError);
      expect((err as InjectInputError).violations[0].code).toBe("file_path.prefix");
      expect((err as Error).message).not.toContain(CANARY);
    }
  });

  test("knownHome accepts only absolute, non-empty homes", () => {
    expect(knownHome("/home/coder")).toBe("/home/coder");
    expect(knownHome("")).toBeUndefined();
    expect(knownHome("rel")).toBeUndefined();
    expect(knownHome(undefined)).toBeUndefined();
  });

  test("a restrictive umask (0277) does not change the modes: dirs 0700, files 0600", () => {
    const old = process.umask(0o277);
    try {
      const report = injectManifest([secret({ filePath: "~/x/../y/z" }, "v")], { homeDir: env.home });
      expect(report.exitCode).toBe(0);
      expect(modeOf(`${env.home}/y`)).toBe(0o700);
      expect(modeOf(`${env.home}/y/z`)).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });
});

describe("stale files: the Node CLI's state key", () => {
  const stateDir = () => `${env.home}/.local/state/cdktf-coder-secrets`;
  const two = () => encodeManifestBase64([secret({ filePath: "~/a" }, CANARY), secret({ filePath: "~/b" }, `${CANARY}-b`)]);
  const one = () => encodeManifestBase64([secret({ filePath: "~/b" }, `${CANARY}-b`)]);

  test("stdin or --manifest-file without --state-key keeps no state and says so in one line", async () => {
    const r = await cli([], two());
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("cdktf-coder-secrets inject: warning: stale files are not tracked: the manifest came from a file or stdin (name its state with --state-key KEY)\n");
    expect(fs.existsSync(`${env.home}/.local`)).toBe(false);
  });

  test("--state-key KEY with stdin: the state is KEY.state and the next run with that key removes a dropped file", async () => {
    expect((await cli(["--state-key", "MY_TEMPLATE"], two())).code).toBe(0);
    expect(listTree(stateDir())).toEqual(["MY_TEMPLATE.state"]);
    const r = await cli(["--state-key=MY_TEMPLATE"], one());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`cdktf-coder-secrets inject: removed stale file ${env.home}/a (written by an earlier run, no longer in the manifest)\n`);
    expect(r.stdout).toMatch(/1 written, 0 skipped, 0 failed, 1 stale removed\n$/);
    expect(fs.existsSync(`${env.home}/a`)).toBe(false);
  });

  test("a --manifest-env variable that is not a key rule name keeps no state (warned); --state-key fixes it", async () => {
    const r = await cli(["--manifest-env", "my-manifest"], "", { HOME: env.home, "my-manifest": two() });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning: stale files are not tracked: \"my-manifest\" is not a state key: it must match ^[A-Za-z_][A-Za-z0-9_]{0,127}$");
    expect(fs.existsSync(`${env.home}/.local`)).toBe(false);
  });

  test("a bad --state-key is a usage error (exit 2) naming the rule, before anything is read or written", async () => {
    const r = await cli(["--state-key", "a.b"], two());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cdktf-coder-secrets inject: option --state-key: "a\.b" is not a state key: it must match \^\[A-Za-z_\]\[A-Za-z0-9_\]\{0,127\}\$ /);
    expect(listTree(env.home)).toEqual([]);
  });

  test("the env file of --write-env-file is not tracked (only file secrets are)", async () => {
    const envFile = `${env.root}/secrets.env`;
    const m = encodeManifestBase64([secret({ filePath: "~/a" }, CANARY), secret({ envName: "TOKEN" }, `${CANARY}-env`)]);
    expect((await cli(["--state-key", "K", "--write-env-file", envFile], m)).code).toBe(0);
    const state = fs.readFileSync(`${stateDir()}/K.state`, "utf8");
    expect(state.split("\n")).toHaveLength(3); // header, ~/a, and the empty string after the last newline
    expect(state).not.toContain(Buffer.from(envFile).toString("hex"));
    expect(state).not.toContain(CANARY);
  });

  test("--help names --state-key", async () => {
    expect((await cli(["--help"])).stdout).toMatch(/--state-key KEY {5}name the state KEY/);
  });

  test("library: report.stale.state holds the bytes a run writes, also in a dry run (which writes nothing)", () => {
    const state = { key: "LIB_KEY", xdgStateHome: undefined };
    const secrets = [secret({ filePath: "~/a" }, CANARY)];
    const dry = injectManifest(secrets, { homeDir: env.home, dryRun: true, state });
    expect(dry.stale.state?.path).toBe(`${stateDir()}/LIB_KEY.state`);
    expect(fs.existsSync(`${env.home}/.local`)).toBe(false);
    const real = injectManifest(secrets, { homeDir: env.home, state });
    expect(Buffer.from(real.stale.state?.bytes ?? [])).toEqual(Buffer.from(dry.stale.state?.bytes ?? [1]));
    expect(fs.readFileSync(`${stateDir()}/LIB_KEY.state`)).toEqual(Buffer.from(real.stale.state?.bytes ?? []));
    // The same run again: nothing changed, nothing written.
    expect(injectManifest(secrets, { homeDir: env.home, state }).stale.state).toEqual({ path: `${stateDir()}/LIB_KEY.state`, bytes: undefined });
    expect(injectManifest(secrets, { homeDir: env.home }).stale.state).toBeUndefined();
    expect(JSON.stringify(real)).not.toContain(CANARY);
  });
});
