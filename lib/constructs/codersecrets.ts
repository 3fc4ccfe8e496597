/**
 * Hand-written L1 bindings for the bridge provider `cdktf-coder/codersecrets` (provider/codersecrets): the provider
 * block and the `codersecrets_manifest` data source. Kept by hand (not generated) because the provider is part of
 * this project and its schema is tiny; the shape must match provider/codersecrets.
 */
import { Construct } from "constructs";
import { CODERSECRETS_MANIFEST_TYPE, CODERSECRETS_SOURCE, CODERSECRETS_TYPE } from "../core/provider-address";
import { Fn, listMapperHcl, Op, TerraformDataSource, TerraformIterator, TerraformProvider, Token } from "./cdk";

export { CODERSECRETS_SOURCE };
/** Version constraint written to `required_providers`. */
export const CODERSECRETS_VERSION = "~> 0.1";

/** Sensitive attributes of `codersecrets_manifest` (its `fingerprints` map is deliberately not sensitive). */
export const CODERSECRETS_SENSITIVE_ATTRIBUTES: readonly string[] = ["env", "json", "proto_base64", "secret"];

/** `provider "codersecrets" {}`: the bridge provider takes no configuration. */
export class CodersecretsProvider extends TerraformProvider {
  public static readonly tfResourceType = CODERSECRETS_TYPE;

  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: CODERSECRETS_TYPE,
      terraformGeneratorMetadata: { providerName: CODERSECRETS_TYPE, providerVersionConstraint: CODERSECRETS_VERSION },
      terraformProviderSource: CODERSECRETS_SOURCE,
    });
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {};
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return {};
  }
}

/** One `secret {}` block of the manifest data source. Values are references (tokens), never plaintext. */
export interface CodersecretsManifestSecret {
  /** Environment variable target. @default - none */
  readonly envName?: string;
  /** File target (`~/…` or absolute). @default - none */
  readonly filePath?: string;
  /** The secret value (sensitive in the provider schema). */
  readonly value: string;
  /**
   * A reference (e.g. the token a file is built from): when its value is the empty string at plan time, this entry is
   * left out of the manifest (a `dynamic "secret"` block whose `for_each` is empty). Only its emptiness reaches the
   * plan: the condition is `nonsensitive(REF == "")`. @default - always in the manifest
   */
  readonly unlessEmpty?: string;
}

export interface CodersecretsManifestConfig {
  /** Home directory the provider uses for `~/` collision checks. @default - provider default (`/home/coder`) */
  readonly homeDir?: string;
}

/**
 * `data "codersecrets_manifest"`: turns secret values into Coder's agent-manifest secret format at apply time.
 * Secrets are appended with {@link addSecret} until synthesis.
 */
export class CodersecretsManifest extends TerraformDataSource {
  public static readonly tfResourceType = CODERSECRETS_MANIFEST_TYPE;
  private readonly secrets: CodersecretsManifestSecret[] = [];
  private readonly homeDir: string | undefined;

  constructor(scope: Construct, id: string, config: CodersecretsManifestConfig = {}) {
    super(scope, id, {
      terraformResourceType: CODERSECRETS_MANIFEST_TYPE,
      terraformGeneratorMetadata: { providerName: CODERSECRETS_TYPE, providerVersionConstraint: CODERSECRETS_VERSION },
    });
    this.homeDir = config.homeDir;
  }

  /** Appends a `secret {}` block (declaration order is manifest order). */
  public addSecret(secret: CodersecretsManifestSecret): void {
    this.secrets.push(secret);
  }

  /** Number of `secret {}` blocks so far. */
  public get secretCount(): number {
    return this.secrets.length;
  }

  /** Sensitive: standard base64 of a `coder.agent.v2.Manifest` holding the secrets. */
  public get protoBase64(): string {
    return this.getStringAttribute("proto_base64");
  }

  /** Sensitive: the secrets as JSON in the Go SDK form. */
  public get json(): string {
    return this.getStringAttribute("json");
  }

  /** Sensitive: env_name → value for the secrets with an env target. */
  public get env(): { [key: string]: string } {
    return this.getStringMapAttribute("env");
  }

  /** Not sensitive: `env:<NAME>` / `file:<path>` → `sha256:` + 12 hex. */
  public get fingerprints(): { [key: string]: string } {
    return this.getStringMapAttribute("fingerprints");
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const block = (s: CodersecretsManifestSecret) => ({
      ...(s.envName ? { env_name: s.envName } : {}),
      ...(s.filePath ? { file_path: s.filePath } : {}),
      value: s.value,
    });
    // Terraform's JSON syntax gives a body's blocks in the order of its properties, and the synthesized JSON has its
    // keys sorted (`dynamic` before `secret`): so that the manifest keeps declaration order, a manifest with a
    // conditional entry has every entry as a `dynamic "secret"` block, in order (an unconditional one with one element).
    const out: { [name: string]: unknown } = this.hasConditional
      ? { dynamic: { secret: this.secrets.map((s) => ({ for_each: forEachOf(s), content: block(s) })) } }
      : { secret: this.secrets.map(block) };
    if (this.homeDir !== undefined) out.home_dir = this.homeDir;
    return out;
  }

  /**
   * The `cdktf synth --hcl` form: `secret` is a nested block, not a list-valued argument. CDKTF's HCL renderer writes one
   * `dynamic` block per block type, so with a conditional entry every entry goes into one `dynamic "secret"` block
   * over the indices of the entries delivered (in declaration order), which picks each one's targets and value.
   */
  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    const simple = (value: string | undefined) => ({ value, isBlock: false, type: "simple", storageClassType: "string" });
    const defined = <T extends { value: unknown }>(o: { [k: string]: T }) => Object.fromEntries(Object.entries(o).filter(([, v]) => v.value !== undefined));
    const home = defined({ home_dir: simple(this.homeDir) });
    if (this.hasConditional) return { secret: this.hclDynamicBlock(), ...home };
    return defined({
      secret: {
        value: this.secrets.map((s) => defined({ env_name: simple(s.envName || undefined), file_path: simple(s.filePath || undefined), value: simple(s.value) })),
        isBlock: true,
        type: "list",
        storageClassType: "CodersecretsManifestSecretList",
      },
      ...home,
    });
  }

  /** Whether an entry is left out of the manifest when its reference is empty. */
  private get hasConditional(): boolean {
    return this.secrets.some((s) => s.unlessEmpty !== undefined);
  }

  private hclDynamicBlock(): unknown {
    const indices = Fn.concat(this.secrets.map((s, i) => (s.unlessEmpty === undefined ? [i] : Fn.conditional(emptyCondition(s.unlessEmpty), [], [i]))));
    const each = TerraformIterator.fromList(indices);
    const pick = (values: Array<string | undefined>) => (values.every((v) => v === undefined) ? undefined : Token.asString(Fn.element(values.map((v) => v ?? null), each.value)));
    const content: { [name: string]: string } = {};
    const envName = pick(this.secrets.map((s) => s.envName || undefined));
    const filePath = pick(this.secrets.map((s) => s.filePath || undefined));
    if (envName !== undefined) content.env_name = envName;
    if (filePath !== undefined) content.file_path = filePath;
    content.value = pick(this.secrets.map((s) => s.value))!;
    // As generated bindings do: a dynamic expression on a block type becomes a dynamic block.
    return listMapperHcl((x: unknown) => x, true)(each.dynamic(content));
  }
}

/** `nonsensitive(REF == "")`: reveals whether the reference is empty, nothing of its value. */
function emptyCondition(reference: string): unknown {
  return Fn.nonsensitive(Op.eq(reference, Fn.rawString("")));
}

/** A dynamic entry's `for_each`: one element, none when its reference is empty. */
function forEachOf(s: CodersecretsManifestSecret): string {
  return s.unlessEmpty === undefined ? "${[1]}" : Token.asString(Fn.conditional(emptyCondition(s.unlessEmpty), [], [1]));
}
