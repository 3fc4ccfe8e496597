/**
 * An Agent whose template dropped its last file secret still cleans up (README.md: "Stale secret files"): the manifest
 * env var is set to "" and the secrets script runs the delivery, which removes the files an earlier version wrote.
 * `removeStaleFiles: false` leaves that out, and fails synthesis beside a file secret.
 */
import "cdktf/lib/testing/adapters/jest";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformVariable } from "cdktf";
import { Agent, CoderTemplate, DEFAULT_MANIFEST_ENV_VAR, DynamicSecret, EnvDelivery, UserSecret } from "../../lib";
import { encodeManifestBase64, secret } from "../../lib/core";
import { escapeTerraformTemplate } from "../../lib/constructs/escape";
import { literalText } from "../../lib/constructs/secret-flow";
import { deliveryScript } from "../../lib/inject/delivery-script";
import { annotations, appSynth, json, synthError, template } from "./util";

const secretVar = (t: CoderTemplate, name: string) => new TerraformVariable(t, name, { type: "string", sensitive: true }).stringValue;
const DELIVERY = escapeTerraformTemplate(deliveryScript({ manifestEnvVar: DEFAULT_MANIFEST_ENV_VAR })).trimEnd();

describe("an Agent without file secrets (removeStaleFiles, default true)", () => {
  test("the manifest env var is the literal \"\" and the secrets script runs the delivery; no codersecrets data source or provider", () => {
    const s = template((t) => {
      const a = new Agent(t, "main", { env: { EDITOR_THEME: "dark" } });
      a.addSecret(new DynamicSecret(t, "db", { value: secretVar(t, "pw"), env: "PGPASSWORD" }));
    });
    const out = json(s.stack);
    expect(out.resource.coder_agent.main.env).toEqual({
      [DEFAULT_MANIFEST_ENV_VAR]: "",
      EDITOR_THEME: "dark",
      PGPASSWORD: "${data.codersecrets_manifest.main_env_secrets.env.PGPASSWORD}",
    });
    expect(Object.keys(out.data.codersecrets_manifest)).toEqual(["main_env_secrets"]);
    expect(out.resource.coder_script.main_secrets_script).toMatchObject({ agent_id: "${coder_agent.main.id}", run_on_start: true, start_blocks_login: true });
    expect(out.resource.coder_script.main_secrets_script.script).toContain(DELIVERY);
    expect(s.stack.node.findChild("main")).toBeInstanceOf(Agent);
    expect((s.stack.node.findChild("main") as Agent).secretsScript).toBeDefined();
  });

  test("a template with no secret at all needs no bridge provider: only coder/coder is required", () => {
    const s = template((t) => new Agent(t, "main"));
    const out = JSON.parse(appSynth(s));
    expect(Object.keys(out.terraform.required_providers)).toEqual(["coder"]);
    expect(out.provider.codersecrets).toBeUndefined();
    expect(out.data?.codersecrets_manifest).toBeUndefined();
    expect(out.resource.coder_agent.main.env).toEqual({ [DEFAULT_MANIFEST_ENV_VAR]: "" });
    expect(out.resource.coder_script.main_secrets_script.script).toContain(DELIVERY);
    expect([...annotations(s.stack, "warn"), ...annotations(s.stack, "error")]).toEqual([]);
  });

  test("EnvDelivery.CODER_ENV: a coder_env with the value \"\"; a custom manifestEnvVar names the variable and the script's", () => {
    const out = json(template((t) => new Agent(t, "main", { envDelivery: EnvDelivery.CODER_ENV, manifestEnvVar: "MY_MANIFEST" })).stack);
    expect(out.resource.coder_agent.main.env).toBeUndefined();
    expect(out.resource.coder_env.main_env_my_manifest).toMatchObject({ agent_id: "${coder_agent.main.id}", name: "MY_MANIFEST", value: "" });
    expect(out.resource.coder_script.main_secrets_script.script).toContain(escapeTerraformTemplate(deliveryScript({ manifestEnvVar: "MY_MANIFEST" })).trimEnd());
  });

  test("an expected user secret: one script, the delivery and then the check", () => {
    const out = json(template((t) => new Agent(t, "main").addSecret(new UserSecret(t, "gh", { env: "GITHUB_TOKEN" }))).stack);
    const script: string = out.resource.coder_script.main_secrets_script.script;
    expect(script).toContain(DELIVERY);
    expect(script.indexOf(DELIVERY)).toBeLessThan(script.indexOf("GITHUB_TOKEN"));
    expect(Object.keys(out.resource.coder_script)).toEqual(["main_secrets_script"]);
  });

  test("the manifest env var stays reserved: set by addEnv it is an env conflict (an error naming both)", () => {
    const s = template((t) => new Agent(t, "main").addEnv(DEFAULT_MANIFEST_ENV_VAR, "x"));
    json(s.stack);
    expect(annotations(s.stack, "error")).toEqual([expect.stringMatching(/env CDKTF_CODER_SECRETS_MANIFEST is set twice \(by the file-secret manifest and by addEnv\).*Fix:/)]);
  });

  test("a file secret bound later replaces the empty manifest: one variable, the file manifest's proto_base64", () => {
    const out = json(template((t) => {
      const a = new Agent(t, "main");
      a.addEnv("FIRST", "1");
      a.addSecret(new DynamicSecret(t, "key", { value: secretVar(t, "k"), file: "~/.ssh/id_test" }));
      a.addEnv("LAST", "2");
    }).stack);
    const env = out.resource.coder_agent.main.env;
    expect(Object.keys(env).sort()).toEqual([DEFAULT_MANIFEST_ENV_VAR, "FIRST", "LAST"]);
    expect(env[DEFAULT_MANIFEST_ENV_VAR]).toBe("${data.codersecrets_manifest.main_file_secrets.proto_base64}");
    expect(Object.keys(out.resource.coder_script)).toEqual(["main_secrets_script"]);
  });
});

describe("removeStaleFiles: false", () => {
  test("no file secret: no manifest variable, and no script unless a user secret is expected (as before the option)", () => {
    const plain = json(template((t) => new Agent(t, "main", { removeStaleFiles: false, env: { A: "1" } })).stack);
    expect(plain.resource.coder_agent.main.env).toEqual({ A: "1" });
    expect(plain.resource.coder_script).toBeUndefined();
    const withUser = json(template((t) => new Agent(t, "main", { removeStaleFiles: false }).addSecret(new UserSecret(t, "gh", { env: "GITHUB_TOKEN" }))).stack);
    expect(withUser.resource.coder_agent.main.env).toBeUndefined();
    expect(withUser.resource.coder_script.main_secrets_script.script).toContain("GITHUB_TOKEN");
    expect(withUser.resource.coder_script.main_secrets_script.script).not.toContain("_csD=");
  });

  test("the manifest variable name set by addEnv is the reserved-name error", () => {
    const s = template((t) => new Agent(t, "main", { removeStaleFiles: false }).addEnv(DEFAULT_MANIFEST_ENV_VAR, "x"));
    json(s.stack);
    expect(annotations(s.stack, "error")).toEqual([expect.stringMatching(/env CDKTF_CODER_SECRETS_MANIFEST is reserved for the file-secret manifest/)]);
  });

  test("beside a file secret it fails synthesis, naming the agent, the prop, the secret, the rule and the fix", () => {
    const s = template((t) => {
      const a = new Agent(t, "main", { removeStaleFiles: false });
      a.addSecret(new DynamicSecret(t, "db", { value: secretVar(t, "pw"), env: "PGPASSWORD" }));
      a.addSecret(new DynamicSecret(t, "key", { value: secretVar(t, "k"), file: "~/.ssh/id_test" }));
    });
    expect(synthError(s)).toContain(
      "[tpl/main] Agent tpl/main: removeStaleFiles is false, but DynamicSecret tpl/key (file ~/.ssh/id_test) delivers a file; the delivery of file secrets always removes the files an earlier run wrote that the manifest no longer holds. Fix: drop removeStaleFiles: false (it only leaves the clean-up out of an agent without file secrets)",
    );
    expect(annotations(s.stack, "error")).toHaveLength(1);
  });

  test("beside the owner's SSH key (bound by its constructor): the same error, naming both key files", () => {
    const s = template((t) => new Agent(t, "main", { removeStaleFiles: false }).addOwnerSshKey());
    expect(synthError(s)).toMatch(/removeStaleFiles is false, but DynamicSecret tpl\/main\/owner_ssh_key\/private_key \(file ~\/\.ssh\/id_ed25519\), \S+ tpl\/main\/owner_ssh_key\/public_key \(file ~\/\.ssh\/id_ed25519\.pub\) deliver files;.*Fix: drop removeStaleFiles: false/);
  });
});

describe("in the workspace: dropping the last file secret removes the files the earlier version wrote", () => {
  const TOKEN = "CANARY-agent-stale-token-Jm40";
  const KEY = "CANARY-agent-stale-key-Rt93";

  /** The template: two file secrets, or (dropped) none; the env secret stays. */
  const build = (delivery: EnvDelivery, withFiles: boolean) => (t: CoderTemplate) => {
    const a = new Agent(t, "main", { envDelivery: delivery });
    a.addSecret(new DynamicSecret(t, "db", { value: secretVar(t, "pw"), env: "PGPASSWORD" }));
    if (withFiles) {
      a.addSecret(new DynamicSecret(t, "token", { value: secretVar(t, "token_value"), file: "~/.config/app/token" }));
      a.addSecret(new DynamicSecret(t, "key", { value: secretVar(t, "key_value"), file: "~/.ssh/id_test" }));
    }
  };

  /** What the agent gets for the manifest variable at apply: the file manifest with the variables' values, or the literal. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function manifestEnvOf(out: any, delivery: EnvDelivery): string {
    const raw: string = delivery === EnvDelivery.AGENT_ENV ? out.resource.coder_agent.main.env[DEFAULT_MANIFEST_ENV_VAR] : out.resource.coder_env.main_env_cdktf_coder_secrets_manifest.value;
    if (raw !== "${data.codersecrets_manifest.main_file_secrets.proto_base64}") return raw;
    const values: Record<string, string> = { "${var.token_value}": TOKEN, "${var.key_value}": KEY };
    const entries = (out.data.codersecrets_manifest.main_file_secrets.secret as Array<{ file_path: string; value: string }>).map((e) => secret({ filePath: e.file_path }, values[e.value]));
    return encodeManifestBase64(entries);
  }

  test.each([EnvDelivery.AGENT_ENV, EnvDelivery.CODER_ENV])("%s: the unchanged file goes, the one the user changed stays", (delivery) => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "agent-stale-"));
    try {
      const home = path.join(work, "home");
      fs.mkdirSync(home, { mode: 0o700 });
      const runScript = (withFiles: boolean) => {
        const out = json(template(build(delivery, withFiles)).stack);
        const script = out.resource.coder_script?.main_secrets_script?.script;
        expect(typeof script).toBe("string");
        const r = spawnSync("/bin/sh", ["-c", literalText(script)], {
          env: { PATH: process.env.PATH, HOME: home, [DEFAULT_MANIFEST_ENV_VAR]: manifestEnvOf(out, delivery) },
          encoding: "utf8",
          timeout: 60_000,
        });
        for (const text of [r.stdout, r.stderr]) for (const v of [TOKEN, KEY]) expect(text).not.toContain(v);
        return r;
      };
      const first = runScript(true);
      expect([first.status, first.stderr]).toEqual([0, expect.any(String)]);
      expect(fs.readFileSync(path.join(home, ".config/app/token"), "utf8")).toBe(TOKEN);
      expect(fs.readFileSync(path.join(home, ".ssh/id_test"), "utf8")).toBe(KEY);
      fs.writeFileSync(path.join(home, ".ssh/id_test"), "the user's own key now\n");

      const second = runScript(false);
      expect([second.status, second.stderr]).toEqual([0, expect.stringContaining(`kept ${home}/.ssh/id_test: changed since it was written`)]);
      expect(second.stdout).toContain(`removed stale file ${home}/.config/app/token`);
      expect(fs.existsSync(path.join(home, ".config/app/token"))).toBe(false);
      expect(fs.readFileSync(path.join(home, ".ssh/id_test"), "utf8")).toBe("the user's own key now\n");
      const state = fs.readFileSync(path.join(home, ".local/state/cdktf-coder-secrets", `${DEFAULT_MANIFEST_ENV_VAR}.state`), "utf8");
      expect(state).toBe("cdktf-coder-secrets state 1\n");
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  test("the template without file secrets synthesizes with no finding (the \"\" passes the secret-flow and env checks)", () => {
    const s = template(build(EnvDelivery.AGENT_ENV, false));
    expect(() => appSynth(s)).not.toThrow();
    expect(annotations(s.stack, "error")).toEqual([]);
    expect(annotations(s.stack, "warn")).toEqual([]);
  });
});
