/**
 * Hand-written L1 bindings for the bridge provider `cdktf-coder/codersecrets` (provider/codersecrets): the provider
 * block and the `codersecrets_manifest` data source. Kept by hand (not generated) because the provider is part of
 * this project and its schema is tiny; the shape must match provider/codersecrets.
 */
import { Construct } from "constructs";
import { CODERSECRETS_MANIFEST_TYPE, CODERSECRETS_SOURCE, CODERSECRETS_TYPE } from "../core/provider-address";
import { TerraformDataSource, TerraformProvider } from "./cdk";

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
    const out: { [name: string]: unknown } = {
      secret: this.secrets.map((s) => ({
        ...(s.envName ? { env_name: s.envName } : {}),
        ...(s.filePath ? { file_path: s.filePath } : {}),
        value: s.value,
      })),
    };
    if (this.homeDir !== undefined) out.home_dir = this.homeDir;
    return out;
  }

  /** The `cdktf synth --hcl` form: `secret` is a nested block, not a list-valued argument. */
  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    const simple = (value: string | undefined) => ({ value, isBlock: false, type: "simple", storageClassType: "string" });
    const defined = <T extends { value: unknown }>(o: { [k: string]: T }) => Object.fromEntries(Object.entries(o).filter(([, v]) => v.value !== undefined));
    return defined({
      secret: {
        value: this.secrets.map((s) => defined({ env_name: simple(s.envName || undefined), file_path: simple(s.filePath || undefined), value: simple(s.value) })),
        isBlock: true,
        type: "list",
        storageClassType: "CodersecretsManifestSecretList",
      },
      home_dir: simple(this.homeDir),
    });
  }
}
