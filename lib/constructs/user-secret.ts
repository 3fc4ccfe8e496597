import { Construct } from "constructs";
import { checkEnvName, checkFilePath, describeTarget, SecretTargets } from "../core";
import type { Agent } from "./agent";
import { bindingsOf, ISecret, SecretBindingConfig } from "./binding";
import { Annotations, TerraformDataSource } from "./cdk";
import { ISynthCheck } from "./checks";
import { CoderConstructError } from "./errors";
import { CoderTemplate } from "./template";

export interface UserSecretProps {
  /** The env var the user's secret must set. Exactly one of `env` and `file`. @default - none */
  readonly env?: string;
  /** The file the user's secret must write (`~/…` or absolute). Exactly one of `env` and `file`. @default - none */
  readonly file?: string;
  /**
   * Secret name suggested in the `coder secret create NAME …` command.
   * @default - the construct id, lower-cased, `_` → `-`
   */
  readonly name?: string;
  /** Whether the workspace start-up script fails when the secret is missing. @default true */
  readonly required?: boolean;
  /** What the secret is for, shown in the help message (`your GitHub token`). @default - none */
  readonly description?: string;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * A Coder user secret the template expects (each user stores it once with `coder secret create`, Coder's agent
 * injects it raw). Since terraform-provider-coder 2.18 templates cannot declare these; bind one with
 * `agent.addSecret(userSecret)` and the template gets: synth-time validation of the target, a warning when template
 * env shadows it, a start-up check that names missing ones (never values) and fails for a required one, and an
 * entry in the dashboard metadata (SecretMetadata.addUserSecrets).
 */
export class UserSecret extends Construct implements ISecret, ISynthCheck {
  /** Env target, if any. */
  public readonly env: string | undefined;
  /** File target, if any. */
  public readonly file: string | undefined;
  /** Suggested secret name. */
  public readonly secretName: string;
  /** Whether it is required. */
  public readonly required: boolean;
  /** What it is for. */
  public readonly description: string | undefined;
  /** The `coder_secret` data source in legacy mode (required secrets only). */
  public readonly legacyDataSource: TerraformDataSource | undefined;

  constructor(scope: Construct, id: string, props: UserSecretProps) {
    super(scope, id);
    if (!!props.env === !!props.file) {
      throw new CoderConstructError(this, "a UserSecret needs exactly one of `env` and `file`", "declare one UserSecret per target");
    }
    this.env = props.env || undefined;
    this.file = props.file || undefined;
    this.secretName = props.name ?? id.toLowerCase().replace(/_/g, "-");
    this.required = props.required ?? true;
    this.description = props.description;
    if (!SAFE_NAME.test(this.secretName)) {
      throw new CoderConstructError(this, `user secret name "${this.secretName}" is not a plain word (letters, digits, ".", "_", "-")`,
        "pass a `name` like github-token; it is printed in a shell command for the user to copy");
    }
    const template = CoderTemplate.of(this);
    if (template.legacyUserSecrets && this.required) {
      const ds = new TerraformDataSource(this, "Default", { terraformResourceType: "coder_secret" });
      if (this.env) ds.addOverride("env", this.env);
      if (this.file) ds.addOverride("file", this.file);
      ds.addOverride("help_message", this.helpMessage);
      this.legacyDataSource = ds;
    }
  }

  /** The targets. */
  public get targets(): SecretTargets {
    return { envName: this.env, filePath: this.file };
  }

  /** `coder secret create NAME --env X` or `coder secret create NAME --file ~/p` (the value is read from stdin). */
  public get createCommand(): string {
    return this.env ? `coder secret create ${this.secretName} --env ${this.env}` : `coder secret create ${this.secretName} --file ${this.file}`;
  }

  /** How to add it: the command to run, then restart. */
  public get howToAdd(): string {
    const input = this.file ? ` < ${this.file}` : "";
    return `run \`${this.createCommand}${input}\` (the value is read from stdin), then restart the workspace.`;
  }

  /** `your GitHub token (env GITHUB_TOKEN)`, or `env GITHUB_TOKEN` without a description: what is expected, by target. */
  public get label(): string {
    const target = describeTarget(this.targets);
    return this.description ? `${this.description} (${target})` : target;
  }

  /** One line telling the user what is expected and how to add it. */
  public get helpMessage(): string {
    return `${this.required ? "Required" : "Optional"} user secret ${this.label}: ${this.howToAdd}`;
  }

  /** The agent checks for it at start-up and lists it; Coder's agent delivers it. */
  public bind(_agent: Agent): SecretBindingConfig {
    return { env: this.env, file: this.file, expected: { required: this.required, label: this.label, howToAdd: this.howToAdd } };
  }

  /** Coder's target rules; errors name this construct and the fix. */
  public checkAtSynth(): void {
    if (bindingsOf(this).length === 0) {
      Annotations.of(this).addWarning(`UserSecret ${this.node.path} is not bound to any agent, so no start-up check looks for it. Fix: call agent.addSecret(userSecret)`);
    }
    const problems = [...(this.env ? checkEnvName(this.env) : []), ...(this.file ? checkFilePath(this.file) : [])];
    for (const p of problems) {
      const msg = `UserSecret ${this.node.path}: ${p.message}`;
      if (p.severity === "error") Annotations.of(this).addError(msg);
      else Annotations.of(this).addWarning(msg);
    }
  }
}
