import { Construct, IConstruct, Node } from "constructs";
import { CoderProvider } from "../../provider/generated/coder/provider";
import { DEFAULT_HOME_DIR } from "../core";
import { assertSameCdk, Aspects, ISynthesisSession, TerraformBackend, TerraformElement, TerraformStack } from "./cdk";
import { TemplateChecks } from "./checks";
import { CodersecretsProvider } from "./codersecrets";
import { CoderConstructError } from "./errors";
import { readableLogicalId } from "./logical-ids";
import { reportWarnings, WarnOnOwnCoderProvider } from "./template-reports";

/** The coder provider constraint for current deployments (`coder_secret` is gone since 2.18.0). */
export const CODER_PROVIDER_VERSION = "~> 2.18";
/** The constraint used with {@link CoderTemplateProps.legacyUserSecrets}: the releases that have `coder_secret`. */
export const CODER_PROVIDER_VERSION_LEGACY = ">= 2.16.0, < 2.18.0";

export interface CoderTemplateProps {
  /**
   * Version constraint for `coder/coder` in `required_providers`.
   * @default "~> 2.18" (or ">= 2.16.0, < 2.18.0" with `legacyUserSecrets`)
   */
  readonly coderProviderVersion?: string;
  /**
   * Emit `data "coder_secret"` for required user secrets, for deployments still on terraform-provider-coder
   * 2.16–2.17 (there a missing secret fails the build). The start-up check is emitted either way.
   * @default false
   */
  readonly legacyUserSecrets?: boolean;
  /**
   * Home directory of the workspace user, used to find `~/x` vs `/home/coder/x` collisions at synth and plan time.
   * @default "/home/coder"
   */
  readonly homeDir?: string;
  /** `url` of the coder provider block. @default - the provider's default (the deployment's access URL) */
  readonly coderUrl?: string;
}

const TEMPLATE_BRAND = Symbol.for("cdktf-coder-secrets.CoderTemplate");

/**
 * A Coder template: a Terraform stack with the `coder/coder` provider declared (with a version constraint), no
 * implicit local backend (Coder manages state), readable stable resource names (construct path joined with `_`, no
 * hash suffix; duplicates are reported, not merged), and the synth-time secret checks.
 */
export class CoderTemplate extends TerraformStack {
  /** True for CoderTemplate instances, also across copies of this library. */
  public static isCoderTemplate(x: unknown): x is CoderTemplate {
    return typeof x === "object" && x !== null && TEMPLATE_BRAND in x;
  }

  /** The CoderTemplate a construct belongs to; throws if it is not inside one. */
  public static of(scope: IConstruct): CoderTemplate {
    for (const s of [...scope.node.scopes].reverse()) if (CoderTemplate.isCoderTemplate(s)) return s;
    throw new CoderConstructError(scope, "this construct must be created inside a CoderTemplate", "create it with a CoderTemplate (or a construct below one) as its scope");
  }

  /** The `coder` provider. */
  public readonly coderProvider: CoderProvider;
  /** Home directory used for path collision checks. */
  public readonly homeDir: string;
  /** Whether required user secrets are also declared as `coder_secret` data sources. */
  public readonly legacyUserSecrets: boolean;
  private bridgeProvider: CodersecretsProvider | undefined;
  /** The local backend CDKTF created in this synth pass because none was configured. */
  private implicitBackend: TerraformBackend | undefined;
  private readonly checks: TemplateChecks;
  /** True while this stack's synthesizer runs (app.synth, `cdktf synth`, Testing.fullSynth). */
  private synthesizing = false;
  /** The resolved stack the checks ran on during this synthesizer run, for the synthesizer's one `toTerraform()`. */
  private checkedJson: { [key: string]: unknown } | undefined;

  constructor(scope: Construct, id: string, props: CoderTemplateProps = {}) {
    assertSameCdk(scope);
    super(scope, id);
    Object.defineProperty(this, TEMPLATE_BRAND, { value: true });
    this.homeDir = props.homeDir ?? DEFAULT_HOME_DIR;
    this.legacyUserSecrets = props.legacyUserSecrets ?? false;
    this.coderProvider = new CoderProvider(this, "coder", props.coderUrl !== undefined ? { url: props.coderUrl } : {});
    const version = props.coderProviderVersion ?? (this.legacyUserSecrets ? CODER_PROVIDER_VERSION_LEGACY : CODER_PROVIDER_VERSION);
    if (version !== CODER_PROVIDER_VERSION) this.addOverride("terraform.required_providers.coder.version", version);
    this.checks = new TemplateChecks(this);
    Aspects.of(this).add(this.checks);
    Aspects.of(this).add(new WarnOnOwnCoderProvider(this.coderProvider));
    // The synthesizer runs validations after every aspect and before it collects annotations: the checks over the
    // finished tree run there, and their error annotations fail the synth.
    this.node.addValidation({ validate: () => (this.runPendingChecks(), []) });
    // Resolving the stack is the bulk of a synth, and the checks need it resolved: the synthesizer's own toTerraform()
    // gets the result the checks ran on. Kept for the synth goal (≤ 1.25x the bare twin), which a second resolution
    // misses (bench/README.md). Only within one run of the synthesizer (the public IStackSynthesizer, wrapped here),
    // which writes the output right after the validations, so nothing outside that run can get a stale result.
    const synthesizer = this.synthesizer;
    this.synthesizer = {
      synthesize: (session: ISynthesisSession) => {
        this.synthesizing = true;
        try {
          synthesizer.synthesize(session);
        } finally {
          this.synthesizing = false;
          this.checkedJson = undefined;
          reportWarnings(this);
        }
      },
    };
  }

  /**
   * The resolved Terraform JSON. In a synthesizer run, the first call returns the result the checks ran on.
   * `Testing.synth` runs the aspects and then this, without validations: a check still pending runs here.
   */
  public toTerraform(): ReturnType<TerraformStack["toTerraform"]> {
    const checked = this.checkedJson;
    if (checked !== undefined) {
      this.checkedJson = undefined;
      return checked;
    }
    const json: { [key: string]: unknown } = super.toTerraform();
    if (this.checks.takeFlowPending()) this.checks.runFlowChecks(json);
    return json;
  }

  /** The HCL form (`Testing.synthHcl`, HCL output); runs a pending check first, on the JSON form. */
  public toHclTerraform(): ReturnType<TerraformStack["toHclTerraform"]> {
    this.checkedJson = undefined;
    if (this.checks.takeFlowPending()) this.checks.runFlowChecks(super.toTerraform());
    return super.toHclTerraform();
  }

  /** The checks over the finished tree, once per aspect pass; the result is kept for this synthesizer run. */
  private runPendingChecks(): void {
    if (!this.checks.takeFlowPending()) return;
    const json: { [key: string]: unknown } = super.toTerraform();
    this.checks.runFlowChecks(json);
    if (this.synthesizing) this.checkedJson = json;
  }

  /** The bridge provider `cdktf-coder/codersecrets`, declared on first use. */
  public get codersecretsProvider(): CodersecretsProvider {
    if (this.bridgeProvider === undefined) this.bridgeProvider = new CodersecretsProvider(this, "codersecrets");
    return this.bridgeProvider;
  }

  /**
   * CDKTF adds a local backend when none is configured; Coder stores the state itself, so the one added here is
   * removed again after the stack is prepared. A backend the author configured stays.
   */
  public ensureBackendExists(): TerraformBackend {
    const before = this.node.children.length;
    const backend = super.ensureBackendExists();
    if (this.node.children.length > before && this.node.children.includes(backend)) this.implicitBackend = backend;
    return backend;
  }

  public prepareStack(): void {
    super.prepareStack();
    const implicit = this.implicitBackend;
    this.implicitBackend = undefined;
    if (implicit !== undefined) this.node.tryRemoveChild(implicit.node.id);
  }

  /** `main/env_secrets` → `main_env_secrets`; children called `Default`/`Resource` take their parent's name. */
  protected allocateLogicalId(tfElement: TerraformElement | Node): string {
    const scopes = tfElement instanceof Node ? tfElement.scopes : tfElement.node.scopes;
    const at = scopes.indexOf(this);
    return readableLogicalId(scopes.slice(at + 1).map((c) => c.node.id));
  }
}
