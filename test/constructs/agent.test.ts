import "cdktf/lib/testing/adapters/jest";
import { TerraformVariable } from "cdktf";
import { Agent, DEFAULT_MANIFEST_ENV_VAR, DynamicSecret, EnvDelivery, UserSecret } from "../../lib";
import { Agent as AgentResource } from "../../provider/generated/coder/agent";
import { Script } from "../../provider/generated/coder/script";
import { annotations, json, synthError, template } from "./util";

const secretVar = (t: import("../../lib").CoderTemplate, name = "pw") => new TerraformVariable(t, name, { type: "string", sensitive: true }).stringValue;

describe("Agent", () => {
  test("plain env lands in coder_agent.env as a reviewable map", () => {
    const { stack } = template((t) => {
      const a = new Agent(t, "main", { env: { EDITOR_THEME: "dark" } });
      a.addEnv("GIT_AUTHOR_NAME", "Ada");
    });
    const { Testing } = jest.requireActual("cdktf");
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AgentResource, {
      os: "linux", arch: "amd64", env: { [DEFAULT_MANIFEST_ENV_VAR]: "", EDITOR_THEME: "dark", GIT_AUTHOR_NAME: "Ada" },
    });
  });

  test("an invalid env name fails synthesis with the agent path, Coder's rule and a fix", () => {
    const s = template((t) => new Agent(t, "main").addEnv("1BAD-NAME", "x"));
    const err = synthError(s);
    expect(err).toMatch(/tpl\/main/);
    expect(err).toMatch(/1BAD-NAME/);
    expect(err).toMatch(/Fix:/);
  });

  test("a reserved name in plain env warns; GIT_ prefixes (templates set GIT_AUTHOR_NAME) do not", () => {
    const { stack } = template((t) => {
      const a = new Agent(t, "main");
      a.addEnv("PATH", "/opt/bin:/usr/bin");
      a.addEnv("GIT_AUTHOR_NAME", "Ada");
    });
    json(stack);
    const warnings = annotations(stack, "warn");
    expect(warnings.some((w) => /PATH is a reserved environment variable name/.test(w))).toBe(true);
    expect(warnings.some((w) => /GIT_/.test(w))).toBe(false);
  });

  test("a literal `$NAME` in env warns about the agent's os.ExpandEnv", () => {
    const { stack } = template((t) => new Agent(t, "main").addEnv("GREETING", "price $5 for $USER"));
    json(stack);
    expect(annotations(stack, "warn").join("\n")).toMatch(/Env GREETING: .*os\.ExpandEnv.*Fix: .*file target/);
  });

  test("setting one env name twice is a synth error naming both sources (not a throw at the call)", () => {
    const s = template((t) => {
      const a = new Agent(t, "main");
      a.addEnv("TOKEN", "a");
      a.addSecret(new DynamicSecret(t, "tok", { value: secretVar(t), env: "TOKEN" }));
    });
    expect(synthError(s)).toMatch(/\[tpl\/main\] Agent tpl\/main: env TOKEN is set twice \(by addEnv and by DynamicSecret tpl\/tok\).*Fix: use one env name per value/);
  });

  test("an env secret reaches coder_agent.env through the manifest's sensitive env map", () => {
    const out = json(template((t) => new Agent(t, "main").addSecret(new DynamicSecret(t, "db", { value: secretVar(t), env: "PGPASSWORD" }))).stack);
    expect(out.resource.coder_agent.main.env).toEqual({ [DEFAULT_MANIFEST_ENV_VAR]: "", PGPASSWORD: "${data.codersecrets_manifest.main_env_secrets.env.PGPASSWORD}" });
    expect(out.data.codersecrets_manifest.main_env_secrets.secret).toEqual([{ env_name: "PGPASSWORD", value: "${var.pw}" }]);
    expect(Object.keys(out.data.codersecrets_manifest)).toEqual(["main_env_secrets"]);
  });

  test("a file secret travels as one base64 manifest env var and a login-blocking script", () => {
    const { stack } = template((t) => new Agent(t, "main").addSecret(new DynamicSecret(t, "key", { value: secretVar(t), file: "~/.ssh/id_ed25519" })));
    const out = json(stack);
    expect(out.resource.coder_agent.main.env).toEqual({ [DEFAULT_MANIFEST_ENV_VAR]: "${data.codersecrets_manifest.main_file_secrets.proto_base64}" });
    expect(out.data.codersecrets_manifest.main_file_secrets.secret).toEqual([{ file_path: "~/.ssh/id_ed25519", value: "${var.pw}" }]);
    const { Testing } = jest.requireActual("cdktf");
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Script, { agent_id: "${coder_agent.main.id}", run_on_start: true, start_blocks_login: true });
  });

  test("env and file targets of one secret are split: the file manifest never repeats env values", () => {
    const out = json(template((t) => new Agent(t, "main").addSecret(new DynamicSecret(t, "db", { value: secretVar(t), env: "PGPASSWORD", file: "~/.pgpass" }))).stack);
    expect(out.data.codersecrets_manifest.main_env_secrets.secret).toEqual([{ env_name: "PGPASSWORD", value: "${var.pw}" }]);
    expect(out.data.codersecrets_manifest.main_file_secrets.secret).toEqual([{ file_path: "~/.pgpass", value: "${var.pw}" }]);
  });

  test("many file secrets: the manifest env var is chunked below Linux's 128 KiB env string limit", () => {
    const out = json(template((t) => {
      const a = new Agent(t, "main");
      for (let i = 0; i < 6; i++) a.addSecret(new DynamicSecret(t, `f${i}`, { value: secretVar(t, `v${i}`), file: `~/f${i}` }));
    }).stack);
    const env = out.resource.coder_agent.main.env;
    expect(Object.keys(env).sort()).toEqual([DEFAULT_MANIFEST_ENV_VAR, `${DEFAULT_MANIFEST_ENV_VAR}_2`]);
    expect(env[`${DEFAULT_MANIFEST_ENV_VAR}_2`]).toBe('${try(substr(data.codersecrets_manifest.main_file_secrets.proto_base64, 122880, 122880), "")}');
  });

  test("EnvDelivery.CODER_ENV: one coder_env per variable instead of the env map", () => {
    const out = json(template((t) => {
      const a = new Agent(t, "main", { envDelivery: EnvDelivery.CODER_ENV });
      a.addEnv("FOO", "bar");
      a.addSecret(new DynamicSecret(t, "db", { value: secretVar(t), env: "PGPASSWORD" }));
    }).stack);
    expect(out.resource.coder_agent.main.env).toBeUndefined();
    expect(out.resource.coder_env.main_env_foo).toMatchObject({ agent_id: "${coder_agent.main.id}", name: "FOO", value: "bar" });
    expect(out.resource.coder_env.main_env_pgpassword.value).toBe("${data.codersecrets_manifest.main_env_secrets.env.PGPASSWORD}");
  });

  test("a user secret shadowed by template env warns (the user secret silently wins)", () => {
    const { stack } = template((t) => {
      const a = new Agent(t, "main");
      a.addEnv("GITHUB_TOKEN", "placeholder");
      a.addSecret(new UserSecret(t, "github_token", { env: "GITHUB_TOKEN" }));
    });
    json(stack);
    expect(annotations(stack, "warn").join("\n")).toMatch(/template env GITHUB_TOKEN is shadowed by the user secret tpl\/github_token/);
  });

  test("two file secrets that resolve to one path warn (~/x vs /home/coder/x)", () => {
    const { stack } = template((t) => {
      const a = new Agent(t, "main");
      a.addSecret(new DynamicSecret(t, "a", { value: secretVar(t, "va"), file: "~/x" }));
      a.addSecret(new DynamicSecret(t, "b", { value: secretVar(t, "vb"), file: "/home/coder/x" }));
    });
    json(stack);
    expect(annotations(stack, "warn").join("\n")).toMatch(/DynamicSecret tpl\/b/);
  });

  test("startup script shell `${VAR}` and `%{` are escaped for Terraform; tokens inside still resolve", () => {
    const out = json(template((t) => {
      const v = new TerraformVariable(t, "region", { type: "string" });
      new Agent(t, "main", { startupScript: `echo \${HOME} %{x} ${v.stringValue}` });
    }).stack);
    expect(out.resource.coder_agent.main.startup_script).toBe("echo $${HOME} %%{x} ${var.region}");
  });

  test("the manifest env var name is reserved: one error when the manifest (empty or not) needs it, one when none does", () => {
    const clash = template((t) => {
      const a = new Agent(t, "main");
      a.addEnv(DEFAULT_MANIFEST_ENV_VAR, "x");
      a.addSecret(new DynamicSecret(t, "f", { value: secretVar(t), file: "~/f" }));
    });
    json(clash.stack);
    expect(annotations(clash.stack, "error")).toEqual([
      expect.stringMatching(/env CDKTF_CODER_SECRETS_MANIFEST is set twice \(by the file-secret manifest and by addEnv\)/),
    ]);
    const alone = template((t) => new Agent(t, "main", { removeStaleFiles: false }).addEnv(DEFAULT_MANIFEST_ENV_VAR, "x"));
    json(alone.stack);
    expect(annotations(alone.stack, "error")).toEqual([expect.stringMatching(/env CDKTF_CODER_SECRETS_MANIFEST is reserved for the file-secret manifest/)]);
  });
});
