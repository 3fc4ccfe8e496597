/**
 * Example — Coder's GitHub external auth, delivered for `gh` and for git over HTTPS. The deployment configures an
 * external auth provider with ID "github" (CODER_EXTERNAL_AUTH_0_ID=github, TYPE=github); users link their GitHub
 * account when they create a workspace. One call delivers the token:
 *   - `$GITHUB_TOKEN`, which `gh` reads before any file (and most GitHub tooling reads too);
 *   - `~/.config/gh/hosts.yml` (0600) with the token under `oauth_token`, for tools that read gh's config;
 *   - `~/.config/git/credentials-coder-github` (0600), one git credential store line, and a token-free start-up step
 *     that points `credential.https://github.com.helper` at it, so `git clone https://github.com/ORG/REPO` works.
 * No script holds the token; the secret-flow check keeps `access_token` out of metadata, outputs and scripts.
 */
import { Construct } from "constructs";
import { Agent, CoderTemplate } from "../lib";
import { DockerWorkspace } from "./shared/docker-workspace";

export interface GithubExternalAuthTemplateProps {
  /** Also deliver ~/.config/gh/hosts.yml (false: the demo's template that dropped it; gh still reads $GITHUB_TOKEN). @default true */
  readonly ghHosts?: boolean;
}

export class GithubExternalAuthTemplate extends CoderTemplate {
  constructor(scope: Construct, id: string, props: GithubExternalAuthTemplateProps = {}) {
    super(scope, id);

    const agent = new Agent(this, "main", {
      startupScript: [
        "# gh and git are authenticated before login: gh reads $GITHUB_TOKEN, git the credential store.",
        "# e.g. gh repo clone ORG/REPO, or git clone https://github.com/ORG/REPO",
        "",
      ].join("\n"),
    });
    new DockerWorkspace(this, agent);
    agent.addEnv("GH_PROMPT_DISABLED", "1");
    agent.addExternalAuth("github", { env: "GITHUB_TOKEN", ghHosts: props.ghHosts ?? true, gitCredentials: true });
  }
}
