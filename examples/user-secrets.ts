/**
 * Example 3 — user secrets the template expects. Each developer stores their own GitHub token once
 * (`coder secret create github-token --env GITHUB_TOKEN`) and may store an ~/.npmrc; Coder's agent injects them.
 * Since terraform-provider-coder 2.18 a template cannot require them, so this one checks at start-up: a missing
 * GITHUB_TOKEN fails the "Secrets" script with the exact command to run; a missing ~/.npmrc is only reported.
 */
import { Construct } from "constructs";
import { Agent, CoderTemplate, SecretMetadata, UserSecret } from "../lib";
import { DockerWorkspace } from "./shared/docker-workspace";

export interface UserSecretsTemplateProps {
  /** Also emit `coder_secret` data sources for deployments on provider 2.16–2.17. @default false */
  readonly legacyUserSecrets?: boolean;
}

export class UserSecretsTemplate extends CoderTemplate {
  constructor(scope: Construct, id: string, props: UserSecretsTemplateProps = {}) {
    super(scope, id, { legacyUserSecrets: props.legacyUserSecrets });

    const agent = new Agent(this, "main", {
      startupScript: "set -e\n# gh and git use $GITHUB_TOKEN; npm reads ~/.npmrc if present.\ngh auth setup-git || true\n",
    });
    const ws = new DockerWorkspace(this, agent);
    agent.addEnv("GH_PROMPT_DISABLED", "1");

    const githubToken = new UserSecret(this, "github_token", {
      env: "GITHUB_TOKEN",
      description: "your GitHub personal access token (repo scope)",
    });
    const npmrc = new UserSecret(this, "npmrc", {
      file: "~/.npmrc",
      required: false,
      description: "your npm registry credentials",
    });
    agent.addSecret(githubToken);
    agent.addSecret(npmrc);

    const meta = new SecretMetadata(this, "home_info", { resourceId: ws.homeVolume.id });
    meta.addUserSecrets([githubToken, npmrc]);
  }
}
