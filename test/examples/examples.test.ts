import "cdktf/lib/testing/adapters/jest";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { Agent, CoderTemplate, DEFAULT_MANIFEST_ENV_VAR, DynamicSecret, SecretMetadata, UserSecret } from "../../lib";
import { escapeTerraformTemplate } from "../../lib/constructs/escape";
import { literalText } from "../../lib/constructs/secret-flow";
import { deliveryScript } from "../../lib/inject/delivery-script";
import { buildExamples } from "../../examples/main";
import { PrivateKey } from "../../examples/generated/tls/private-key";
import { TlsProvider } from "../../examples/generated/tls/provider";

const STACKS = ["twilio-dynamic-secret", "ssh-key-file", "github-user-secrets", "secrets-dashboard", "owner-ssh-key", "github-external-auth"];

function examplesApp(): App {
  const app = Testing.app();
  buildExamples(app);
  return app;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function synthStack(app: App, name: string): any {
  return JSON.parse(Testing.synth(app.node.findChild(name) as TerraformStack));
}

describe("example templates", () => {
  // The embedded delivery script belongs to lib/inject (tested there); snapshots show where it sits, not its text.
  const DELIVERY = escapeTerraformTemplate(deliveryScript({ manifestEnvVar: DEFAULT_MANIFEST_ENV_VAR })).trimEnd();
  const PLACEHOLDER = "<deliveryScript({ manifestEnvVar: CDKTF_CODER_SECRETS_MANIFEST }) from lib/inject/delivery-script.ts>";

  test.each(STACKS)("%s matches its snapshot", (name) => {
    const out = synthStack(examplesApp(), name);
    // Only the agent's secrets script delivers files (or, with none, removes those an earlier version wrote); another
    // script (the git credential step) holds no delivery.
    expect(out.resource.coder_script.main_secrets_script).toBeDefined();
    for (const [key, script] of Object.entries(out.resource.coder_script ?? {}) as Array<[string, { script: string }]>) {
      expect(script.script.includes(DELIVERY)).toBe(key === "main_secrets_script");
      script.script = script.script.replace(DELIVERY, PLACEHOLDER);
    }
    expect(out).toMatchSnapshot();
  });

  test("the whole app synthesizes through app.synth() with no error or warning annotations, one dir per stack", () => {
    const app = examplesApp();
    app.synth();
    const notes = app.node.findAll().flatMap((c) => c.node.metadata.filter((m) => String(m.type).startsWith("@cdktf/")).map((m) => `${c.node.path}: ${String(m.data)}`));
    expect(notes).toEqual([]);
    expect(fs.readdirSync(path.join(app.outdir, "stacks")).sort()).toEqual([...STACKS].sort());
  });

  test.each(STACKS)("%s keeps the shape Coder needs", (name) => {
    const out = synthStack(examplesApp(), name);
    expect(out.terraform.required_providers.coder).toEqual({ source: "coder/coder", version: "~> 2.18" });
    expect(out.terraform.backend).toBeUndefined();
    const agent = out.resource.coder_agent.main;
    expect(typeof agent.env).toBe("object"); // a map, not a string expression
    for (const md of Object.values(out.resource.coder_metadata ?? {}) as Array<{ item: Array<{ sensitive?: unknown }> }>) {
      for (const item of md.item) expect(item.sensitive === undefined || typeof item.sensitive === "boolean").toBe(true);
    }
    for (const s of Object.values(out.resource.coder_script ?? {}) as Array<Record<string, unknown>>) {
      expect(s).toMatchObject({ agent_id: "${coder_agent.main.id}", run_on_start: true, start_blocks_login: true });
    }
  });

  test.each(STACKS)("%s: script texts hold no Terraform reference and are valid sh", (name) => {
    const out = synthStack(examplesApp(), name);
    const scripts: string[] = [
      ...(Object.values(out.resource.coder_script ?? {}) as Array<{ script: string }>).map((s) => s.script),
      ...[out.resource.coder_agent.main.startup_script].filter((s): s is string => typeof s === "string"),
      ...((out.resource.coder_agent.main.metadata ?? []) as Array<{ script: string }>).map((m) => m.script),
    ];
    for (const s of scripts) {
      expect(literalText(s)).toBe(s.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{")); // no ${…} interpolation at all
      execFileSync("sh", ["-n", "-c", literalText(s)]);
    }
  });

  test("the file-secret examples carry the manifest in one agent env var, never in the script", () => {
    for (const name of ["ssh-key-file", "secrets-dashboard", "owner-ssh-key"]) {
      const out = synthStack(examplesApp(), name);
      expect(out.resource.coder_agent.main.env.CDKTF_CODER_SECRETS_MANIFEST).toBe("${data.codersecrets_manifest.main_file_secrets.proto_base64}");
      expect(out.resource.coder_script.main_secrets_script.script).toContain("CDKTF_CODER_SECRETS_MANIFEST");
      expect(out.resource.coder_script.main_secrets_script.script).not.toMatch(/codersecrets_manifest|private_key|var\./);
    }
  });

  test("twilio: the API key secret reaches TWILIO_API_SECRET through the manifest's env map", () => {
    const out = synthStack(examplesApp(), "twilio-dynamic-secret");
    expect(out.resource.coder_agent.main.env.TWILIO_API_SECRET).toBe("${data.codersecrets_manifest.main_env_secrets.env.TWILIO_API_SECRET}");
    expect(out.data.codersecrets_manifest.main_env_secrets.secret).toEqual([{ env_name: "TWILIO_API_SECRET", value: "${twilio_api_accounts_keys.api_key.secret}" }]);
    expect(out.terraform.required_providers.codersecrets).toEqual({ source: "cdktf-coder/codersecrets", version: "~> 0.1" });
  });

  test("owner SSH key: the workspace's own data.coder_workspace_owner feeds ~/.ssh/id_ed25519 and .pub; the public key is a plain metadata item", () => {
    const out = synthStack(examplesApp(), "owner-ssh-key");
    expect(Object.keys(out.data.coder_workspace_owner)).toEqual(["owner"]);
    expect(out.data.codersecrets_manifest.main_file_secrets.secret).toEqual([
      { file_path: "~/.ssh/id_ed25519", value: "${data.coder_workspace_owner.owner.ssh_private_key}" },
      { file_path: "~/.ssh/id_ed25519.pub", value: "${data.coder_workspace_owner.owner.ssh_public_key}" },
    ]);
    expect(out.resource.coder_metadata.home_info.item[0]).toEqual({ key: "SSH public key (add it to GitHub/GitLab)", value: "${data.coder_workspace_owner.owner.ssh_public_key}" });
    expect(JSON.stringify(out.resource)).not.toContain("ssh_private_key");
  });

  test("user secrets: GITHUB_TOKEN required, ~/.npmrc optional, listed in metadata; legacy mode adds coder_secret", () => {
    const out = synthStack(examplesApp(), "github-user-secrets");
    expect(out.resource.coder_metadata.home_info.item[0].value).toContain("coder secret create github-token --env GITHUB_TOKEN");
    expect(out.data?.coder_secret).toBeUndefined();
    const { UserSecretsTemplate } = jest.requireActual("../../examples/user-secrets");
    const legacy = new UserSecretsTemplate(Testing.app(), "legacy", { legacyUserSecrets: true });
    const lout = JSON.parse(Testing.synth(legacy));
    expect(lout.data.coder_secret.github_token.env).toBe("GITHUB_TOKEN");
    expect(lout.terraform.required_providers.coder.version).toBe(">= 2.16.0, < 2.18.0");
  });
});

describe("canaries: planted secret values never reach a non-sensitive place or cdktf.out outside the manifest", () => {
  test("test-only template with unsafe plaintext canaries", () => {
    const canaries = ["CANARY-env-31337", "CANARY-file-42424"];
    const app = Testing.app();
    const t = new CoderTemplate(app, "canary");
    new TlsProvider(t, "tls");
    const agent = new Agent(t, "main", { startupScript: "echo start" });
    const key = new PrivateKey(t, "key", { algorithm: "ED25519" });
    const env = DynamicSecret.unsafeFromPlaintext(t, "env_secret", canaries[0], { env: "API_TOKEN" });
    const file = DynamicSecret.unsafeFromPlaintext(t, "file_secret", canaries[1], { file: "~/.config/token" });
    agent.addSecret(env);
    agent.addSecret(file);
    agent.addSecret(new DynamicSecret(t, "ssh", { value: key.privateKeyOpenssh, file: "~/.ssh/id_ed25519" }));
    agent.addSecret(new UserSecret(t, "github_token", { env: "GITHUB_TOKEN" }));
    agent.addSecretStatusMetadata();
    const md = new SecretMetadata(t, "md", { resourceId: agent.id });
    md.addSecret("env", env);
    app.synth();

    const outFiles: string[] = [];
    const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : outFiles.push(path.join(d, e.name))));
    walk(app.outdir);
    const tf = JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", "canary", "cdk.tf.json"), "utf8"));
    // Allowed: the manifest's secret blocks (sensitive in the provider schema) and the masked metadata item.
    const allowed = [
      JSON.stringify(tf.data.codersecrets_manifest),
      JSON.stringify(tf.resource.coder_metadata.md.item.filter((i: { sensitive?: boolean }) => i.sensitive === true)),
    ];
    for (const c of canaries) {
      const total = outFiles.reduce((n, f) => n + (fs.readFileSync(f, "utf8").split(c).length - 1), 0);
      const inAllowed = allowed.reduce((n, s) => n + (s.split(c).length - 1), 0);
      expect([c, total]).toEqual([c, inAllowed]);
    }
    for (const place of [tf.resource.coder_agent, tf.resource.coder_script, tf.output ?? {}]) {
      const text = JSON.stringify(place);
      for (const c of canaries) expect(text).not.toContain(c);
      expect(text).not.toContain("private_key_openssh");
    }
  });
});

describe("cdktf synth --hcl", () => {
  test("the manifest's secrets render as nested blocks and every example renders", () => {
    const app = examplesApp();
    for (const name of STACKS) {
      const hcl = Testing.synthHcl(app.node.findChild(name) as TerraformStack);
      expect(hcl).toContain('resource "coder_agent" "main"');
      expect(hcl).not.toMatch(/secret = \[/);
    }
    const hcl = Testing.synthHcl(app.node.findChild("ssh-key-file") as TerraformStack);
    expect(hcl).toMatch(/data "codersecrets_manifest" "main_file_secrets" \{\s*secret \{\s*file_path = "~\/\.ssh\/id_ed25519"/);
  });
});
