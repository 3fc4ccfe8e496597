/**
 * The sh delivery script as text (what Coder's agent logs and shows in `ps`) and its environment transport.
 * Its behaviour is covered by the shared table (shared-table.test.ts).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { encodeManifestBase64, secret } from "../../lib/core";
import {
  deliveryScript, DeliveryScriptOptionsError, describeDeliveryScript, MAX_ENV_STRING_BYTES, readManifestEnv, splitManifestEnv,
} from "../../lib/inject";
import { MANIFEST_VAR, SCRIPT, shEnv, tempRoot } from "./harness";

describe("script text", () => {
  test("has no Terraform interpolation sequences and no backquotes", () => {
    expect(SCRIPT).not.toContain("${");
    expect(SCRIPT).not.toContain("%{");
    expect(SCRIPT).not.toContain("`");
    expect(describeDeliveryScript({ manifestEnvVar: MANIFEST_VAR })).not.toMatch(/\$\{|%\{/);
  });

  test("depends only on the variable name: no value can be in it", () => {
    expect(deliveryScript({ manifestEnvVar: "X_1" })).toBe(SCRIPT.split(MANIFEST_VAR).join("X_1"));
    expect(SCRIPT.length).toBeLessThan(8000); // logged by the agent on every start: keep it small
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

  test("rejects a variable name that is not a shell name", () => {
    for (const bad of ["", "1X", "A-B", "A B", "A;rm -rf /", "$X"]) {
      expect(() => deliveryScript({ manifestEnvVar: bad })).toThrow(DeliveryScriptOptionsError);
    }
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
