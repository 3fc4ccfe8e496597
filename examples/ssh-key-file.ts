/**
 * Example 2 — a private key from another provider, delivered as a file: a per-workspace ed25519 deploy key from
 * hashicorp/tls lands in ~/.ssh/id_ed25519 (0600, atomic, before login), and its public half is shown in the
 * dashboard so it can be registered as a deploy key.
 */
import { Construct } from "constructs";
import { PrivateKey } from "./generated/tls/private-key";
import { TlsProvider } from "./generated/tls/provider";
import { Agent, CoderTemplate, DynamicSecret, SecretDisplay, SecretMetadata, SecretValue } from "../lib";
import { DockerWorkspace } from "./shared/docker-workspace";

export class SshKeyFileTemplate extends CoderTemplate {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new TlsProvider(this, "tls");

    const agent = new Agent(this, "main", {
      startupScript: [
        "set -e",
        "# The key is already in place: the secrets script blocks login until it is written.",
        "ssh-keygen -y -f ~/.ssh/id_ed25519 > ~/.ssh/id_ed25519.pub",
        'git config --global core.sshCommand "ssh -i ${HOME}/.ssh/id_ed25519 -o IdentitiesOnly=yes"',
        "",
      ].join("\n"),
    });
    const ws = new DockerWorkspace(this, agent);

    const deployKey = new PrivateKey(this, "deploy_key", { algorithm: "ED25519" });
    const key = new DynamicSecret(this, "deploy_key_file", { value: SecretValue.fromReference(deployKey.privateKeyOpenssh), file: "~/.ssh/id_ed25519" });
    const binding = agent.addSecret(key);

    const meta = new SecretMetadata(this, "home_info", { resourceId: ws.homeVolume.id });
    meta.addItem("deploy key (public)", deployKey.publicKeyOpenssh);
    meta.addSecret("deploy key (private)", binding, { display: SecretDisplay.FINGERPRINT });
  }
}
