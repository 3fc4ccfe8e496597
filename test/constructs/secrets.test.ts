import "cdktf/lib/testing/adapters/jest";
import { execFileSync } from "child_process";
import { TerraformVariable } from "cdktf";
import { Agent, CoderTemplate, DynamicSecret, SecretDisplay, SecretMetadata, UserSecret } from "../../lib";
import { secretsScript } from "../../lib/constructs/secrets-script";
import { Metadata } from "../../provider/generated/coder/metadata";
import { annotations, appSynth, json, synthError, template } from "./util";

const sensitiveVar = (t: CoderTemplate, name = "pw") => new TerraformVariable(t, name, { type: "string", sensitive: true }).stringValue;

describe("DynamicSecret", () => {
  test("refuses plaintext (names the construct and the unsafe alternative)", () => {
    expect(() => template((t) => new DynamicSecret(t, "s", { value: "hunter2", env: "X" }))).toThrow(
      /\[tpl\/s\] DynamicSecret value is a plain string.*Fix: .*SecretValue\.unsafeFromPlaintext/,
    );
  });

  test("needs a target", () => {
    expect(() => template((t) => new DynamicSecret(t, "s", { value: sensitiveVar(t) }))).toThrow(/needs an env target, a file target, or both/);
  });

  test.each([
    ["reserved env name", { env: "HOME" }, /HOME is a reserved environment variable name/],
    ["CODER_ prefix", { env: "CODER_AGENT_TOKEN" }, /CODER_ are reserved/],
    ["relative file path", { file: ".ssh/id" }, /file path must start with ~\/ or \//],
  ])("Coder's target rules are synth errors: %s", (_n, targets, pattern) => {
    const err = synthError(template((t) => new Agent(t, "main").addSecret(new DynamicSecret(t, "s", { value: sensitiveVar(t), ...targets }))));
    expect(err).toMatch(/DynamicSecret tpl\/s/);
    expect(err).toMatch(pattern);
    expect(err).toMatch(/Fix:/);
  });

  test("unsafeFromPlaintext wraps the literal in sensitive() and it only appears in the manifest's secret block", () => {
    const canary = "CANARY-dyn-5521";
    const s = template((t) => {
      const a = new Agent(t, "main");
      a.addSecret(DynamicSecret.unsafeFromPlaintext(t, "s", canary, { env: "TOKEN", file: "~/.token" }));
    });
    const text = appSynth(s);
    const out = JSON.parse(text);
    expect(text.split(canary).length - 1).toBe(2); // env manifest + file manifest, nowhere else
    expect(out.data.codersecrets_manifest.main_env_secrets.secret[0].value).toBe(`\${sensitive("${canary}")}`);
    for (const place of [out.resource.coder_agent, out.resource.coder_script]) expect(JSON.stringify(place)).not.toContain(canary);
  });
});

describe("UserSecret", () => {
  test("builds the exact `coder secret create` command", () => {
    template((t) => {
      expect(new UserSecret(t, "github_token", { env: "GITHUB_TOKEN" }).createCommand).toBe("coder secret create github-token --env GITHUB_TOKEN");
      expect(new UserSecret(t, "npmrc", { file: "~/.npmrc", required: false }).createCommand).toBe("coder secret create npmrc --file ~/.npmrc");
    });
  });

  test("exactly one target; names must be plain words", () => {
    expect(() => template((t) => new UserSecret(t, "x", { env: "A", file: "~/a" }))).toThrow(/exactly one of `env` and `file`/);
    expect(() => template((t) => new UserSecret(t, "x", { env: "A", name: "a b" }))).toThrow(/not a plain word/);
  });

  test("a bad env name is a synth error naming the construct", () => {
    const err = synthError(template((t) => new Agent(t, "main").addSecret(new UserSecret(t, "gh", { env: "GIT_TOKEN" }))));
    expect(err).toMatch(/UserSecret tpl\/gh: .*GIT_/);
  });

  test("start-up check: names the missing secret and the command, fails only for a required one, never prints values", () => {
    const script = secretsScript({
      userSecrets: [
        { env: "GITHUB_TOKEN", required: true, label: "(env GITHUB_TOKEN)", howToAdd: "run `coder secret create github-token --env GITHUB_TOKEN`." },
        { file: "~/.npmrc", required: false, label: "(file ~/.npmrc)", howToAdd: "run `coder secret create npmrc --file ~/.npmrc`." },
      ],
    });
    const run = (env: Record<string, string>) => {
      try {
        return { code: 0, out: execFileSync("sh", ["-c", script], { env: { PATH: process.env.PATH ?? "", HOME: "/nonexistent", ...env }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }) };
      } catch (e) {
        const err = e as { status: number; stdout: string; stderr: string };
        return { code: err.status, out: err.stdout + err.stderr };
      }
    };
    const missing = run({});
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/missing required user secret \(env GITHUB_TOKEN\)\. To add it, run `coder secret create github-token --env GITHUB_TOKEN`/);
    expect(missing.out).toMatch(/optional user secret not set: \(file ~\/\.npmrc\)/);
    const present = run({ GITHUB_TOKEN: "CANARY-user-9087" });
    expect(present.code).toBe(0);
    expect(present.out).not.toContain("CANARY-user-9087");
  });

  test("the check is part of the login-blocking secrets script", () => {
    const out = json(template((t) => new Agent(t, "main").addSecret(new UserSecret(t, "github_token", { env: "GITHUB_TOKEN" }))).stack);
    const script = out.resource.coder_script.main_secrets_script;
    expect(script).toMatchObject({ run_on_start: true, start_blocks_login: true });
    expect(script.script).toContain('[ -n "$${GITHUB_TOKEN:-}" ]');
  });

  test("legacy mode: only required secrets become coder_secret (an optional one would fail builds)", () => {
    const out = json(template((t) => {
      const a = new Agent(t, "main");
      a.addSecret(new UserSecret(t, "github_token", { env: "GITHUB_TOKEN" }));
      a.addSecret(new UserSecret(t, "npmrc", { file: "~/.npmrc", required: false }));
    }, { legacyUserSecrets: true }).stack);
    expect(Object.keys(out.data.coder_secret)).toEqual(["github_token"]);
  });
});

describe("SecretMetadata", () => {
  test("items from secrets are forced sensitive; fingerprint and target views", () => {
    const { stack } = template((t) => {
      const a = new Agent(t, "main");
      const s = new DynamicSecret(t, "db", { value: sensitiveVar(t), env: "PGPASSWORD" });
      a.addSecret(s);
      const md = new SecretMetadata(t, "md", { resourceId: a.id });
      md.addSecret("masked", s);
      md.addSecret("fp", s, { display: SecretDisplay.FINGERPRINT });
      md.addSecret("where", s, { display: SecretDisplay.TARGET });
    });
    const { Testing } = jest.requireActual("cdktf");
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Metadata, {
      item: [
        { key: "masked", sensitive: true, value: "${var.pw}" },
        { key: "fp", sensitive: true, value: '${data.codersecrets_manifest.main_env_secrets.fingerprints["env:PGPASSWORD"]}' },
        { key: "where", value: "delivered to env PGPASSWORD" },
      ],
    });
  });

  test("a fingerprint needs the secret bound to an agent first", () => {
    expect(() => template((t) => {
      const s = new DynamicSecret(t, "db", { value: sensitiveVar(t), env: "PGPASSWORD" });
      new SecretMetadata(t, "md", { resourceId: "x" }).addSecret("fp", s, { display: SecretDisplay.FINGERPRINT });
    })).toThrow(/call agent\.addSecret\(secret\) before/);
  });

  test("lists expected user secrets with their commands, no values", () => {
    const out = json(template((t) => {
      const a = new Agent(t, "main");
      const md = new SecretMetadata(t, "md", { resourceId: a.id });
      md.addUserSecrets([new UserSecret(t, "github_token", { env: "GITHUB_TOKEN" }), new UserSecret(t, "npmrc", { file: "~/.npmrc", required: false })]);
    }).stack);
    expect(out.resource.coder_metadata.md.item).toEqual([{
      key: "expected user secrets",
      value: "env GITHUB_TOKEN (required): coder secret create github-token --env GITHUB_TOKEN; file ~/.npmrc (optional): coder secret create npmrc --file ~/.npmrc < ~/.npmrc",
    }]);
  });

  test("duplicate keys throw", () => {
    expect(() => template((t) => {
      const md = new SecretMetadata(t, "md", { resourceId: "x" });
      md.addItem("a", "1");
      md.addItem("a", "2");
    })).toThrow(/metadata key "a" is used twice/);
  });

  test("agent status metadata lists names only and runs in sh", () => {
    const { stack } = template((t) => {
      const a = new Agent(t, "main");
      a.addSecret(new UserSecret(t, "github_token", { env: "GITHUB_TOKEN", required: false }));
      a.addSecretStatusMetadata();
    });
    const md = json(stack).resource.coder_agent.main.metadata[0];
    expect(md).toMatchObject({ key: "secrets", display_name: "Secrets", interval: 60 });
    const out = execFileSync("sh", ["-c", md.script], { env: { PATH: process.env.PATH ?? "", GITHUB_TOKEN: "CANARY-meta-1" }, encoding: "utf8" });
    expect(out.trim()).toBe("GITHUB_TOKEN: set");
    expect(annotations(stack, "error")).toEqual([]);
  });
});
