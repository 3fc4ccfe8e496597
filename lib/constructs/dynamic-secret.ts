import { Construct } from "constructs";
import { checkEnvName, checkFilePath, describeTarget, SecretTargets } from "../core";
import type { Agent } from "./agent";
import { bindingsOf, ISecret, SecretBindingConfig } from "./binding";
import { Annotations } from "./cdk";
import { ISynthCheck } from "./checks";
import { CoderConstructError } from "./errors";
import { LITERAL_SECRET_RULE, literalSecretProblem, PlaintextSecretError, SecretValue } from "./secret-value";

export interface DynamicSecretProps {
  /**
   * The secret: `SecretValue.fromReference(apiKey.secret)`, or the reference itself (a token such as `apiKey.secret` or
   * `privateKey.privateKeyOpenssh`). Clear text only through `SecretValue.unsafeFromPlaintext`.
   */
  readonly value: SecretValue | string;
  /** Environment variable the workspace gets the value in. @default - no env target */
  readonly env?: string;
  /** File the workspace gets the value in (`~/…` or absolute), written 0600 before login. @default - no file target */
  readonly file?: string;
}

/** Targets of a secret, for {@link DynamicSecret.unsafeFromPlaintext}. */
export interface PlaintextSecretTargets {
  /** @default - no env target */
  readonly env?: string;
  /** @default - no file target */
  readonly file?: string;
}

const DYNAMIC_SECRET_BRAND = Symbol.for("cdktf-coder-secrets.DynamicSecret");

/**
 * A secret produced by another provider at apply time (an API key, a generated private key, a database password),
 * delivered to the workspace's env and/or a file. Bind it with `agent.addSecret(secret)`: the value is routed
 * through the bridge provider's `codersecrets_manifest` data source (validated at plan time, kept sensitive), env
 * targets reach `coder_agent.env`, file targets are written by the login-blocking secrets script.
 *
 * **NOTE**: the value still rests in Terraform state (as every dynamic secret in Coder does); it never appears in
 * the synthesized JSON in clear unless it was given through `SecretValue.unsafeFromPlaintext`.
 */
export class DynamicSecret extends Construct implements ISecret, ISynthCheck {
  /**
   * Shorthand for `new DynamicSecret(scope, id, { ...targets, value: SecretValue.unsafeFromPlaintext(plaintext) })`.
   * @deprecated use `value: SecretValue.unsafeFromPlaintext(plaintext)`
   */
  public static unsafeFromPlaintext(scope: Construct, id: string, plaintext: string, targets: PlaintextSecretTargets): DynamicSecret {
    return new DynamicSecret(scope, id, { ...targets, value: SecretValue.unsafeFromPlaintext(plaintext) });
  }

  /** True for DynamicSecret instances, also across copies of this library. */
  public static isDynamicSecret(x: unknown): x is DynamicSecret {
    return typeof x === "object" && x !== null && DYNAMIC_SECRET_BRAND in x;
  }

  /** The value (its nature, reference or unsafe clear text, travels with it). */
  public readonly secretValue: SecretValue;
  /** Env target, if any. */
  public readonly env: string | undefined;
  /** File target, if any. */
  public readonly file: string | undefined;

  constructor(scope: Construct, id: string, props: DynamicSecretProps) {
    super(scope, id);
    Object.defineProperty(this, DYNAMIC_SECRET_BRAND, { value: true });
    if (!SecretValue.isSecretValue(props.value)) {
      try {
        this.secretValue = SecretValue.fromReference(props.value);
      } catch (e) {
        if (!(e instanceof PlaintextSecretError)) throw e;
        throw new CoderConstructError(this, "DynamicSecret value is a plain string, which would be written into the template in clear", e.fix);
      }
    } else this.secretValue = props.value;
    if (!props.env && !props.file) {
      throw new CoderConstructError(this, "a DynamicSecret needs an env target, a file target, or both", "set `env` and/or `file`");
    }
    this.env = props.env || undefined;
    this.file = props.file || undefined;
  }

  /** The value as a Terraform expression (a token). */
  public get value(): string {
    return this.secretValue.expression;
  }

  /** The targets, without the value. */
  public get targets(): SecretTargets {
    return { envName: this.env, filePath: this.file };
  }

  /** Names the secret by construct path and targets (never the value). */
  public describe(): string {
    return `${this.node.path} (${describeTarget(this.targets)})`;
  }

  /** The agent delivers the value to the targets. */
  public bind(_agent: Agent): SecretBindingConfig {
    return { env: this.env, file: this.file, value: this.secretValue };
  }

  /**
   * Coder's target rules (env name syntax, reserved names, path form) and the literal rule (a literal reaches the
   * value only through `SecretValue.unsafeFromPlaintext`): errors name this construct, the rule and the fix.
   */
  public checkAtSynth(): void {
    const literal = literalSecretProblem(this, this.secretValue);
    if (literal !== undefined) Annotations.of(this).addError(`DynamicSecret ${this.node.path}: ${literal}. Rule: ${LITERAL_SECRET_RULE}`);
    if (bindingsOf(this).length === 0) {
      Annotations.of(this).addWarning(`DynamicSecret ${this.node.path} is not bound to any agent, so it reaches no workspace. Fix: call agent.addSecret(secret)`);
    }
    const problems = [...(this.env ? checkEnvName(this.env) : []), ...(this.file ? checkFilePath(this.file) : [])];
    for (const p of problems) {
      const msg = `DynamicSecret ${this.node.path}: ${p.message}`;
      if (p.severity === "error") Annotations.of(this).addError(msg);
      else Annotations.of(this).addWarning(msg);
    }
  }
}
