/**
 * The sh delivery script as text (what Coder's agent logs and shows in `ps`) and its environment transport.
 * Its behaviour is covered by the shared table (shared-table.test.ts).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { encodeManifestBase64, secret } from "../../lib/core";
import {
  deliveryScript, DeliveryScriptOptionsError, describeDeliveryScript, MAX_ENV_STRING_BYTES, readManifestEnv, splitManifestEnv,
} from "../../lib/inject";
import { secretsScript } from "../../lib/constructs/secrets-script";
import { appletPath, cleanupApplets, MANIFEST_VAR, SCRIPT, SCRIPT_COMMANDS, shEnv, tempRoot } from "./harness";

afterAll(cleanupApplets);

describe("script text", () => {
  test("has no Terraform interpolation sequences and no backquotes", () => {
    expect(SCRIPT).not.toContain("${");
    expect(SCRIPT).not.toContain("%{");
    expect(SCRIPT).not.toContain("`");
    expect(describeDeliveryScript({ manifestEnvVar: MANIFEST_VAR })).not.toMatch(/\$\{|%\{/);
  });

  test("depends only on the variable name: no value can be in it", () => {
    expect(deliveryScript({ manifestEnvVar: "X_1" })).toBe(SCRIPT.split(MANIFEST_VAR).join("X_1"));
    expect(SCRIPT.length).toBeLessThan(21000); // logged by the agent on every start: keep it small (internal comments are stripped)
  });

  test("uses only sh builtins and coreutils", () => {
    const commands = new Set(SCRIPT.match(/\b(awk|sed|python3?|perl|node|bash|dd|find|xxd|cmp|base32|printenv|grep)\b/g) ?? []);
    expect([...commands]).toEqual([]);
  });

  test("is valid POSIX sh (dash -n) and runs under bash --posix as well", () => {
    expect(spawnSync("/bin/sh", ["-n", "-c", SCRIPT]).status).toBe(0);
    const root = fs.realpathSync(tempRoot("inject-bash-"));
    try {
      const home = path.join(root, "home");
      fs.mkdirSync(home);
      const b64 = encodeManifestBase64([secret({ filePath: "~/a/../b" }, "v"), secret({ filePath: "~/b" }, "w")]);
      const r = spawnSync("bash", ["--posix", "-c", SCRIPT], { env: shEnv(b64, { home }), encoding: "utf8" });
      expect(r.status).toBe(0);
      expect(fs.readFileSync(`${home}/b`, "utf8")).toBe("w");
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test("any manifest variable name works, including the one-letter names the script once used itself", () => {
    const root = fs.realpathSync(tempRoot("inject-names-"));
    try {
      for (const name of ["W", "M", "B", "T", "k", "S", "C", "D", "u", "R", "IFS_X", "HOME_2"]) {
        const home = path.join(root, name);
        fs.mkdirSync(home);
        const b64 = encodeManifestBase64([secret({ filePath: "~/x" }, `v-${name}`), secret({ filePath: "~/y" }, "w")]);
        const r = spawnSync("/bin/sh", ["-c", deliveryScript({ manifestEnvVar: name })], { env: { PATH: "/usr/bin:/bin", HOME: home, ...splitManifestEnv(b64, name, 40) }, encoding: "utf8" });
        expect({ name, code: r.status, stderr: r.stderr }).toEqual({ name, code: 0, stderr: "" });
        expect(fs.readFileSync(`${home}/x`, "utf8")).toBe(`v-${name}`);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test("rejects a variable name in the script's own prefix", () => {
    expect(() => deliveryScript({ manifestEnvVar: "_csT" })).toThrow(/must not start with _cs/);
  });

  test("the user-secret check and the delivery run with only BusyBox applets on PATH, under set -eu", () => {
    const root = fs.realpathSync(tempRoot("inject-usercheck-"));
    try {
      const home = path.join(root, "home");
      fs.mkdirSync(home);
      const script = secretsScript({
        manifestEnvVar: MANIFEST_VAR,
        userSecrets: [{ env: "GITHUB_TOKEN", required: true, label: "(env GITHUB_TOKEN)", howToAdd: "run `coder secret create gh --env GITHUB_TOKEN`." }],
      });
      const bin = appletPath();
      const b64 = encodeManifestBase64([secret({ filePath: "~/f" }, "file-CANARY-77a1")]);
      const run = (extra: Record<string, string>) =>
        spawnSync(path.join(bin, "sh"), ["-euc", script], { env: { PATH: bin, HOME: home, [MANIFEST_VAR]: b64, ...extra }, encoding: "utf8" });
      const set = run({ GITHUB_TOKEN: "user-CANARY-5c2e" });
      expect({ code: set.status, stderr: set.stderr }).toEqual({ code: 0, stderr: "" });
      expect(fs.readFileSync(`${home}/f`, "utf8")).toBe("file-CANARY-77a1");
      const missing = run({});
      expect(missing.status).toBe(1);
      expect(missing.stderr).toMatch(/missing required user secret \(env GITHUB_TOKEN\)/);
      for (const r of [set, missing]) expect(r.stdout + r.stderr).not.toMatch(/CANARY/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test("rejects a variable name that is not a shell name", () => {
    for (const bad of ["", "1X", "A-B", "A B", "A;rm -rf /", "$X"]) {
      expect(() => deliveryScript({ manifestEnvVar: bad })).toThrow(DeliveryScriptOptionsError);
    }
    // It names the state file too: at most 128 characters, the state key rule.
    expect(() => deliveryScript({ manifestEnvVar: "A".repeat(129) })).toThrow(/state file of stale secret files: .*\^\[A-Za-z_\]\[A-Za-z0-9_\]\{0,127\}\$/);
    expect(deliveryScript({ manifestEnvVar: "A".repeat(128) })).toContain(`${"A".repeat(128)}.state`);
  });

  test("cleans up its private temp dir (with the decoded manifest) on exit", () => {
    const root = fs.realpathSync(tempRoot("inject-tmpdir-"));
    try {
      const tmp = path.join(root, "tmp");
      const home = path.join(root, "home");
      fs.mkdirSync(tmp);
      fs.mkdirSync(home);
      const b64 = encodeManifestBase64([secret({ filePath: "~/x" }, "v")]);
      for (const manifest of [b64, "!bad!"]) {
        spawnSync("/bin/sh", ["-c", SCRIPT], { env: { ...shEnv(manifest, { home }), TMPDIR: tmp } });
        expect(fs.readdirSync(tmp)).toEqual([]);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("stale files (the state file)", () => {
  const stateOf = (home: string) => `${home}/.local/state/cdktf-coder-secrets/${MANIFEST_VAR}.state`;
  const line = (p: string, content: string) => `${createHash("sha256").update(content).digest("hex")} ${Buffer.from(p).toString("hex")}\n`;

  test("without sha256sum on PATH: no state read or written, nothing removed, one warning", () => {
    const root = fs.realpathSync(tempRoot("inject-nosha-"));
    try {
      const bin = appletPath(["sha256sum"]);
      const run = (home: string, b64: string) =>
        spawnSync(path.join(bin, "sh"), ["-euc", SCRIPT], { env: { PATH: bin, HOME: home, [MANIFEST_VAR]: b64 }, encoding: "utf8" });
      const b64 = encodeManifestBase64([secret({ filePath: "~/kept" }, "value-CANARY-9d1f")]);
      const warning = "cdktf-coder-secrets: warning: stale files are not tracked: sha256sum is not available (no state file read or written)\n";

      // A state that lists a file the manifest no longer names, with its right hash: sha256sum would remove it.
      const home = path.join(root, "home");
      fs.mkdirSync(`${home}/.local/state/cdktf-coder-secrets`, { recursive: true });
      fs.writeFileSync(`${home}/old`, "old-CANARY-4e2a");
      const state = `cdktf-coder-secrets state 1\n${line(`${home}/old`, "old-CANARY-4e2a")}`;
      fs.writeFileSync(stateOf(home), state);
      const r = run(home, b64);
      expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: warning });
      expect(fs.readFileSync(`${home}/kept`, "utf8")).toBe("value-CANARY-9d1f");
      expect(fs.readFileSync(`${home}/old`, "utf8")).toBe("old-CANARY-4e2a");
      expect(fs.readFileSync(stateOf(home), "utf8")).toBe(state);

      // A first run creates no state directory.
      const fresh = path.join(root, "fresh");
      fs.mkdirSync(fresh);
      expect(run(fresh, b64).stderr).toBe(warning);
      expect(fs.readdirSync(fresh)).toEqual(["kept"]);
      expect(r.stdout + r.stderr).not.toMatch(/CANARY/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test("no value in any command's arguments: writing, hashing, keeping and removing", () => {
    // Every command the script runs is a shim that logs its arguments, then runs the real one.
    const root = fs.realpathSync(tempRoot("inject-argv-"));
    try {
      const shims = path.join(root, "shims");
      const log = path.join(root, "argv.log");
      fs.mkdirSync(shims);
      for (const name of SCRIPT_COMMANDS) {
        const real = ["/usr/bin", "/bin"].map((d) => path.join(d, name)).find((f) => fs.existsSync(f));
        expect({ name, real: real !== undefined }).toEqual({ name, real: true });
        fs.writeFileSync(path.join(shims, name), `#!/bin/sh\nprintf '%s\\n' "${name} $*" >>"$ARGLOG"\nexec ${real} "$@"\n`, { mode: 0o755 });
      }
      const home = path.join(root, "home");
      fs.mkdirSync(home);
      const run = (secrets: Parameters<typeof encodeManifestBase64>[0]) =>
        spawnSync("/bin/sh", ["-c", SCRIPT], { env: { PATH: shims, HOME: home, ARGLOG: log, [MANIFEST_VAR]: encodeManifestBase64(secrets) }, encoding: "utf8" });
      const a = secret({ filePath: "~/a" }, "a-CANARY-0b7c");
      const b = secret({ filePath: "~/dir/b" }, "b-CANARY-61fe");
      const c = secret({ filePath: "~/c" }, "c-CANARY-d35a");
      expect(run([a, b, c]).status).toBe(0);
      fs.writeFileSync(`${home}/c`, "user-CANARY-77e0");
      const second = run([a]);
      expect(second.status).toBe(0);
      expect(second.stdout).toContain(`removed stale file ${home}/dir/b`);
      expect(second.stderr).toContain(`kept ${home}/c: changed since it was written`);
      const argv = fs.readFileSync(log, "utf8");
      expect(argv.match(/^sha256sum/gm)?.length).toBe(3 + 1 + 2); // three files written, one rewritten, two candidates
      expect(argv).not.toMatch(/CANARY/);
      expect(fs.readFileSync(stateOf(home), "utf8")).not.toMatch(/CANARY/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("manifest in the environment", () => {
  test("split and joined again, chunks in order", () => {
    const text = "A".repeat(250) + "B".repeat(10);
    const vars = splitManifestEnv(text, "M", 100);
    expect(Object.keys(vars)).toEqual(["M", "M_2", "M_3"]);
    expect(readManifestEnv(vars, "M")).toBe(text);
    expect(readManifestEnv({}, "M")).toBeUndefined();
    expect(readManifestEnv({ M: "" }, "M")).toBe("");
    expect(readManifestEnv({ M: "a", M_3: "c" }, "M")).toBe("a");
  });

  test("one variable above 128 KiB cannot reach a process (E2BIG); the default split always fits", () => {
    const big = "Q".repeat(MAX_ENV_STRING_BYTES);
    const r = spawnSync("/bin/sh", ["-c", "true"], { env: { [MANIFEST_VAR]: big } });
    expect(r.error && (r.error as NodeJS.ErrnoException).code).toBe("E2BIG");
    const chunks = splitManifestEnv(big, MANIFEST_VAR);
    for (const [name, value] of Object.entries(chunks)) expect(name.length + 1 + value.length + 1).toBeLessThanOrEqual(MAX_ENV_STRING_BYTES);
    expect(spawnSync("/bin/sh", ["-c", "true"], { env: chunks }).status).toBe(0);
  });

  test("a 50 x 24 KiB manifest (the Coder per-user maximum count at the value limit) delivered split, by sh", () => {
    const root = fs.realpathSync(tempRoot("inject-big-"));
    try {
      const home = path.join(root, "home");
      fs.mkdirSync(home);
      const values = Array.from({ length: 50 }, (_, i) => Buffer.alloc(24 * 1024, `v${i}-`));
      const b64 = encodeManifestBase64(values.map((v, i) => secret({ filePath: `~/big/f${i}` }, v)));
      const r = spawnSync("/bin/sh", ["-c", SCRIPT], { env: shEnv(b64, { home, chunkChars: 120 * 1024 }), encoding: "utf8" });
      expect(r.status).toBe(0);
      values.forEach((v, i) => expect(Buffer.compare(fs.readFileSync(`${home}/big/f${i}`), v)).toBe(0));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
