import { Construct, IConstruct } from "constructs";
import { Metadata as MetadataResource, MetadataItem } from "../../provider/generated/coder/metadata";
import { describeTarget } from "../core";
import { bindingsOf, SecretBinding } from "./binding";
import { DynamicSecret } from "./dynamic-secret";
import { CoderConstructError } from "./errors";
import { markUnsafeFlowOwner } from "./unsafe-flow";
import { UserSecret } from "./user-secret";

/** How a secret is shown in the dashboard. */
export enum SecretDisplay {
  /** The value itself, masked (`sensitive = true`; the UI has a Show toggle and the API returns it). */
  MASKED_VALUE = "masked_value",
  /**
   * `sha256:` + 12 hex of the value (from the bridge provider's `fingerprints`), still `sensitive = true`: it tells
   * versions apart, but a low-entropy value can be guessed from it.
   */
  FINGERPRINT = "fingerprint",
  /** Only where it is delivered (`env TWILIO_API_SECRET`): no value, not sensitive. */
  TARGET = "target",
}

export interface SecretMetadataProps {
  /** `id` of the resource the metadata is attached to (the workspace container, pod, VM). */
  readonly resourceId: string;
  /** Icon URL. @default - none */
  readonly icon?: string;
  /** Hide the resource in the dashboard. @default false */
  readonly hide?: boolean;
  /** Daily cost (Enterprise). @default - none */
  readonly dailyCost?: number;
}

export interface SecretItemOptions {
  /** How to show it. @default SecretDisplay.MASKED_VALUE */
  readonly display?: SecretDisplay;
}

/**
 * `coder_metadata` for a workspace resource where secrets are safe to mention: an item derived from a secret is
 * always `sensitive = true`, optionally showing a fingerprint instead of the value; plain items go through the
 * secret-flow check (a secret in a non-sensitive item fails synthesis). Coder allows one metadata per resource.
 */
export class SecretMetadata extends Construct {
  /** The `coder_metadata` resource. */
  public readonly resource: MetadataResource;
  private readonly items: MetadataItem[] = [];
  /** Keys given to {@link unsafeAddPlaintextItem}: the secret-flow check lets a secret reach them. */
  private readonly unsafeKeys = new Set<string>();

  constructor(scope: Construct, id: string, props: SecretMetadataProps) {
    super(scope, id);
    markUnsafeFlowOwner(this);
    this.resource = new MetadataResource(this, "Default", {
      resourceId: props.resourceId,
      icon: props.icon,
      hide: props.hide,
      dailyCost: props.dailyCost,
    });
  }

  /** A plain item (shown in clear). A secret reaching it fails synthesis. */
  public addItem(key: string, value: string): void {
    this.push({ key, value });
  }

  /** A masked item (`sensitive = true`) for values that should not be on screen by default. */
  public addSensitiveItem(key: string, value: string): void {
    this.push({ key, value, sensitive: true });
  }

  /**
   * An item about a dynamic secret: its masked value, its fingerprint, or only its target. Pass the secret, or its
   * binding (`agent.addSecret(secret)` returns it) to show that agent's view. FINGERPRINT needs the secret bound to an
   * agent first: the fingerprint is the binding's (a secret bound to several agents has the same fingerprint in each).
   */
  public addSecret(key: string, secret: DynamicSecret | SecretBinding, options: SecretItemOptions = {}): void {
    const display = options.display ?? SecretDisplay.MASKED_VALUE;
    const binding = DynamicSecret.isDynamicSecret(secret) ? undefined : secret;
    const owner = binding === undefined ? (secret as DynamicSecret) : binding.secret;
    const value = binding === undefined ? (secret as DynamicSecret).secretValue : binding.config.value;
    if (value === undefined) {
      throw new CoderConstructError(this, `${owner.node.path} has no value in this template (Coder's agent delivers it to the workspace)`, "list expected user secrets with addUserSecrets()");
    }
    if (display === SecretDisplay.TARGET) {
      const targets = binding === undefined ? (secret as DynamicSecret).targets : { envName: binding.config.env, filePath: binding.config.file };
      this.push({ key, value: `delivered to ${describeTarget(targets)}` });
    } else if (display === SecretDisplay.FINGERPRINT) {
      const fingerprint = binding === undefined ? bindingsOf(owner).find((b) => b.fingerprint !== undefined)?.fingerprint : binding.fingerprint;
      if (fingerprint === undefined) {
        throw new CoderConstructError(this, `the fingerprint of ${owner.node.path} comes from an agent's secrets manifest, and the secret is not bound to an agent yet`, "call agent.addSecret(secret) before metadata.addSecret(..., { display: SecretDisplay.FINGERPRINT })");
      }
      this.push({ key, value: fingerprint, sensitive: true });
    } else {
      this.push({ key, value: value.expression, sensitive: true });
    }
  }

  /**
   * One item listing the user secrets the workspace expects, by target, with whether each is required and the
   * `coder secret create` command (names only; Coder cannot tell the template whether they exist).
   */
  public addUserSecrets(secrets: readonly UserSecret[], key = "expected user secrets"): void {
    if (secrets.length === 0) return;
    const value = secrets
      .map((s) => `${describeTarget(s.targets)} (${s.required ? "required" : "optional"}): ${s.createCommand}${s.file ? ` < ${s.file}` : ""}`)
      .join("; ");
    this.push({ key, value });
  }

  /** Shows `value` in clear even if it is a secret (no secret-flow error). Anyone who can view the workspace sees it. */
  public unsafeAddPlaintextItem(key: string, value: string): void {
    this.push({ key, value, sensitive: false });
    this.unsafeKeys.add(key);
  }

  /** For the secret-flow check: an `unsafeAddPlaintextItem` key of this metadata. @internal */
  public allowsUnsafeFlow(element: IConstruct, place: string): boolean {
    return element === this.resource && place.startsWith("item:") && this.unsafeKeys.has(place.slice("item:".length));
  }

  private push(item: MetadataItem): void {
    if (this.items.some((i) => i.key === item.key)) {
      throw new CoderConstructError(this, `metadata key "${item.key}" is used twice`, "give each item its own key");
    }
    this.items.push(item);
    this.resource.putItem([...this.items]);
  }
}
