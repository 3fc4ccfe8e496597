/**
 * Baselines for bench 1: the same Terraform as examples/*, written with bare cdktf and the generated bindings, the way
 * an author would without this library: references pasted by hand, flat ids for readable names, the backend removed
 * by an override, the secrets data source written out by hand, and the script texts pasted as literals (here taken
 * once, at load, from the same text generators, so that both sides synthesize the same Terraform JSON:
 * test/examples/bare-baseline.test.ts holds them to that). No validation, no secret-flow check.
 */
import { App, Fn, TerraformCount, TerraformDataSource, TerraformProvider, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { CODERSECRETS_SOURCE } from "../../lib/core/provider-address";
import { Agent } from "../../provider/generated/coder/agent";
import { DataCoderWorkspace } from "../../provider/generated/coder/data-coder-workspace";
import { DataCoderWorkspaceOwner } from "../../provider/generated/coder/data-coder-workspace-owner";
import { Metadata } from "../../provider/generated/coder/metadata";
import { CoderProvider } from "../../provider/generated/coder/provider";
import { Script } from "../../provider/generated/coder/script";
import { Container } from "../../examples/generated/docker/container";
import { Image } from "../../examples/generated/docker/image";
import { DockerProvider } from "../../examples/generated/docker/provider";
import { Volume } from "../../examples/generated/docker/volume";
import { PrivateKey } from "../../examples/generated/tls/private-key";
import { TlsProvider } from "../../examples/generated/tls/provider";
import { ApiAccountsKeys } from "../../examples/generated/twilio/api-accounts-keys";
import { TwilioProvider } from "../../examples/generated/twilio/provider";
import { secretStatusScript, secretsScript } from "../../lib/constructs/secrets-script";

class BridgeProvider extends TerraformProvider {
  constructor(scope: Construct) {
    super(scope, "codersecrets", {
      terraformResourceType: "codersecrets",
      terraformGeneratorMetadata: { providerName: "codersecrets", providerVersionConstraint: "~> 0.1" },
      terraformProviderSource: CODERSECRETS_SOURCE,
    });
  }
  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {};
  }
}

function manifest(scope: Construct, id: string, secrets: { env_name?: string; file_path?: string; value: string }[]): TerraformDataSource {
  const ds = new TerraformDataSource(scope, id, { terraformResourceType: "codersecrets_manifest" });
  ds.addOverride("home_dir", "/home/coder");
  ds.addOverride("secret", secrets);
  return ds;
}

function escapeTf(text: string): string {
  // A function replacer: in a replacement string "$$" means one "$".
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

class BareTemplate extends TerraformStack {
  readonly agent: Agent;
  readonly owner: DataCoderWorkspaceOwner;
  readonly workspace: DataCoderWorkspace;
  readonly volume: Volume;

  constructor(scope: Construct, id: string, startupScript?: string) {
    super(scope, id);
    this.addOverride("terraform.backend", undefined);
    new CoderProvider(this, "coder");
    new DockerProvider(this, "docker");
    this.workspace = new DataCoderWorkspace(this, "me");
    this.owner = new DataCoderWorkspaceOwner(this, "owner");
    this.agent = new Agent(this, "main", { arch: "amd64", os: "linux", startupScript: startupScript && escapeTf(startupScript) });
    const image = new Image(this, "image", { name: "codercom/enterprise-base:ubuntu", keepLocally: true });
    this.volume = new Volume(this, "home_volume", {
      name: `coder-${this.workspace.id}-home`,
      lifecycle: { ignoreChanges: "all" },
      labels: [{ label: "coder.owner", value: this.owner.name }, { label: "coder.workspace_id", value: this.workspace.id }],
    });
    new Container(this, "workspace", {
      count: TerraformCount.of(this.workspace.startCount),
      image: image.name,
      name: `coder-${this.owner.name}-${Fn.lower(this.workspace.name)}`,
      hostname: this.workspace.name,
      entrypoint: ["sh", "-c", Fn.replace(this.agent.initScript, "/localhost|127\\.0\\.0\\.1/", "host.docker.internal")],
      env: [`CODER_AGENT_TOKEN=${this.agent.token}`],
      host: [{ host: "host.docker.internal", ip: "host-gateway" }],
      volumes: [{ containerPath: "/home/coder", volumeName: this.volume.name, readOnly: false }],
    });
  }

  secretsScript(text: string): void {
    new Script(this, "main_secrets_script", {
      agentId: this.agent.id,
      displayName: "Secrets",
      icon: "/icon/lock.svg",
      runOnStart: true,
      startBlocksLogin: true,
      script: escapeTf(text),
    });
  }
}

// The texts an author would paste.
const MANIFEST_VAR = "CDKTF_CODER_SECRETS_MANIFEST";
const GITHUB_TOKEN_HELP = "run `coder secret create github-token --env GITHUB_TOKEN` (the value is read from stdin), then restart the workspace.";
/** The delivery alone: file secrets, or (an empty manifest in the env) the removal of those an earlier version wrote. */
const DELIVERY_SCRIPT = secretsScript({ manifestEnvVar: MANIFEST_VAR, userSecrets: [] });
const USER_SECRETS_SCRIPT = secretsScript({
  manifestEnvVar: MANIFEST_VAR,
  userSecrets: [
    { env: "GITHUB_TOKEN", required: true, label: "your GitHub personal access token (repo scope) (env GITHUB_TOKEN)", howToAdd: GITHUB_TOKEN_HELP },
    { file: "~/.npmrc", required: false, label: "your npm registry credentials (file ~/.npmrc)", howToAdd: "run `coder secret create npmrc --file ~/.npmrc < ~/.npmrc` (the value is read from stdin), then restart the workspace." },
  ],
});
const DASHBOARD_SCRIPT = secretsScript({
  manifestEnvVar: MANIFEST_VAR,
  userSecrets: [{ env: "GITHUB_TOKEN", required: false, label: "env GITHUB_TOKEN", howToAdd: GITHUB_TOKEN_HELP }],
});
const DASHBOARD_STATUS = secretStatusScript([{ env: "PGPASSWORD" }, { file: "~/.config/staging/db-password" }, { env: "GITHUB_TOKEN", required: false }]);

class BareTwilio extends BareTemplate {
  constructor(scope: Construct, id: string) {
    super(scope, id, 'set -e\n# Tools that read $TWILIO_API_SECRET (twilio CLI, SDKs) work out of the box.\necho "Twilio key ready for ${USER}"\n');
    new TwilioProvider(this, "twilio");
    new BridgeProvider(this);
    const key = new ApiAccountsKeys(this, "api_key", { friendlyName: `coder-${this.owner.name}-${this.workspace.name}` });
    const env = manifest(this, "main_env_secrets", [{ env_name: "TWILIO_API_SECRET", value: key.secret }]);
    this.agent.env = {
      GIT_AUTHOR_NAME: this.owner.fullName,
      GIT_AUTHOR_EMAIL: this.owner.email,
      TWILIO_API_KEY: key.sid,
      TWILIO_API_SECRET: `\${${env.fqn}.env.TWILIO_API_SECRET}`,
      CDKTF_CODER_SECRETS_MANIFEST: "",
    };
    this.secretsScript(DELIVERY_SCRIPT);
  }
}

class BareSshKey extends BareTemplate {
  constructor(scope: Construct, id: string) {
    super(scope, id, 'set -e\n# The key is already in place: the secrets script blocks login until it is written.\nssh-keygen -y -f ~/.ssh/id_ed25519 > ~/.ssh/id_ed25519.pub\ngit config --global core.sshCommand "ssh -i ${HOME}/.ssh/id_ed25519 -o IdentitiesOnly=yes"\n');
    new TlsProvider(this, "tls");
    new BridgeProvider(this);
    const key = new PrivateKey(this, "deploy_key", { algorithm: "ED25519" });
    const files = manifest(this, "main_file_secrets", [{ file_path: "~/.ssh/id_ed25519", value: key.privateKeyOpenssh }]);
    this.agent.env = { CDKTF_CODER_SECRETS_MANIFEST: `\${${files.fqn}.proto_base64}` };
    this.secretsScript(DELIVERY_SCRIPT);
    new Metadata(this, "home_info", {
      resourceId: this.volume.id,
      item: [
        { key: "deploy key (public)", value: key.publicKeyOpenssh },
        { key: "deploy key (private)", sensitive: true, value: `\${${files.fqn}.fingerprints["file:~/.ssh/id_ed25519"]}` },
      ],
    });
  }
}

class BareUserSecrets extends BareTemplate {
  constructor(scope: Construct, id: string) {
    super(scope, id, "set -e\n# gh and git use $GITHUB_TOKEN; npm reads ~/.npmrc if present.\ngh auth setup-git || true\n");
    this.agent.env = { CDKTF_CODER_SECRETS_MANIFEST: "", GH_PROMPT_DISABLED: "1" };
    this.secretsScript(USER_SECRETS_SCRIPT);
    new Metadata(this, "home_info", {
      resourceId: this.volume.id,
      item: [{
        key: "expected user secrets",
        value: "env GITHUB_TOKEN (required): coder secret create github-token --env GITHUB_TOKEN; file ~/.npmrc (optional): coder secret create npmrc --file ~/.npmrc < ~/.npmrc",
      }],
    });
  }
}

class BareDashboard extends BareTemplate {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new BridgeProvider(this);
    const pw = new TerraformVariable(this, "staging_db_password", { type: "string", sensitive: true, description: "Password of the shared staging database user" });
    const env = manifest(this, "main_env_secrets", [{ env_name: "PGPASSWORD", value: pw.stringValue }]);
    const files = manifest(this, "main_file_secrets", [{ file_path: "~/.config/staging/db-password", value: pw.stringValue }]);
    this.agent.env = {
      PGHOST: "staging-db.internal",
      PGUSER: "dev",
      PGPASSWORD: `\${${env.fqn}.env.PGPASSWORD}`,
      CDKTF_CODER_SECRETS_MANIFEST: `\${${files.fqn}.proto_base64}`,
    };
    this.agent.putMetadata([{ displayName: "Secrets", interval: 60, key: "secrets", script: escapeTf(DASHBOARD_STATUS), timeout: 5 }]);
    this.secretsScript(DASHBOARD_SCRIPT);
    new Metadata(this, "home_info", {
      resourceId: this.volume.id,
      item: [
        { key: "database", value: "staging-db.internal (user dev)" },
        { key: "database password", sensitive: true, value: pw.stringValue },
        { key: "database password version", sensitive: true, value: `\${${env.fqn}.fingerprints["env:PGPASSWORD"]}` },
        { key: "database password delivery", value: "delivered to env PGPASSWORD, file ~/.config/staging/db-password" },
        { key: "expected user secrets", value: "env GITHUB_TOKEN (optional): coder secret create github-token --env GITHUB_TOKEN" },
      ],
    });
  }
}

/** The bare twin of each example stack, by the example's stack name. */
export const BARE_EXAMPLES: Record<string, (app: App, id: string) => TerraformStack> = {
  "twilio-dynamic-secret": (app, id) => new BareTwilio(app, id),
  "ssh-key-file": (app, id) => new BareSshKey(app, id),
  "github-user-secrets": (app, id) => new BareUserSecrets(app, id),
  "secrets-dashboard": (app, id) => new BareDashboard(app, id),
};
