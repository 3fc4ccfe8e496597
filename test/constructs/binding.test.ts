/**
 * The binding model (the Agent owns every binding, a secret is never changed by being bound), findings reported
 * together as annotations, and the literal rule: clear text reaches a secret only through unsafeFromPlaintext.
 */
import * as fs from "fs";
import * as path from "path";
import { Fn, TerraformLocal, TerraformOutput, TerraformVariable, Testing, Token } from "cdktf";
import { Construct } from "constructs";
import { Agent, CoderTemplate, DynamicSecret, EnvDelivery, ISecret, SecretBindingConfig, SecretDisplay, SecretMetadata, SecretValue, UserSecret } from "../../lib";
import { annotations, appSynth, json, synthError, template } from "./util";

const sensitiveVar = (t: CoderTemplate, name = "pw") => new TerraformVariable(t, name, { type: "string", sensitive: true }).stringValue;

/** A construct's own state, without its `node` (what binding could change); functions counted, not compared. */
function ownState(o: object): string {
  const entries = Object.getOwnPropertyNames(o).filter((k) => k !== "node").sort().map((k) => [k, (o as Record<string, unknown>)[k]]);
  return JSON.stringify(entries, (_k, v: unknown) => (typeof v === "function" ? "<function>" : v));
}

/** Every file below `dir`, with its text. */
function filesBelow(dir: string): Array<[string, string]> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e): Array<[string, string]> => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesBelow(p) : [[p, fs.readFileSync(p, "utf8")]];
  });
}

describe("bindings are owned by the agent", () => {
  test("binding one secret to two agents changes neither secret", () => {
    const s = template((t) => {
      const dyn = new DynamicSecret(t, "db", { value: sensitiveVar(t), env: "PGPASSWORD", file: "~/.pgpass" });
      const user = new UserSecret(t, "gh", { env: "GITHUB_TOKEN" });
      const before = [ownState(dyn), ownState(user)];
      for (const id of ["a", "b"]) {
        const agent = new Agent(t, id);
        agent.addSecret(dyn);
        agent.addSecret(user);
      }
      new SecretMetadata(t, "md", { resourceId: "x" }).addSecret("fp", dyn, { display: SecretDisplay.FINGERPRINT });
      expect([ownState(dyn), ownState(user)]).toEqual(before);
    });
    const out = json(s.stack);
    for (const id of ["a", "b"]) {
      expect(out.data.codersecrets_manifest[`${id}_env_secrets`].secret).toEqual([{ env_name: "PGPASSWORD", value: "${var.pw}" }]);
      expect(out.data.codersecrets_manifest[`${id}_file_secrets`].secret).toEqual([{ file_path: "~/.pgpass", value: "${var.pw}" }]);
      expect(out.resource.coder_script[`${id}_secrets_script`].script).toContain("[ -n \"$${GITHUB_TOKEN:-}\" ]");
    }
    expect(annotations(s.stack, "warn").join("\n")).not.toMatch(/not bound to any agent/);
  });

  test("each agent records its own binding, with its own fingerprint reference; binding again returns the same binding", () => {
    const s = template((t) => {
      const dyn = new DynamicSecret(t, "db", { value: sensitiveVar(t), env: "PGPASSWORD" });
      const user = new UserSecret(t, "gh", { env: "GITHUB_TOKEN" });
      const a = new Agent(t, "a");
      const b = new Agent(t, "b");
      const ba = a.addSecret(dyn);
      const bb = b.addSecret(dyn);
      expect(a.addSecret(dyn)).toBe(ba);
      expect(a.bindingOf(dyn)).toBe(ba);
      expect(b.bindingOf(user)).toBeUndefined();
      expect([ba.agent, bb.agent]).toEqual([a, b]);
      expect(ba.config).toEqual({ env: "PGPASSWORD", file: undefined, value: dyn.secretValue });
      new TerraformOutput(t, "fa", { value: ba.fingerprint });
      new TerraformOutput(t, "fb", { value: bb.fingerprint });
      const ub = a.addSecret(user);
      expect(ub.fingerprint).toBeUndefined(); // the template never holds a user secret's value
      expect(a.bindings.map((x) => x.secret)).toEqual([dyn, user]);
    });
    const out = json(s.stack);
    expect(out.output.fa.value).toBe('${data.codersecrets_manifest.a_env_secrets.fingerprints["env:PGPASSWORD"]}');
    expect(out.output.fb.value).toBe('${data.codersecrets_manifest.b_env_secrets.fingerprints["env:PGPASSWORD"]}');
  });

  test("SecretMetadata takes a binding: its fingerprint, its targets; a user secret's binding has no value to show", () => {
    const s = template((t) => {
      const a = new Agent(t, "main");
      const b = new Agent(t, "other");
      const dyn = new DynamicSecret(t, "db", { value: sensitiveVar(t), file: "~/.pgpass" });
      a.addSecret(dyn);
      const md = new SecretMetadata(t, "md", { resourceId: a.id });
      md.addSecret("fp", b.addSecret(dyn), { display: SecretDisplay.FINGERPRINT });
      md.addSecret("where", b.bindingOf(dyn)!, { display: SecretDisplay.TARGET });
      expect(() => md.addSecret("user", a.addSecret(new UserSecret(t, "gh", { env: "GITHUB_TOKEN" })))).toThrow(/\[tpl\/md\] tpl\/gh has no value in this template.*Fix: list expected user secrets with addUserSecrets/);
    });
    expect(json(s.stack).resource.coder_metadata.md.item).toEqual([
      { key: "fp", sensitive: true, value: '${data.codersecrets_manifest.other_file_secrets.fingerprints["file:~/.pgpass"]}' },
      { key: "where", value: "delivered to file ~/.pgpass" },
    ]);
  });

  test("any ISecret can be bound: the agent delivers what its config asks for", () => {
    class VaultToken extends Construct implements ISecret {
      constructor(scope: Construct, id: string, private readonly ref: string) {
        super(scope, id);
      }
      public bind(): SecretBindingConfig {
        return { env: "VAULT_TOKEN", value: SecretValue.fromReference(this.ref) };
      }
    }
    const out = json(template((t) => new Agent(t, "main").addSecret(new VaultToken(t, "vault", sensitiveVar(t)))).stack);
    expect(out.data.codersecrets_manifest.main_env_secrets.secret).toEqual([{ env_name: "VAULT_TOKEN", value: "${var.pw}" }]);
    expect(out.resource.coder_agent.main.env.VAULT_TOKEN).toBe("${data.codersecrets_manifest.main_env_secrets.env.VAULT_TOKEN}");
  });
});

describe("unsafe places are answered by the construct that owns them", () => {
  test.each([EnvDelivery.AGENT_ENV, EnvDelivery.CODER_ENV])("unsafeAddPlaintextEnv opens only its own name (%s)", (envDelivery) => {
    const s = template((t) => {
      const a = new Agent(t, "main", { envDelivery });
      a.unsafeAddPlaintextEnv("ON_PURPOSE", sensitiveVar(t));
      a.addEnv("BY_MISTAKE", sensitiveVar(t, "other"));
    });
    json(s.stack);
    const warnings = annotations(s.stack, "warn").filter((w) => /Secret flow/.test(w));
    expect(warnings).toEqual([expect.stringMatching(/var\.other reaches/)]);
  });

  test("unsafeAddPlaintextItem opens only its own key", () => {
    const err = synthError(template((t) => {
      const a = new Agent(t, "main");
      const md = new SecretMetadata(t, "md", { resourceId: a.id });
      md.unsafeAddPlaintextItem("shown", sensitiveVar(t));
      md.addItem("leak", sensitiveVar(t, "other"));
    }));
    expect(err).toMatch(/var\.other reaches item "leak"/);
    expect(err).not.toMatch(/item "shown"/);
  });
});

describe("findings are reported together", () => {
  const build = (t: CoderTemplate) => {
    const agent = new Agent(t, "main");
    agent.addEnv("TOKEN", "plain");
    const token = new DynamicSecret(t, "token", { value: sensitiveVar(t), env: "TOKEN" }); // duplicate target
    agent.addSecret(token);
    agent.addSecret(new DynamicSecret(t, "home", { value: sensitiveVar(t, "other"), env: "HOME" })); // reserved name
    new SecretMetadata(t, "md", { resourceId: agent.id }).addItem("leak", token.value); // secret-flow error
  };

  test("a duplicate env target is an error annotation beside the other errors, and nothing throws while building", () => {
    const s = template(build);
    json(s.stack);
    const errors = annotations(s.stack, "error");
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\[tpl\/main\] Agent tpl\/main: env TOKEN is set twice \(by addEnv and by DynamicSecret tpl\/token\).*Fix: /),
      expect.stringMatching(/^\[tpl\/home\] DynamicSecret tpl\/home: .*HOME is a reserved environment variable name/),
      expect.stringMatching(/^\[tpl\/md\/Default\] Secret flow: var\.pw reaches item "leak"/),
    ]));
    expect(errors).toHaveLength(3);
  });

  test("app.synth() fails once, listing every error, with no stack trace in the message", () => {
    const err = synthError(template(build));
    expect(err).toMatch(/env TOKEN is set twice/);
    expect(err).toMatch(/HOME is a reserved environment variable name/);
    expect(err).toMatch(/Secret flow: var\.pw reaches item "leak"/);
    expect(err).not.toMatch(/\n\s+at /);
  });

  test("why the rules stay annotations: a node.addValidation error aborts synthesis before annotations are collected, and Testing.synth runs none", () => {
    const withValidation = template((t) => {
      const probe = new Construct(t, "probe");
      probe.node.addValidation({ validate: () => ["the validation finding"] });
      const agent = new Agent(t, "main");
      new SecretMetadata(t, "md", { resourceId: agent.id }).addItem("leak", agent.token); // an annotation finding
    });
    const err = synthError(withValidation);
    expect(err).toMatch(/the validation finding/);
    expect(err).not.toMatch(/Secret flow/); // the other finding is hidden
    expect(() => Testing.synth(withValidation.stack)).not.toThrow(); // and a unit test never sees the validation
  });
});

describe("a literal reaching a DynamicSecret is refused unless it came through unsafeFromPlaintext", () => {
  const CANARY = "CANARY-literal-4417";
  const expectRefused = (err: string, detail: RegExp) => {
    expect(err).toMatch(/\[tpl\/s\] DynamicSecret tpl\/s: /);
    expect(err).toMatch(detail);
    expect(err).toMatch(/Rule: a secret's value must come from a provider attribute, a variable without a default, or a local built from them/);
    expect(err).toMatch(/Fix: pass a reference .*SecretValue\.unsafeFromPlaintext/);
    expect(err).not.toContain(CANARY);
  };
  const bound = (t: CoderTemplate, value: string | SecretValue) => new Agent(t, "main").addSecret(new DynamicSecret(t, "s", { value, env: "X" }));

  test.each<[string, (t: CoderTemplate) => string | SecretValue, RegExp]>([
    ["inside Fn.sensitive", () => Token.asString(Fn.sensitive(CANARY)), /the value is a literal: it reaches no provider attribute/],
    ["inside Fn.sensitive, through SecretValue.fromReference", () => SecretValue.fromReference(Token.asString(Fn.sensitive(CANARY))), /the value is a literal/],
    ["a function of literals only", () => Fn.base64encode(CANARY), /the value is a literal/],
    ["a sensitive variable's default", (t) => new TerraformVariable(t, "pw", { type: "string", sensitive: true, default: CANARY }).stringValue, /reads var\.pw, whose default the synthesized template holds in clear/],
    ["a local holding a literal", (t) => new TerraformLocal(t, "pw", CANARY).asString, /\(local\.pw holds only literals\)/],
    ["a local holding a local holding Fn.sensitive(literal)", (t) => new TerraformLocal(t, "outer", new TerraformLocal(t, "inner", Fn.sensitive(CANARY)).asString).asString, /\(local\.inner, local\.outer hold only literals\)/],
  ])("refused: %s (naming the construct, the rule and the fix, never the value)", (_name, value, detail) => {
    expectRefused(synthError(template((t) => bound(t, value(t)))), detail);
  });

  test("a plain string is refused at once, like before", () => {
    expect(() => template((t) => bound(t, CANARY))).toThrow(/\[tpl\/s\] DynamicSecret value is a plain string.*Fix: .*SecretValue\.unsafeFromPlaintext/);
    expect(() => SecretValue.fromReference(CANARY)).toThrow(/SecretValue\.fromReference: the value is a plain string/);
  });

  test.each<[string, (t: CoderTemplate) => string]>([
    ["a sensitive variable without a default", (t) => sensitiveVar(t)],
    ["a local built from a variable without a default", (t) => new TerraformLocal(t, "tok", sensitiveVar(t)).asString],
    ["a literal prefix around a reference", (t) => `Bearer ${sensitiveVar(t)}`],
  ])("allowed: %s", (_name, value) => {
    const s = template((t) => bound(t, value(t)));
    json(s.stack);
    expect(annotations(s.stack, "error")).toEqual([]);
  });

  test("the unsafe path is allowed, and the canary is only where the author asked for clear text", () => {
    const s = template((t) => {
      const agent = new Agent(t, "main");
      agent.addSecret(new DynamicSecret(t, "s", { value: SecretValue.unsafeFromPlaintext(CANARY), env: "X", file: "~/.x" }));
      new SecretMetadata(t, "md", { resourceId: agent.id }).addItem("ok", "not a secret");
    });
    const text = appSynth(s);
    const out = JSON.parse(text);
    expect(text.split(CANARY).length - 1).toBe(2);
    expect(out.data.codersecrets_manifest.main_env_secrets.secret[0].value).toBe(`\${sensitive("${CANARY}")}`);
    expect(out.data.codersecrets_manifest.main_file_secrets.secret[0].value).toBe(`\${sensitive("${CANARY}")}`);
    const elsewhere = filesBelow(s.app.outdir).filter(([p]) => !p.endsWith("cdk.tf.json")).filter(([, body]) => body.includes(CANARY)).map(([p]) => p);
    expect(elsewhere).toEqual([]);
    expect([...annotations(s.stack, "warn"), ...annotations(s.stack, "error")].join("\n")).not.toContain(CANARY);
  });

  test("a copy of an unsafe plaintext elsewhere is still caught by the secret-flow check", () => {
    const err = synthError(template((t) => {
      const agent = new Agent(t, "main");
      agent.addSecret(new DynamicSecret(t, "s", { value: SecretValue.unsafeFromPlaintext(CANARY), env: "X" }));
      new SecretMetadata(t, "md", { resourceId: agent.id }).addItem("copy", CANARY);
    }));
    expect(err).toMatch(/a plaintext secret value reaches item "copy"/);
    expect(err).not.toContain(CANARY);
  });
});
