import "cdktf/lib/testing/adapters/jest";
import { TerraformLocal, TerraformOutput, TerraformVariable } from "cdktf";
import { Agent, CoderTemplate, DynamicSecret, SecretMetadata } from "../../lib";
import { DataCoderExternalAuth } from "../../provider/generated/coder/data-coder-external-auth";
import { DataCoderParameter } from "../../provider/generated/coder/data-coder-parameter";
import { DataCoderWorkspaceOwner } from "../../provider/generated/coder/data-coder-workspace-owner";
import { Metadata } from "../../provider/generated/coder/metadata";
import { Script } from "../../provider/generated/coder/script";
import { PrivateKey } from "../../examples/generated/tls/private-key";
import { TlsProvider } from "../../examples/generated/tls/provider";
import { annotations, appSynth, json, synthError, template } from "./util";

/** Every rule: a template that must not synthesize, and what the error must say. */
describe("secret-flow check: errors fail synthesis, naming the construct path and the fix", () => {
  const owner = (t: CoderTemplate) => new DataCoderWorkspaceOwner(t, "owner");

  const cases: Array<{ name: string; build: (t: CoderTemplate) => void; expect: RegExp[] }> = [
    {
      name: "session token in a plain coder_metadata item",
      build: (t) => {
        const a = new Agent(t, "main");
        new Metadata(t, "info", { resourceId: a.id, item: [{ key: "token", value: owner(t).sessionToken }] });
      },
      expect: [/data\.coder_workspace_owner\.owner\.session_token reaches item "token" of coder_metadata\.info \(construct tpl\/info\)/, /Fix: mark the item `sensitive: true`/],
    },
    {
      name: "DynamicSecret value in SecretMetadata.addItem",
      build: (t) => {
        const a = new Agent(t, "main");
        const key = new PrivateKey(t, "key", { algorithm: "ED25519" });
        new TlsProvider(t, "tls");
        a.addSecret(new DynamicSecret(t, "k", { value: key.privateKeyPem, file: "~/k" }));
        new SecretMetadata(t, "md", { resourceId: a.id }).addItem("key", key.privateKeyPem);
      },
      expect: [/tls_private_key\.key\.private_key_pem reaches item "key" of coder_metadata\.md \(construct tpl\/md\/Default\)/],
    },
    {
      name: "coder_parameter default from a sensitive variable",
      build: (t) => {
        const v = new TerraformVariable(t, "api_key", { type: "string", sensitive: true });
        new DataCoderParameter(t, "key_param", { name: "api_key", type: "string", default: v.stringValue });
      },
      expect: [/var\.api_key reaches default of data\.coder_parameter\.key_param \(construct tpl\/key_param\)/, /Fix: parameters have no sensitive flag/],
    },
    {
      name: "external auth token in startup_script",
      build: (t) => {
        const gh = new DataCoderExternalAuth(t, "github", { id: "github" });
        new Agent(t, "main", { startupScript: `echo ${gh.accessToken} | gh auth login --with-token` });
      },
      expect: [/data\.coder_external_auth\.github\.access_token reaches startup_script of coder_agent\.main \(construct tpl\/main\/Default\)/, /Fix: deliver the secret with agent\.addSecret/],
    },
    {
      name: "ssh private key in a coder_script body",
      build: (t) => {
        const a = new Agent(t, "main");
        new Script(t, "ssh", { agentId: a.id, displayName: "ssh", runOnStart: true, script: `printf '%s' '${owner(t).sshPrivateKey}' > ~/.ssh/id` });
      },
      expect: [/ssh_private_key reaches script of coder_script\.ssh \(construct tpl\/ssh\)/],
    },
    {
      name: "manifest env map (sanctioned for env) in a script is still an error",
      build: (t) => {
        const v = new TerraformVariable(t, "pw", { type: "string", sensitive: true });
        const a = new Agent(t, "main");
        a.addSecret(new DynamicSecret(t, "pw_secret", { value: v.stringValue, env: "PW" }));
        new Script(t, "use", { agentId: a.id, displayName: "use", runOnStart: true, script: `login ${a.envSecretsManifest?.json}` });
      },
      expect: [/data\.codersecrets_manifest\.main_env_secrets\.json reaches script of coder_script\.use/],
    },
    {
      name: "agent token in a non-sensitive output",
      build: (t) => {
        new TerraformOutput(t, "token", { value: new Agent(t, "main").token });
      },
      expect: [/coder_agent\.main\.token reaches the output value of output\.token \(construct tpl\/token\)/, /Fix: set `sensitive: true`/],
    },
    {
      name: "a local built from a secret, used in an output",
      build: (t) => {
        const v = new TerraformVariable(t, "pw", { type: "string", sensitive: true });
        const l = new TerraformLocal(t, "dsn", `postgres://dev:${v.stringValue}@db/app`);
        new TerraformOutput(t, "dsn_out", { value: l.asString });
      },
      expect: [/local\.dsn reaches the output value/],
    },
    {
      name: "a DynamicSecret source that no schema marks sensitive, copied into a metadata item",
      build: (t) => {
        const v = new TerraformVariable(t, "not_marked", { type: "string" });
        const a = new Agent(t, "main");
        a.addSecret(new DynamicSecret(t, "s", { value: v.stringValue, env: "S" }));
        new SecretMetadata(t, "md", { resourceId: a.id }).addItem("s", v.stringValue);
      },
      expect: [/var\.not_marked reaches item "s"/],
    },
    {
      name: "a plaintext (unsafe) secret copied into a script",
      build: (t) => {
        const a = new Agent(t, "main");
        a.addSecret(DynamicSecret.unsafeFromPlaintext(t, "s", "CANARY-plain-7731", { env: "S" }));
        new Script(t, "x", { agentId: a.id, displayName: "x", runOnStart: true, script: "echo CANARY-plain-7731" });
      },
      expect: [/a plaintext secret value reaches script of coder_script\.x/],
    },
  ];

  test.each(cases)("$name", ({ build, expect: patterns }) => {
    const err = synthError(template(build));
    for (const p of patterns) expect(err).toMatch(p);
    expect(err).not.toMatch(/CANARY-plain-7731/);
  });
});

describe("secret-flow check: warnings", () => {
  test("a secret pasted into coder_agent.env directly warns and points to DynamicSecret", () => {
    const s = template((t) => {
      const owner = new DataCoderWorkspaceOwner(t, "owner");
      new Agent(t, "main").addEnv("CODER_SESSION", owner.sessionToken);
    });
    json(s.stack);
    const w = annotations(s.stack, "warn").join("\n");
    expect(w).toMatch(/session_token reaches env\.CODER_SESSION of coder_agent\.main \(construct tpl\/main\/Default\) directly/);
    expect(w).toMatch(/Fix: use agent\.addSecret\(new DynamicSecret/);
    expect(() => appSynth(s)).not.toThrow();
  });

  test("the sanctioned route (DynamicSecret → manifest env map) raises nothing", () => {
    const s = template((t) => {
      const v = new TerraformVariable(t, "pw", { type: "string", sensitive: true });
      new Agent(t, "main").addSecret(new DynamicSecret(t, "pw_secret", { value: v.stringValue, env: "PW", file: "~/pw" }));
      new TerraformOutput(t, "sensitive_ok", { value: v.stringValue, sensitive: true });
    });
    json(s.stack);
    expect(annotations(s.stack, "warn")).toEqual([]);
    expect(annotations(s.stack, "error")).toEqual([]);
  });
});

describe("unsafe escape hatches are explicit", () => {
  test("agent.unsafeAddPlaintextEnv keeps a secret in env without a warning", () => {
    const s = template((t) => {
      const owner = new DataCoderWorkspaceOwner(t, "owner");
      new Agent(t, "main").unsafeAddPlaintextEnv("SESSION_TOKEN", owner.sessionToken);
    });
    json(s.stack);
    expect(annotations(s.stack, "warn")).toEqual([]);
  });

  test("SecretMetadata.unsafeAddPlaintextItem shows a secret in clear without an error", () => {
    const s = template((t) => {
      const owner = new DataCoderWorkspaceOwner(t, "owner");
      const a = new Agent(t, "main");
      new SecretMetadata(t, "md", { resourceId: a.id }).unsafeAddPlaintextItem("token", owner.sessionToken);
    });
    const out = JSON.parse(appSynth(s));
    expect(out.resource.coder_metadata.md.item).toEqual([{ key: "token", sensitive: false, value: "${data.coder_workspace_owner.owner.session_token}" }]);
  });
});

describe("more sinks and hygiene", () => {
  test("a secret in a coder_app url fails synthesis", () => {
    const { App: AppResource } = jest.requireActual("../../provider/generated/coder/app");
    const s = template((t) => {
      const gh = new DataCoderExternalAuth(t, "github", { id: "github" });
      const a = new Agent(t, "main");
      new AppResource(t, "web", { agentId: a.id, slug: "web", url: `http://localhost:8080/?token=${gh.accessToken}` });
    });
    expect(synthError(s)).toMatch(/access_token reaches url of coder_app\.web \(construct tpl\/web\)/);
  });

  test("declared but unbound secrets warn", () => {
    const { UserSecret } = jest.requireActual("../../lib");
    const s = template((t) => {
      new Agent(t, "main");
      DynamicSecret.unsafeFromPlaintext(t, "orphan", "x", { env: "X" });
      new UserSecret(t, "lonely", { env: "Y" });
    });
    json(s.stack);
    const w = annotations(s.stack, "warn").join("\n");
    expect(w).toMatch(/DynamicSecret tpl\/orphan is not bound to any agent.*Fix: call agent\.addSecret/);
    expect(w).toMatch(/UserSecret tpl\/lonely is not bound to any agent/);
  });
});
