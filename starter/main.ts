/**
 * A Coder workspace template written with CDKTF. `npm run synth` writes cdktf.out/stacks/my-template/cdk.tf.json,
 * `npm run push` pushes that directory to Coder (README.md has the steps).
 */
import { App, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { Agent, CoderTemplate, DynamicSecret, SecretValue, UserSecret } from "cdktf-coder-secrets";

export class WorkspaceTemplate extends CoderTemplate {
  /** The workspace agent. The machine you add for it runs `agent.initScript` with CODER_AGENT_TOKEN set (README.md). */
  public readonly agent: Agent;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.agent = new Agent(this, "main", {
      startupScript: "echo \"workspace of ${USER} is up\"",
    });

    // A dynamic secret: any provider attribute or sensitive variable. This one is a template variable the admin sets
    // when pushing (`--variable api_token=...`); it reaches the workspace as $API_TOKEN and never appears in
    // cdktf.out in clear.
    const apiToken = new TerraformVariable(this, "api_token", {
      type: "string",
      sensitive: true,
      description: "API token every workspace of this template gets as $API_TOKEN",
    });
    this.agent.addSecret(new DynamicSecret(this, "api_token_env", { value: SecretValue.fromReference(apiToken.stringValue), env: "API_TOKEN" }));

    // A user secret: each user stores their own once (`coder secret create github-token --env GITHUB_TOKEN`); the
    // workspace's start-up check names it, with that command, when it is missing.
    this.agent.addSecret(new UserSecret(this, "github_token", {
      env: "GITHUB_TOKEN",
      description: "your GitHub personal access token",
    }));
  }
}

if (require.main === module) {
  const app = new App();
  new WorkspaceTemplate(app, "my-template");
  app.synth();
}
