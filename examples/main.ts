/**
 * The example app: one stack per example template. `npm run synth` (tsc, then this file under node) or
 * `npx cdktf synth` (cdktf.json) writes cdktf.out/stacks/<name>/cdk.tf.json; each is a Coder template directory.
 */
import { App } from "cdktf";
import { GithubExternalAuthTemplate } from "./github-external-auth";
import { OwnerSshKeyTemplate } from "./owner-ssh-key";
import { SecretsDashboardTemplate } from "./secret-metadata";
import { SshKeyFileTemplate } from "./ssh-key-file";
import { TwilioDynamicSecretTemplate } from "./twilio-dynamic-secret";
import { UserSecretsTemplate } from "./user-secrets";

/** Builds the app with every example stack (exported for tests). */
export function buildExamples(app: App): void {
  new TwilioDynamicSecretTemplate(app, "twilio-dynamic-secret");
  new SshKeyFileTemplate(app, "ssh-key-file");
  new UserSecretsTemplate(app, "github-user-secrets");
  new SecretsDashboardTemplate(app, "secrets-dashboard");
  new OwnerSshKeyTemplate(app, "owner-ssh-key");
  new GithubExternalAuthTemplate(app, "github-external-auth");
}

if (require.main === module) {
  const app = new App();
  buildExamples(app);
  app.synth();
}
