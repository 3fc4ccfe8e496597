/**
 * Example 4 — a dashboard that shows which secrets a workspace has, without showing them: the database password is
 * a dynamic secret (env + file), shown masked and as a fingerprint; the agent reports live which secrets are present.
 */
import { Construct } from "constructs";
import { TerraformVariable } from "cdktf";
import { Agent, CoderTemplate, DynamicSecret, SecretDisplay, SecretMetadata, SecretValue, UserSecret } from "../lib";
import { DockerWorkspace } from "./shared/docker-workspace";

export class SecretsDashboardTemplate extends CoderTemplate {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Set by the template admin (`coder templates push --variable staging_db_password=…`); never shown in clear.
    const dbPassword = new TerraformVariable(this, "staging_db_password", {
      type: "string",
      sensitive: true,
      description: "Password of the shared staging database user",
    });

    const agent = new Agent(this, "main");
    const ws = new DockerWorkspace(this, agent);
    agent.addEnv("PGHOST", "staging-db.internal");
    agent.addEnv("PGUSER", "dev");

    const password = new DynamicSecret(this, "db_password", {
      value: SecretValue.fromReference(dbPassword.stringValue),
      env: "PGPASSWORD",
      file: "~/.config/staging/db-password",
    });
    const binding = agent.addSecret(password);
    const githubToken = new UserSecret(this, "github_token", { env: "GITHUB_TOKEN", required: false });
    agent.addSecret(githubToken);
    agent.addSecretStatusMetadata();

    const meta = new SecretMetadata(this, "home_info", { resourceId: ws.homeVolume.id });
    meta.addItem("database", "staging-db.internal (user dev)");
    meta.addSecret("database password", password, { display: SecretDisplay.MASKED_VALUE });
    meta.addSecret("database password version", binding, { display: SecretDisplay.FINGERPRINT });
    meta.addSecret("database password delivery", password, { display: SecretDisplay.TARGET });
    meta.addUserSecrets([githubToken]);
  }
}
