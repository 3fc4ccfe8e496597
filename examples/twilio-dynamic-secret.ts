/**
 * Example 1 — the dynamic secret from Coder's docs ("Dynamic Secrets"): each workspace gets its own Twilio API key,
 * created at build time and deleted with the workspace, and its secret arrives as $TWILIO_API_SECRET.
 *
 * HCL in Coder's docs:
 *   resource "twilio_iam_api_key" "api_key" { account_sid = "AC…"  friendly_name = "Test API Key" }
 *   resource "coder_agent" "main" { env = { TWILIO_API_SECRET = "${twilio_iam_api_key.api_key.secret}" } }
 * Here the secret is routed through `codersecrets_manifest` (checked at plan time, sensitive end to end) instead of
 * being pasted into the agent env by hand.
 */
import { Construct } from "constructs";
import { ApiAccountsKeys } from "./generated/twilio/api-accounts-keys";
import { TwilioProvider } from "./generated/twilio/provider";
import { Agent, CoderTemplate, DynamicSecret, SecretValue } from "../lib";
import { DockerWorkspace } from "./shared/docker-workspace";

export class TwilioDynamicSecretTemplate extends CoderTemplate {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Provisioner credentials come from TWILIO_API_KEY / TWILIO_API_SECRET on the provisioner host.
    new TwilioProvider(this, "twilio");

    const agent = new Agent(this, "main", {
      startupScript: "set -e\n# Tools that read $TWILIO_API_SECRET (twilio CLI, SDKs) work out of the box.\necho \"Twilio key ready for ${USER}\"\n",
    });
    const ws = new DockerWorkspace(this, agent);
    agent.addEnv("GIT_AUTHOR_NAME", ws.owner.fullName);
    agent.addEnv("GIT_AUTHOR_EMAIL", ws.owner.email);

    const apiKey = new ApiAccountsKeys(this, "api_key", { friendlyName: `coder-${ws.owner.name}-${ws.workspace.name}` });
    agent.addSecret(new DynamicSecret(this, "twilio_api_secret", { value: SecretValue.fromReference(apiKey.secret), env: "TWILIO_API_SECRET" }));
    // The key SID is not secret: plain env.
    agent.addEnv("TWILIO_API_KEY", apiKey.sid);
  }
}
