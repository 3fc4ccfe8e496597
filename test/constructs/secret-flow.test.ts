import "cdktf/lib/testing/adapters/jest";
import { DataResource, Fn, TerraformDataSource, TerraformLocal, TerraformOutput, TerraformResource, TerraformVariable, Testing, Token } from "cdktf";
import { Construct } from "constructs";
import { Agent, CoderConstructError, CoderTemplate, DynamicSecret, SecretMetadata, SensitiveAttributes } from "../../lib";
import { traversals } from "../../lib/constructs/secret-flow";
import { App as AppResource } from "../../provider/generated/coder/app";
import { Container } from "../../examples/generated/docker/container";
import { DockerProvider } from "../../examples/generated/docker/provider";
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
  test("a template inside a string literal inside an expression is read as code", () => {
    expect(traversals('lookup({v = "pre-${random_password.db.result}"}, "v")').map((t) => t.text)).toEqual(["random_password.db.result"]);
    expect(traversals('"$${not.a_ref}"').map((t) => t.text)).toEqual([]);
  });

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

describe("secret-flow check follows a secret through resources and data sources", () => {
  const owner = (t: CoderTemplate) => new DataCoderWorkspaceOwner(t, "owner");
  const script = (t: CoderTemplate, a: Agent, id: string, text: string) => new Script(t, id, { agentId: a.id, displayName: id, runOnStart: true, script: text });
  const item = (t: CoderTemplate, a: Agent, id: string, key: string, value: string) => new Metadata(t, id, { resourceId: a.id, item: [{ key, value }] });

  test("a DataResource (terraform_data) copy of a secret reaching a coder_script fails synthesis", () => {
    const s = template((t) => {
      const copy = new DataResource(t, "copy", { input: { v: owner(t).sessionToken } });
      script(t, new Agent(t, "main"), "leak", `login ${copy.getStringAttribute("output.v")}`);
    });
    const err = synthError(s);
    expect(err).toMatch(/terraform_data\.copy\.output reaches script of coder_script\.leak \(construct tpl\/leak\)/);
    expect(err).toMatch(/Fix: deliver the secret with agent\.addSecret/);
  });

  test("terraform_data: `input` holding the secret and `output` carry it; `id` does not", () => {
    const s = template((t) => {
      const copy = new DataResource(t, "copy", { input: { v: owner(t).sessionToken } });
      new TerraformOutput(t, "in", { value: copy.input });
      new TerraformOutput(t, "out", { value: copy.output });
      new TerraformOutput(t, "ident", { value: copy.id });
    });
    const err = synthError(s);
    expect(err).toMatch(/terraform_data\.copy\.input reaches the output value of output\.in \(construct tpl\/in\)/);
    expect(err).toMatch(/terraform_data\.copy\.output reaches the output value of output\.out \(construct tpl\/out\)/);
    expect(err).not.toMatch(/output\.ident/);
  });

  test("a configured attribute carries only what its own value holds", () => {
    const s = template((t) => {
      // The secret is in triggers_replace; input is a literal, so reading input back is clean, output is not.
      const d = new DataResource(t, "d", { input: { v: "public" }, triggersReplace: [owner(t).sessionToken] });
      const a = new Agent(t, "main");
      item(t, a, "clean", "input", Token.asString(d.input));
      item(t, a, "dirty", "output", Token.asString(d.output));
    });
    const err = synthError(s);
    expect(err).toMatch(/terraform_data\.d\.output reaches item "output" of coder_metadata\.dirty/);
    expect(err).not.toMatch(/coder_metadata\.clean/);
  });

  test("a chain (secret → local → terraform_data → terraform_data → metadata) is followed to the end", () => {
    const s = template((t) => {
      const v = new TerraformVariable(t, "pw", { type: "string", sensitive: true });
      const l = new TerraformLocal(t, "dsn", `postgres://u:${v.stringValue}@db/app`);
      const first = new DataResource(t, "first", { input: { v: l.asString } });
      const second = new DataResource(t, "second", { input: { nested: first.output } });
      item(t, new Agent(t, "main"), "md", "dsn", Token.asString(second.output));
    });
    expect(synthError(s)).toMatch(/terraform_data\.second\.output reaches item "dsn" of coder_metadata\.md \(construct tpl\/md\)/);
  });

  test("a data source whose inputs hold a secret: its computed attributes carry it, its clean inputs do not", () => {
    const s = template((t) => {
      const api = new TerraformDataSource(t, "api", { terraformResourceType: "http" });
      api.addOverride("url", "https://api.example.com/me");
      api.addOverride("request_headers", { Authorization: `Bearer ${owner(t).sessionToken}` });
      const a = new Agent(t, "main");
      new AppResource(t, "web", { agentId: a.id, slug: "web", url: `http://localhost/?me=${api.getStringAttribute("response_body")}` });
      item(t, a, "md", "endpoint", api.getStringAttribute("url"));
    });
    const err = synthError(s);
    expect(err).toMatch(/data\.http\.api\.response_body reaches url of coder_app\.web \(construct tpl\/web\)/);
    expect(err).not.toMatch(/coder_metadata\.md/);
  });

  test("a generated binding (docker Container): env holding a secret is followed, name and network_data are not", () => {
    const s = template((t) => {
      const a = new Agent(t, "main");
      new DockerProvider(t, "docker");
      const c = new Container(t, "ws", { image: "codercom/enterprise-base:ubuntu", name: "ws", env: [`CODER_AGENT_TOKEN=${a.token}`] });
      script(t, a, "dump", `echo ${Fn.join(",", c.env)}`);
      item(t, a, "md", "name", c.name);
      item(t, a, "net", "ip", Token.asString(c.getListAttribute("network_data")));
    });
    const err = synthError(s);
    expect(err).toMatch(/docker_container\.ws\.env reaches script of coder_script\.dump \(construct tpl\/dump\)/);
    expect(err).not.toMatch(/coder_metadata\.md|coder_metadata\.net/);
  });

  test("the usual template shape (agent token into a container, container id into metadata) raises nothing", () => {
    const s = template((t) => {
      const a = new Agent(t, "main");
      const c = new Container(t, "ws", { image: "img", name: "ws", env: [`CODER_AGENT_TOKEN=${a.token}`], entrypoint: ["sh", "-c", a.resource.initScript] });
      new Metadata(t, "info", { resourceId: c.id, item: [{ key: "image", value: c.image }] });
    });
    json(s.stack);
    expect(annotations(s.stack, "error")).toEqual([]);
    expect(annotations(s.stack, "warn")).toEqual([]);
  });
});

describe("other providers' secrets (the committed sensitivity table)", () => {
  const randomPassword = (t: CoderTemplate) => {
    const r = new TerraformResource(t, "db", { terraformResourceType: "random_password" });
    r.addOverride("length", 24);
    return r.getStringAttribute("result");
  };

  test("random_password.result in plain metadata and in an output fails synthesis; in addEnv it warns", () => {
    const s = template((t) => {
      const a = new Agent(t, "main");
      const pw = randomPassword(t);
      item0(t, a, pw);
      new TerraformOutput(t, "pw", { value: Fn.upper(pw) });
      a.addEnv("DB_PASSWORD", pw);
    });
    const err = synthError(s);
    expect(err).toMatch(/random_password\.db\.result reaches item "pw" of coder_metadata\.md \(construct tpl\/md\)/);
    expect(err).toMatch(/random_password\.db\.result reaches the output value of output\.pw/);
    expect(annotations(s.stack, "warn").join("\n")).toMatch(/random_password\.db\.result reaches env\.DB_PASSWORD of coder_agent\.main/);
  });

  test.each([
    ["vault_kv_secret_v2", "data", "data_json"],
    ["aws_secretsmanager_secret_version", "data", "secret_string"],
    ["google_secret_manager_secret_version", "data", "secret_data"],
    ["azurerm_key_vault_secret", "data", "value"],
    ["kubernetes_secret_v1", "data", "data"],
    ["github_app_token", "data", "token"],
    ["artifactory_scoped_token", "resource", "access_token"],
    ["tls_self_signed_cert", "resource", "private_key_pem"],
  ])("%s (%s).%s is a secret source", (type, kind, attr) => {
    const s = template((t) => {
      const el = kind === "data" ? new TerraformDataSource(t, "src", { terraformResourceType: type }) : new TerraformResource(t, "src", { terraformResourceType: type });
      item0(t, new Agent(t, "main"), el.getStringAttribute(attr));
    });
    expect(synthError(s)).toMatch(new RegExp(`${kind === "data" ? "data\\." : ""}${type}\\.src\\.${attr} reaches item "pw" of coder_metadata\\.md`));
  });

  function item0(t: CoderTemplate, a: Agent, value: string) {
    new Metadata(t, "md", { resourceId: a.id, item: [{ key: "pw", value }] });
  }
});

describe("SensitiveAttributes: users register their own", () => {
  const leak = (t: CoderTemplate, value: string) => new Metadata(t, "md", { resourceId: new Agent(t, "main").id, item: [{ key: "k", value }] });

  test("an unregistered type is not a source; registered on the App it is, in every template", () => {
    const build = (t: CoderTemplate) => leak(t, new TerraformResource(t, "tok", { terraformResourceType: "my_vault_token" }).getStringAttribute("token"));
    const plain = template(build);
    json(plain.stack);
    expect(annotations(plain.stack, "error")).toEqual([]);

    const s = template((t) => {
      SensitiveAttributes.of(t.node.root).add("my_vault_token", "token");
      build(t);
    });
    expect(synthError(s)).toMatch(/my_vault_token\.tok\.token reaches item "k" of coder_metadata\.md \(construct tpl\/md\)/);
  });

  test("data sources as data.TYPE, nested attributes as block.attr; a registration on one stack stays there", () => {
    const app = Testing.app();
    const one = new CoderTemplate(app, "one");
    const two = new CoderTemplate(app, "two");
    SensitiveAttributes.of(new Construct(one, "helper")).add("data.my_kv", "nested.value");
    for (const t of [one, two]) leak(t, new TerraformDataSource(t, "kv", { terraformResourceType: "my_kv" }).getStringAttribute("nested"));
    Testing.synth(one);
    Testing.synth(two);
    expect(annotations(one, "error").join("\n")).toMatch(/data\.my_kv\.kv\.nested reaches item "k" of coder_metadata\.md \(construct one\/md\)/);
    expect(annotations(two, "error")).toEqual([]);
  });

  test("addNonSecret stops the check following a secret through a computed attribute", () => {
    const s = template((t) => {
      SensitiveAttributes.of(t).addNonSecret("terraform_data", "output");
      leak(t, Token.asString(new DataResource(t, "d", { input: { v: new DataCoderWorkspaceOwner(t, "owner").sessionToken } }).output));
    });
    json(s.stack);
    expect(annotations(s.stack, "error")).toEqual([]);
  });

  test.each([
    [(r: SensitiveAttributes) => r.add("bad type!", "token"), /SensitiveAttributes\.add: type "bad type!" is not a Terraform type .*Fix: pass the type as it appears/],
    [(r: SensitiveAttributes) => r.add("my_type"), /SensitiveAttributes\.add\("my_type"\): no attribute given\. Fix: name at least one attribute/],
    [(r: SensitiveAttributes) => r.add("my_type", "a..b"), /attribute "a\.\.b" is not an attribute name/],
    [(r: SensitiveAttributes) => r.addNonSecret("my_type", "block.attr"), /SensitiveAttributes\.addNonSecret\("my_type"\): attribute "block\.attr" is not an attribute name \(one top-level name\)/],
    [(r: SensitiveAttributes) => r.add("my_type", "tok\nen"), /attribute "tok\\nen"/],
  ])("bad registration %# throws a CoderConstructError naming the call, the rule and the fix", (call, message) => {
    const t = new CoderTemplate(Testing.app(), "tpl");
    const reg = SensitiveAttributes.of(t);
    let thrown: unknown;
    try {
      call(reg);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CoderConstructError);
    expect((thrown as Error).message).toMatch(/^\[tpl\] /);
    expect((thrown as Error).message).toMatch(message);
  });
});

describe("canary: secret-flow messages name path, attribute and fix, never a value", () => {
  const CANARY = "CANARY-flow-93517";

  test("every finding over a template full of leaks", () => {
    const s = template((t) => {
      const a = new Agent(t, "main");
      const v = new TerraformVariable(t, "pw", { type: "string", sensitive: true, default: CANARY });
      a.addSecret(DynamicSecret.unsafeFromPlaintext(t, "plain", CANARY, { env: "PLAIN" }));
      const copy = new DataResource(t, "copy", { input: { v: v.stringValue } });
      new Script(t, "s1", { agentId: a.id, displayName: "s1", runOnStart: true, script: `echo ${CANARY} ${copy.output}` });
      new Metadata(t, "md", { resourceId: a.id, item: [{ key: `k-${CANARY}`, value: Token.asString(copy.output) }, { key: "ctl\u0007key", value: v.stringValue }] });
      new TerraformOutput(t, "o", { value: copy.input });
      a.addEnv("COPY", Token.asString(copy.output));
    });
    const err = synthError(s);
    const all = [err, ...annotations(s.stack, "warn"), ...annotations(s.stack, "error")];
    for (const m of all) expect(m).not.toContain(CANARY);
    const messages = [...annotations(s.stack, "error"), ...annotations(s.stack, "warn")].filter((m) => m.includes("Secret flow"));
    expect(messages.length).toBeGreaterThanOrEqual(5);
    for (const m of messages) {
      expect(m).toMatch(/\(construct tpl\/[^)]+\)/);
      expect(m).toMatch(/ reaches [^ ]+/);
      expect(m).toMatch(/Fix: /);
    }
    // The item whose key holds the planted plaintext is named by index; a control character in a key shows escaped.
    expect(err).toMatch(/reaches item #0 of coder_metadata\.md/);
    expect(err).toMatch(/reaches item "ctl\\u0007key" of coder_metadata\.md/);
    expect(err).toMatch(/terraform_data\.copy\.output, a plaintext secret value reaches script of coder_script\.s1/);
    expect(err).toMatch(/terraform_data\.copy\.input reaches the output value of output\.o/);
  });
});
