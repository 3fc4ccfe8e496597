/** The pure layers: config parsing, rule diagnostics on partly unknown config, state building, logging. */
import { fingerprint } from "../../lib/core";
import { UNKNOWN, isUnknown, CtyValue } from "../../provider/codersecrets/cty/value";
import { formatPath } from "../../provider/codersecrets/diagnostics";
import { createLogger, hclogTimestamp, levelFromEnv } from "../../provider/codersecrets/log";
import { parseManifestConfig } from "../../provider/codersecrets/manifest/config";
import { ruleDiagnostics } from "../../provider/codersecrets/manifest/rules";
import { manifestState } from "../../provider/codersecrets/manifest/state";
import { manifestConfigObject } from "../../provider/codersecrets/schema";

const cfg = (secret: CtyValue, home_dir: CtyValue = null) => manifestConfigObject<CtyValue>(secret, home_dir);
const entry = (env_name: CtyValue, file_path: CtyValue, value: CtyValue) => ({ env_name, file_path, value });
const paths = (secret: CtyValue, home: CtyValue = null) => {
  const { config, diagnostics } = parseManifestConfig(cfg(secret, home));
  return [...diagnostics, ...(config ? ruleDiagnostics(config) : [])].map((d) => `${d.severity}:${formatPath(d.attribute)}`);
};

describe("manifest config and rules on partly unknown input", () => {
  test("problems about unknown fields wait for apply; the rest is reported now", () => {
    expect(paths([entry(UNKNOWN, null, "v")])).toEqual([]); // no target yet: cannot tell
    expect(paths([entry(null, null, UNKNOWN)])).toEqual(["1:secret[0]"]); // no target is certain
    expect(paths([entry("PATH", null, UNKNOWN)])).toEqual(["1:secret[0].env_name"]);
    expect(paths([entry("OK", null, UNKNOWN), entry("OK", null, UNKNOWN)])).toEqual(["1:secret[1].env_name"]);
    expect(paths([entry(UNKNOWN, null, "v"), entry(UNKNOWN, null, "v")])).toEqual([]); // may or may not collide
    expect(paths([entry("E", null, "a$B")])).toEqual(["2:secret[0].value"]);
    expect(paths([entry("E", null, UNKNOWN)])).toEqual([]);
    expect(paths(UNKNOWN)).toEqual([]);
  });

  test("home_dir drives the collision warning and must be absolute", () => {
    const two = [entry(null, "~/a", "v"), entry(null, "/srv/me/a", "v")];
    expect(paths(two)).toEqual([]);
    expect(paths(two, "/srv/me")).toEqual(["2:secret[1].file_path"]);
    expect(paths(two, "srv")).toEqual(["1:home_dir"]);
  });

  test("type problems name the attribute, never the value", () => {
    const { diagnostics } = parseManifestConfig(cfg([entry(["SECRETVALUE"], null, 7)]));
    expect(diagnostics.map((d) => formatPath(d.attribute))).toEqual(["secret[0].env_name", "secret[0].value"]);
    expect(JSON.stringify(diagnostics)).not.toContain("SECRETVALUE");
    expect(parseManifestConfig("nope").config).toBeUndefined();
    expect(parseManifestConfig(cfg("not a list")).diagnostics.map((d) => formatPath(d.attribute))).toEqual(["secret"]);
  });
});

describe("manifest state", () => {
  const state = (secret: CtyValue) => manifestState(parseManifestConfig(cfg(secret)).config!);

  test("known: every output, config echoed", () => {
    const s = state([entry("A", null, "x"), entry(null, "~/f", "y")]);
    expect(s.env).toEqual({ A: "x" });
    expect(s.fingerprints).toEqual({ "env:A": fingerprint("x"), "file:~/f": fingerprint("y") });
    expect(s.secret).toEqual([entry("A", null, "x"), entry(null, "~/f", "y")]);
    expect(typeof s.proto_base64).toBe("string");
    expect(s.id).toMatch(/^sha256:[0-9a-f]{12}$/);
  });

  test("empty list: an empty manifest", () => {
    const s = state([]);
    expect(s.proto_base64).toBe("");
    expect(s.json).toBe("[]");
    expect(s.env).toEqual({});
  });

  test("unknown value: maps keep known keys, encoded forms are unknown", () => {
    const s = state([entry("A", null, UNKNOWN), entry("B", null, "b")]);
    expect(isUnknown(s.proto_base64)).toBe(true);
    expect(isUnknown(s.json)).toBe(true);
    expect(isUnknown(s.id)).toBe(true);
    const env = s.env as Record<string, CtyValue>;
    expect(isUnknown(env.A)).toBe(true);
    expect(env.B).toBe("b");
  });

  test("unknown target: the maps are unknown as a whole", () => {
    const s = state([entry(null, UNKNOWN, "v")]);
    expect(isUnknown(s.fingerprints)).toBe(true);
    expect(s.env).toEqual({});
  });
});

describe("logging", () => {
  test("TF_LOG_PROVIDER wins over TF_LOG; JSON and unknown values mean trace", () => {
    expect(levelFromEnv({}, "warn")).toBe("warn");
    expect(levelFromEnv({ TF_LOG: "DEBUG" }, "warn")).toBe("debug");
    expect(levelFromEnv({ TF_LOG: "DEBUG", TF_LOG_PROVIDER: "ERROR" }, "warn")).toBe("error");
    expect(levelFromEnv({ TF_LOG: "json" }, "warn")).toBe("trace");
    expect(levelFromEnv({ TF_LOG: "whatever" }, "warn")).toBe("trace");
    expect(levelFromEnv({ TF_LOG: "off" }, "warn")).toBe("off");
  });

  test("hclog JSON lines with microsecond timestamps, filtered by level", () => {
    expect(hclogTimestamp(new Date("2026-01-02T03:04:05.678Z"))).toBe("2026-01-02T03:04:05.678000Z");
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(l), "info", "codersecrets", () => new Date("2026-01-02T03:04:05.678Z"));
    log.debug("hidden");
    log.info("shown", { rpc: "ReadDataSource", "@level": "spoof" });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      "@level": "info",
      "@message": "shown",
      "@module": "codersecrets",
      "@timestamp": "2026-01-02T03:04:05.678000Z",
      rpc: "ReadDataSource",
    });
  });
});
