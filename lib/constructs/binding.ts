/**
 * The binding model: a secret says what it needs from an agent ({@link ISecret.bind} returns a
 * {@link SecretBindingConfig}, and changes nothing); the {@link Agent} turns that into a {@link SecretBinding}, records
 * it and validates its bindings together. A secret can be bound to any number of agents.
 */
import { IConstruct } from "constructs";
import type { Agent } from "./agent";
import { SecretValue } from "./secret-value";

/** What the workspace start-up check needs to know about a secret Coder's agent delivers itself (a user secret). */
export interface ExpectedSecret {
  /** Whether the start-up check fails when it is missing. */
  readonly required: boolean;
  /** What is expected, by target (`your GitHub token (env GITHUB_TOKEN)`); no value. */
  readonly label: string;
  /** How the user adds it (`run \`coder secret create …\`, then restart the workspace.`). */
  readonly howToAdd: string;
}

/** What a secret asks of the agent it is bound to. */
export interface SecretBindingConfig {
  /** Env target. @default - none */
  readonly env?: string;
  /** File target (`~/…` or absolute). @default - none */
  readonly file?: string;
  /**
   * The value the agent delivers to the targets through the bridge provider's manifest.
   * @default - the agent delivers nothing (Coder's agent injects it, as for a user secret)
   */
  readonly value?: SecretValue;
  /**
   * A reference (e.g. the token the file is built from) that decides whether the file target is delivered: when its
   * value is the empty string at plan time, the file entry is left out of the agent's manifest, so no file is written
   * (an existing one is left alone, and one an injector wrote earlier is removed as a stale file while unchanged).
   * Only its emptiness reaches the plan (`nonsensitive(REF == "")`). The env target, if any, is always delivered.
   * @default - the file is always delivered
   */
  readonly omitFileWhenEmpty?: string;
  /** Checked for at workspace start-up, by target, and listed for the user. @default - not checked */
  readonly expected?: ExpectedSecret;
}

/** A secret that can be bound to an {@link Agent} with `agent.addSecret(secret)`. */
export interface ISecret extends IConstruct {
  /** What this secret needs from `agent`. Called once per agent; must not change the secret. */
  bind(agent: Agent): SecretBindingConfig;
}

/** One secret bound to one agent, as the agent recorded it. */
export interface SecretBinding {
  /** The bound secret. */
  readonly secret: ISecret;
  /** The agent it is bound to. */
  readonly agent: Agent;
  /** What the secret asked for. */
  readonly config: SecretBindingConfig;
  /**
   * `sha256:` + 12 hex of the value (a reference to this agent's manifest `fingerprints`, not sensitive: a low-entropy
   * value can be guessed from it, so show it only on purpose), or undefined when the agent delivers no value. The
   * empty string at apply time when the file of an `omitFileWhenEmpty` binding is left out of the manifest.
   */
  readonly fingerprint: string | undefined;
}

const BINDING_OWNER_BRAND = Symbol.for("cdktf-coder-secrets.SecretBindingOwner");

/** A construct that records bindings (an {@link Agent}). */
interface BindingOwner extends IConstruct {
  bindingOf(secret: ISecret): SecretBinding | undefined;
}

/** Marks `owner` as a construct whose bindings {@link bindingsOf} asks. @internal */
export function markBindingOwner(owner: BindingOwner): void {
  Object.defineProperty(owner, BINDING_OWNER_BRAND, { value: true });
}

/**
 * Every binding of `secret`, asked of the agents in its app (in construct order): the agents own the bindings and the
 * secret holds none.
 * @internal
 */
export function bindingsOf(secret: ISecret): SecretBinding[] {
  const out: SecretBinding[] = [];
  for (const c of secret.node.root.node.findAll()) {
    if (!(BINDING_OWNER_BRAND in c)) continue;
    const b = (c as unknown as BindingOwner).bindingOf(secret);
    if (b !== undefined) out.push(b);
  }
  return out;
}
