import { Construct } from "constructs";
import { checkEnvName, checkFilePath, describeTarget, SecretTargets } from "../core";
import { Annotations, Fn, Token } from "./cdk";
import { ISynthCheck, registerSecretValue } from "./checks";
import { CoderConstructError } from "./errors";

export interface DynamicSecretProps {
  /**
   * The secret: a reference to any provider attribute (a token such as `apiKey.secret` or
   * `privateKey.privateKeyOpenssh`). Plaintext is refused here; see {@link DynamicSecret.unsafeFromPlaintext}.
   */
  readonly value: string;
  /** Environment variable the workspace gets the value in. @default - no env target */
  readonly env?: string;
  /** File the workspace gets the value in (`~/…` or absolute), written 0600 before login. @default - no file target */
  readonly file?: string;
}

/** Targets of a secret plus the value of a plaintext one, for {@link DynamicSecret.unsafeFromPlaintext}. */
export interface PlaintextSecretTargets {
  /** @default - no env target */
  readonly env?: string;
  /** @default - no file target */
  readonly file?: string;
}

/**
 * A secret produced by another provider at apply time (an API key, a generated private key, a database password),
 * delivered to the workspace's env and/or a file. Bind it with `agent.addSecret(secret)`: the value is routed
 * through the bridge provider's `codersecrets_manifest` data source (validated at plan time, kept sensitive), env
 * targets reach `coder_agent.env`, file targets are written by the login-blocking secrets script.
 *
 * **NOTE**: the value still rests in Terraform state (as every dynamic secret in Coder does); it never appears in
 * the synthesized JSON in clear unless it was given as plaintext.
 */
export class DynamicSecret extends Construct implements ISynthCheck {
  /**
   * A secret from a literal. The literal is written into the synthesized template (wrapped in Terraform's
   * `sensitive()`), so anyone who can read the template can read it: for tests and throwaway values only.
   */
  public static unsafeFromPlaintext(scope: Construct, id: string, plaintext: string, targets: PlaintextSecretTargets): DynamicSecret {
    return new DynamicSecret(scope, id, { ...targets, value: Token.asString(Fn.sensitive(plaintext)) }, true);
  }

  /** The value reference. */
  public readonly value: string;
  /** Env target, if any. */
  public readonly env: string | undefined;
  /** File target, if any. */
  public readonly file: string | undefined;
  /**
   * @internal fingerprint references per binding, set by Agent.addSecret; built on demand (a token each, and most
   * secrets never show a fingerprint).
   */
  public readonly _fingerprints: Array<() => string> = [];
  /** @internal number of agents this secret is bound to. */
  public _bindings = 0;

  constructor(scope: Construct, id: string, props: DynamicSecretProps);
  /** @internal */
  constructor(scope: Construct, id: string, props: DynamicSecretProps, plaintext: boolean);
  constructor(scope: Construct, id: string, props: DynamicSecretProps, plaintext = false) {
    super(scope, id);
    if (!plaintext && !Token.isUnresolved(props.value)) {
      throw new CoderConstructError(this, "DynamicSecret value is a plaintext string, which would be written into the template in clear",
        "pass a reference to a provider attribute (e.g. `apiKey.secret`), or use DynamicSecret.unsafeFromPlaintext for a test value");
    }
    if (!props.env && !props.file) {
      throw new CoderConstructError(this, "a DynamicSecret needs an env target, a file target, or both", "set `env` and/or `file`");
    }
    this.value = props.value;
    this.env = props.env || undefined;
    this.file = props.file || undefined;
    registerSecretValue(this, this.value, plaintext);
  }

  /** The targets, without the value. */
  public get targets(): SecretTargets {
    return { envName: this.env, filePath: this.file };
  }

  /** Names the secret by construct path and targets (never the value). */
  public describe(): string {
    return `${this.node.path} (${describeTarget(this.targets)})`;
  }

  /** Coder's target rules (env name syntax, reserved names, path form): errors name this construct and the fix. */
  public checkAtSynth(): void {
    const problems = [...(this.env ? checkEnvName(this.env) : []), ...(this.file ? checkFilePath(this.file) : [])];
    if (this._bindings === 0) {
      Annotations.of(this).addWarning(`DynamicSecret ${this.node.path} is not bound to any agent, so it reaches no workspace. Fix: call agent.addSecret(secret)`);
    }
    for (const p of problems) {
      const msg = `DynamicSecret ${this.node.path}: ${p.message}`;
      if (p.severity === "error") Annotations.of(this).addError(msg);
      else Annotations.of(this).addWarning(msg);
    }
  }
}
