/**
 * Example 5 — git over SSH with the workspace owner's own Coder SSH key (the key on the user's account page, which
 * `coder gitssh` uses): one call puts it in ~/.ssh/id_ed25519 with the public key beside it (0600, atomic, before
 * login), so plain `ssh` and `git` use it without Coder's GIT_SSH_COMMAND. The public key is shown in the dashboard,
 * ready to be added to GitHub or GitLab. Opt-in: the private key then rests in the workspace's home as well.
 */
import { Construct } from "constructs";
import { Agent, CoderTemplate, SecretDisplay, SecretMetadata } from "../lib";
import { DockerWorkspace } from "./shared/docker-workspace";

/** GitHub's published ed25519 host key (docs.github.com, "GitHub's SSH key fingerprints"): no prompt on the first clone. */
const GITHUB_HOST_KEY = "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

export interface OwnerSshKeyTemplateProps {
  /** Also deliver the public key to ~/.ssh/id_ed25519.pub (false: the demo's template that dropped it). @default true */
  readonly publicKey?: boolean;
}

export class OwnerSshKeyTemplate extends CoderTemplate {
  constructor(scope: Construct, id: string, props: OwnerSshKeyTemplateProps = {}) {
    super(scope, id);

    const agent = new Agent(this, "main", {
      startupScript: [
        "set -e",
        "# The owner's key is in ~/.ssh/id_ed25519 before anyone logs in, so this works in any terminal:",
        "#   git clone git@github.com:coder/coder.git",
        "mkdir -p ~/.ssh && chmod 700 ~/.ssh",
        `grep -qsF '${GITHUB_HOST_KEY}' ~/.ssh/known_hosts || echo '${GITHUB_HOST_KEY}' >> ~/.ssh/known_hosts`,
        "",
      ].join("\n"),
    });
    const ws = new DockerWorkspace(this, agent);

    // The workspace already reads data.coder_workspace_owner.owner: the key comes from it, no second data source.
    const key = agent.addOwnerSshKey({ owner: ws.owner, publicKey: props.publicKey });

    const meta = new SecretMetadata(this, "home_info", { resourceId: ws.homeVolume.id });
    meta.addItem("SSH public key (add it to GitHub/GitLab)", key.publicKey);
    meta.addSecret("SSH private key", key.privateKeyBinding, { display: SecretDisplay.FINGERPRINT });
  }
}
