import {
  checkEnvName, checkFilePath, checkSecrets, checkValue, assertValidSecrets, LIMITS, RESERVED_ENV_NAMES, secret,
  SecretRuleViolation, SecretValidationError,
} from "../../lib/core";
import { violationDiagnostic } from "../../provider/codersecrets/manifest/rules";

const codes = (ps: SecretRuleViolation[]) => ps.map((p) => p.code);

describe("checkEnvName (codersdk UserSecretEnvNameValid)", () => {
  const table: [string, string | undefined][] = [
    ["GITHUB_TOKEN", undefined],
    ["github_token", undefined],
    ["_FOO", undefined],
    ["A", undefined],
    ["A1B2", undefined],
    ["", undefined],
    ["A".repeat(256), undefined],
    ["A".repeat(257), "env_name.too_long"],
    ["1FOO", "env_name.syntax"],
    ["FOO-BAR", "env_name.syntax"],
    ["FOO.BAR", "env_name.syntax"],
    ["FOO BAR", "env_name.syntax"],
    ["TOKÉN", "env_name.syntax"],
    ["TOKEN\u0000", "env_name.syntax"],
    ["PATH", "env_name.reserved"],
    ["path", "env_name.reserved"],
    ["Home", "env_name.reserved"],
    ["xdg_state_home", "env_name.reserved"],
    ["CODER", "env_name.coder_reserved"],
    ["coder_agent_token", "env_name.coder_reserved"],
    ["CODERX", undefined],
    ["GIT_ASKPASS", "env_name.reserved_prefix"],
    ["git_author_name", "env_name.reserved_prefix"],
    ["LC_ALL", "env_name.reserved_prefix"],
    ["LD_PRELOAD", "env_name.reserved_prefix"],
    ["dyld_insert_libraries", "env_name.reserved_prefix"],
    ["GITHUB", undefined],
    ["LDAP_PASSWORD", undefined],
  ];
  it.each(table)("%j -> %s", (name, code) => {
    expect(codes(checkEnvName(name))).toEqual(code ? [code] : []);
  });

  it("covers every reserved name, case-insensitively, with Coder's message", () => {
    expect(RESERVED_ENV_NAMES.size).toBe(31);
    for (const name of RESERVED_ENV_NAMES) {
      const [p] = checkEnvName(name.toLowerCase());
      expect(p.code).toBe("env_name.reserved");
      expect(p.coderMessage).toBe(`${name} is a reserved environment variable name`);
    }
  });

  it("uses Coder's wording and names field, target and fix", () => {
    const [p] = checkEnvName("1BAD");
    expect(p.field).toBe("env_name");
    expect(p.target).toBe("env 1BAD");
    expect(p.coderMessage).toBe("must start with a letter or underscore, followed by letters, digits, or underscores");
    expect(p.fix).toMatch(/A-Z/);
    expect(p.message).toContain("Fix:");
    expect(checkEnvName("A".repeat(257))[0].coderMessage).toBe("environment variable name must not exceed 256 bytes");
    expect(checkEnvName("CODER_X")[0].coderMessage).toBe("environment variable names starting with CODER_ are reserved for internal use");
    expect(checkEnvName("LC_X")[0].coderMessage).toBe("environment variables starting with LC_ are reserved");
  });
});

describe("checkFilePath (codersdk UserSecretFilePathValid)", () => {
  const table: [string, string | undefined][] = [
    ["", undefined],
    ["~/.ssh/id_ed25519", undefined],
    ["/etc/app/token", undefined],
    ["/", undefined],
    ["~/", undefined],
    ["relative/x", "file_path.prefix"],
    ["./x", "file_path.prefix"],
    ["~", "file_path.prefix"],
    ["~alice/.npmrc", "file_path.user_home"],
    ["~/a\u0000b", "file_path.nul"],
    ["/" + "a".repeat(4095), undefined],
    ["/" + "a".repeat(4096), "file_path.too_long"],
    ["/" + "é".repeat(2048), "file_path.too_long"], // 4097 bytes, 2049 characters
    ["~/ünïcode/ключ", undefined],
    ["~/../etc/x", "file_path.dot_segments"],
    ["/a/./b", "file_path.dot_segments"],
  ];
  it.each(table)("%j -> %s", (p, code) => {
    expect(codes(checkFilePath(p))).toEqual(code ? [code] : []);
  });

  it.each([
    [".ssh/id_ed25519", "~/.ssh/id_ed25519"],
    ["./.ssh/id_ed25519", "~/.ssh/id_ed25519"],
    ["././x", "~/x"],
    [".config/app/token", "~/.config/app/token"],
    ["relative/x", "~/relative/x"],
    ["~", "~/FILE"],
    ["./", "~/FILE"],
    ["a\nb", "~/a\\x0ab"],
  ])("the fix for relative %j suggests %s (a leading dot of a name stays)", (p, suggestion) => {
    const [v] = checkFilePath(p);
    expect(v.code).toBe("file_path.prefix");
    expect(v.fix).toBe(`make it home-relative (${suggestion}) or absolute`);
  });

  it("the provider's plan-time diagnostic carries the same suggestion", () => {
    const [v] = checkSecrets([secret({ filePath: ".ssh/id_ed25519" }, "CANARY-rel-5521")]);
    const d = violationDiagnostic(v);
    expect(d.detail).toContain("make it home-relative (~/.ssh/id_ed25519) or absolute");
    expect(d.detail).not.toContain("~/ssh/");
    expect(JSON.stringify(d)).not.toContain("CANARY-rel-5521");
  });

  it("dot segments are a warning that shows where the file lands", () => {
    const [p] = checkFilePath("~/../../etc/cron.d/x");
    expect(p.severity).toBe("warning");
    expect(p.coderMessage).toContain("/etc/cron.d/x");
  });
});

describe("checkValue", () => {
  const t = { envName: "X" };
  it("allows exactly 24 KiB and rejects one byte more", () => {
    expect(checkValue(new Uint8Array(LIMITS.valueMaxBytes), t)).toEqual([]);
    expect(codes(checkValue(new Uint8Array(LIMITS.valueMaxBytes + 1), t))).toEqual(["value.too_large"]);
  });
  it("rejects NUL only for user secrets", () => {
    expect(checkValue(new Uint8Array([1, 0, 2]), t)).toEqual([]);
    expect(codes(checkValue(new Uint8Array([1, 0, 2]), t, { userSecret: true }))).toEqual(["value.nul"]);
  });
});

describe("checkSecrets (a set)", () => {
  it("accepts 50 secrets of 4 KiB and reports all set problems at once", () => {
    const ok = Array.from({ length: 50 }, (_, i) => secret({ filePath: `~/s/${i}` }, new Uint8Array(4096)));
    expect(checkSecrets(ok)).toEqual([]);
    const tooMany = Array.from({ length: 51 }, (_, i) => secret({ filePath: `~/s/${i}`, envName: `S${i}` }, new Uint8Array(4096)));
    expect(codes(checkSecrets(tooMany)).sort()).toEqual(["set.count", "set.env_bytes", "set.total_bytes"]);
  });

  it("200 KiB total is allowed, one byte more is not", () => {
    const full = Array.from({ length: 8 }, (_, i) => secret({ filePath: `/s/${i}` }, new Uint8Array(LIMITS.valueMaxBytes)));
    const rest = LIMITS.totalValueMaxBytes - 8 * LIMITS.valueMaxBytes;
    expect(checkSecrets([...full, secret({ filePath: "/s/last" }, new Uint8Array(rest))])).toEqual([]);
    expect(codes(checkSecrets([...full, secret({ filePath: "/s/last" }, new Uint8Array(rest + 1))]))).toEqual(["set.total_bytes"]);
  });

  it("env budget counts only env-targeted values", () => {
    const s = [secret({ envName: "A" }, new Uint8Array(12 * 1024)), secret({ envName: "B" }, new Uint8Array(12 * 1024))];
    expect(checkSecrets(s)).toEqual([]);
    expect(codes(checkSecrets([...s, secret({ envName: "C" }, "x")]))).toEqual(["set.env_bytes"]);
    expect(checkSecrets([...s, secret({ filePath: "/c" }, "x")])).toEqual([]);
  });

  it("reports duplicates, missing targets and collisions with indexes", () => {
    const problems = checkSecrets([
      secret({ envName: "TOKEN", filePath: "~/.token" }, "a"),
      secret({ envName: "TOKEN" }, "b"),
      secret({ filePath: "~/.token" }, "c"),
      secret({ filePath: "/home/coder/.token" }, "d"),
      secret({}, "e"),
    ]);
    expect(problems.map((p) => [p.code, p.index, p.severity])).toEqual([
      ["set.duplicate_env", 1, "error"],
      ["set.duplicate_file", 2, "error"],
      ["set.path_collision", 3, "warning"],
      ["secret.no_target", 4, "error"],
    ]);
  });

  it("collision detection uses the given home", () => {
    const s = [secret({ filePath: "~/x" }, "a"), secret({ filePath: "/root/x" }, "b")];
    expect(checkSecrets(s)).toEqual([]);
    expect(codes(checkSecrets(s, { homeDir: "/root" }))).toEqual(["set.path_collision"]);
  });

  it("warns about `$` in env values unless the secrets are user secrets (delivered raw)", () => {
    const s = [secret({ envName: "PW" }, "pa$word"), secret({ envName: "OK" }, "cost: 5 $"), secret({ filePath: "~/f" }, "$HOME")];
    expect(checkSecrets(s).map((p) => [p.code, p.index])).toEqual([["env.dollar_expansion", 0]]);
    expect(checkSecrets(s, { userSecrets: true })).toEqual([]);
  });

  it("targetsOnly skips value rules (values unknown at synth time)", () => {
    expect(checkSecrets([secret({ envName: "A" }, new Uint8Array(LIMITS.valueMaxBytes + 1))], { targetsOnly: true })).toEqual([]);
  });

  it("assertValidSecrets throws one error listing every problem, and returns warnings", () => {
    expect(() => assertValidSecrets([secret({ envName: "PATH" }, "a"), secret({ filePath: "x" }, "b")])).toThrow(SecretValidationError);
    try {
      assertValidSecrets([secret({ envName: "PATH" }, "a"), secret({ filePath: "x" }, "b")]);
    } catch (e) {
      expect((e as SecretValidationError).problems.map((p) => p.code)).toEqual(["env_name.reserved", "file_path.prefix"]);
      expect((e as Error).message).toMatch(/2 problems/);
    }
    expect(assertValidSecrets([secret({ envName: "A" }, "$X")]).map((p) => p.code)).toEqual(["env.dollar_expansion"]);
  });
});

describe("canary: no message carries a value", () => {
  it("never includes the secret value in any violation", () => {
    const canary = "CANARY-5b1f0c77-d2e4";
    const values = [
      `${canary}$HOME`, canary + "\u0000", canary.repeat(2000),
    ];
    const secrets = [
      secret({ envName: "PATH", filePath: "rel" }, values[0]),
      secret({ envName: "X", filePath: "~/x" }, values[1]),
      secret({ envName: "X", filePath: "/home/coder/x" }, values[2]),
      ...Array.from({ length: 50 }, (_, i) => secret({ envName: `E${i}` }, canary)),
    ];
    const problems = [...checkSecrets(secrets), ...checkSecrets(secrets, { userSecrets: true })];
    expect(problems.length).toBeGreaterThan(5);
    for (const p of problems) {
      expect(`${p.message} ${p.target} ${p.fix} ${p.coderMessage}`).not.toContain("CANARY");
    }
    try {
      assertValidSecrets(secrets);
      throw new Error("expected a validation error");
    } catch (e) {
      expect(String(e)).not.toContain("CANARY");
    }
  });
});
