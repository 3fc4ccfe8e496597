/**
 * Baselines for bench 1: the same Terraform resources as examples/*, written with bare cdktf and the generated
 * bindings, the way an author would without this library: references pasted by hand, `overrideLogicalId` for
 * readable names, the backend removed by an override, the secrets data source and the login-blocking script
 * written out by hand. No validation, no secret-flow check.
 */
import { App, Fn, TerraformCount, TerraformDataSource, TerraformProvider, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { Agent } from "../../provider/coder/agent";
import { DataCoderWorkspace } from "../../provider/coder/data-coder-workspace";
import { DataCoderWorkspaceOwner } from "../../provider/coder/data-coder-workspace-owner";
import { Metadata } from "../../provider/coder/metadata";
import { CoderProvider } from "../../provider/coder/provider";
import { Script } from "../../provider/coder/script";
import { Container } from "../../provider/docker/container";
import { Image } from "../../provider/docker/image";
import { DockerProvider } from "../../provider/docker/provider";
import { Volume } from "../../provider/docker/volume";
import { PrivateKey } from "../../provider/tls/private-key";
import { TlsProvider } from "../../provider/tls/provider";
import { ApiAccountsKeys } from "../../provider/twilio/api-accounts-keys";
import { TwilioProvider } from "../../provider/twilio/provider";
import { deliveryScript } from "../../lib/inject/delivery-script";

class BridgeProvider extends TerraformProvider {
  constructor(scope: Construct) {
    super(scope, "codersecrets", {
      terraformResourceType: "codersecrets",
      terraformGeneratorMetadata: { providerName: "codersecrets", providerVersionConstraint: "~> 0.1" },
      terraformProviderSource: "cdktf-coder/codersecrets",
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
  return text.replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
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

  secretsScript(extra = ""): void {
    new Script(this, "main_secrets_script", {
      agentId: this.agent.id,
      displayName: "Secrets",
      icon: "/icon/lock.svg",
      runOnStart: true,
      startBlocksLogin: true,
      script: escapeTf(`#!/bin/sh\n${deliveryScript({ manifestEnvVar: "CDKTF_CODER_SECRETS_MANIFEST" })}\n${extra}`),
    });
  }
}

class BareTwilio extends BareTemplate {
  constructor(scope: Construct, id: string) {
    super(scope, id, 'set -e\necho "Twilio key ready for ${USER}"\n');
    new TwilioProvider(this, "twilio");
    new BridgeProvider(this);
    const key = new ApiAccountsKeys(this, "api_key", { friendlyName: `coder-${this.owner.name}-${this.workspace.name}` });
    const env = manifest(this, "main_env_secrets", [{ env_name: "TWILIO_API_SECRET", value: key.secret }]);
    this.agent.env = {
      GIT_AUTHOR_NAME: this.owner.fullName,
      GIT_AUTHOR_EMAIL: this.owner.email,
      TWILIO_API_KEY: key.sid,
      TWILIO_API_SECRET: `\${${env.fqn}.env.TWILIO_API_SECRET}`,
    };
  }
}

class BareSshKey extends BareTemplate {
  constructor(scope: Construct, id: string) {
    super(scope, id, 'set -e\nssh-keygen -y -f ~/.ssh/id_ed25519 > ~/.ssh/id_ed25519.pub\ngit config --global core.sshCommand "ssh -i ${HOME}/.ssh/id_ed25519"\n');
    new TlsProvider(this, "tls");
    new BridgeProvider(this);
    const key = new PrivateKey(this, "deploy_key", { algorithm: "ED25519" });
    const files = manifest(this, "main_file_secrets", [{ file_path: "~/.ssh/id_ed25519", value: key.privateKeyOpenssh }]);
    this.agent.env = { CDKTF_CODER_SECRETS_MANIFEST: `\${${files.fqn}.proto_base64}` };
    this.secretsScript();
    new Metadata(this, "home_info", {
      resourceId: this.volume.id,
      item: [
        { key: "deploy key (public)", value: key.publicKeyOpenssh },
        { key: "deploy key (private)", sensitive: true, value: `\${${files.fqn}.fingerprints["file:~/.ssh/id_ed25519"]}` },
      ],
    });
  }
}

const CHECK = 'if [ -z "$GITHUB_TOKEN" ]; then echo "missing user secret GITHUB_TOKEN: coder secret create github-token --env GITHUB_TOKEN" >&2; exit 1; fi\n' +
  '[ -f "$HOME/.npmrc" ] || echo "optional user secret ~/.npmrc missing: coder secret create npmrc --file ~/.npmrc" >&2\n';

class BareUserSecrets extends BareTemplate {
  constructor(scope: Construct, id: string) {
    super(scope, id, "set -e\ngh auth setup-git || true\n");
    this.agent.env = { GH_PROMPT_DISABLED: "1" };
    this.secretsScript(CHECK);
    new Metadata(this, "home_info", {
      resourceId: this.volume.id,
      item: [{ key: "expected user secrets", value: "env GITHUB_TOKEN (required), file ~/.npmrc (optional)" }],
    });
  }
}

class BareDashboard extends BareTemplate {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new BridgeProvider(this);
    const pw = new TerraformVariable(this, "staging_db_password", { type: "string", sensitive: true });
    const env = manifest(this, "main_env_secrets", [{ env_name: "PGPASSWORD", value: pw.stringValue }]);
    const files = manifest(this, "main_file_secrets", [{ file_path: "~/.config/staging/db-password", value: pw.stringValue }]);
    this.agent.env = {
      PGHOST: "staging-db.internal",
      PGUSER: "dev",
      PGPASSWORD: `\${${env.fqn}.env.PGPASSWORD}`,
      CDKTF_CODER_SECRETS_MANIFEST: `\${${files.fqn}.proto_base64}`,
    };
    this.secretsScript('[ -n "$GITHUB_TOKEN" ] || echo "optional user secret GITHUB_TOKEN missing" >&2\n');
    new Metadata(this, "home_info", {
      resourceId: this.volume.id,
      item: [
        { key: "database", value: "staging-db.internal (user dev)" },
        { key: "database password", sensitive: true, value: pw.stringValue },
        { key: "database password version", sensitive: true, value: `\${${env.fqn}.fingerprints["env:PGPASSWORD"]}` },
        { key: "database password delivery", value: "delivered to env PGPASSWORD, file ~/.config/staging/db-password" },
        { key: "expected user secrets", value: "env GITHUB_TOKEN (optional)" },
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
