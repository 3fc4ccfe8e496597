/**
 * User registrations for the secret-flow check: sensitive attributes of providers the committed table does not cover
 * (a private provider, a newer version), and computed attributes known not to carry a secret their element's inputs
 * hold. Registered on a scope like `Tags.of(scope)`: on the App for every template, on a stack (or any construct in
 * it) for that stack.
 */
import { IConstruct } from "constructs";
import { TerraformStack } from "./cdk";
import { CoderConstructError } from "./errors";
import { defaultSensitiveTables, KNOWN_CLEAN_ATTRIBUTES, SecretSources } from "./secret-flow";

type Tables = Pick<SecretSources, "resourceAttributes" | "dataSourceAttributes">;
type Table = Readonly<Record<string, readonly string[]>>;

const TYPE_SYNTAX = /^(data\.)?[A-Za-z_][A-Za-z0-9_-]*$/;
const ATTRIBUTE_SYNTAX = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

/** A name as it may be printed: JSON-quoted, so control characters show as escapes. */
function quoted(s: string): string {
  return JSON.stringify(s);
}

/**
 * The secret-flow check's sensitivity registry for a scope.
 *
 * ```ts
 * SensitiveAttributes.of(app).add("my_vault_token", "token");          // resource my_vault_token, attribute token
 * SensitiveAttributes.of(app).add("data.my_kv", "value", "meta.raw");  // a data source; `block.attr` for nested blocks
 * SensitiveAttributes.of(stack).addNonSecret("my_db", "endpoint");      // computed, never holds what the inputs hold
 * ```
 */
export class SensitiveAttributes {
  /** The registry of the stack `scope` is in, or of `scope` itself (the App) when it is in no stack. */
  public static of(scope: IConstruct): SensitiveAttributes {
    const anchor = [...scope.node.scopes].reverse().find((c) => TerraformStack.isStack(c)) ?? scope;
    let reg = REGISTRIES.get(anchor);
    if (reg === undefined) {
      reg = new SensitiveAttributes(anchor);
      REGISTRIES.set(anchor, reg);
    }
    return reg;
  }

  private readonly sensitive = new Map<string, Set<string>>();
  private readonly nonSecret = new Map<string, Set<string>>();

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Marks attributes of a resource type (or `data.TYPE` for a data source) as sensitive: a reference to one that
   * reaches a sink is a finding, as for the committed provider schemas.
   * @param type Terraform resource type (`my_resource`), or `data.` + data source type (`data.my_source`)
   * @param attributes attribute names; nested block attributes as `block.attr`
   */
  public add(type: string, ...attributes: string[]): this {
    this.record(this.sensitive, "add", type, attributes);
    return this;
  }

  /**
   * Marks computed attributes of a type (or `data.TYPE`) as never carrying a secret the element's inputs hold, so
   * the check stops following a secret through them (it already treats `id`, and configured attributes by their value).
   * @param type Terraform resource type, or `data.` + data source type
   * @param attributes top-level attribute names
   */
  public addNonSecret(type: string, ...attributes: string[]): this {
    this.record(this.nonSecret, "addNonSecret", type, attributes);
    return this;
  }

  private record(into: Map<string, Set<string>>, method: string, type: string, attributes: readonly string[]): void {
    const where = `SensitiveAttributes.${method}`;
    if (typeof type !== "string" || !TYPE_SYNTAX.test(type)) {
      throw new CoderConstructError(this.scope, `${where}: type ${quoted(String(type))} is not a Terraform type (letters, digits, _ and -, not starting with a digit; data sources as data.TYPE)`,
        'pass the type as it appears in the synthesized JSON, e.g. "random_password" or "data.vault_generic_secret"');
    }
    if (attributes.length === 0) {
      throw new CoderConstructError(this.scope, `${where}(${quoted(type)}): no attribute given`, `name at least one attribute, e.g. SensitiveAttributes.of(scope).${method}(${quoted(type)}, "token")`);
    }
    for (const a of attributes) {
      const ok = typeof a === "string" && ATTRIBUTE_SYNTAX.test(a) && (into === this.sensitive || !a.includes("."));
      if (!ok) {
        throw new CoderConstructError(this.scope, `${where}(${quoted(type)}): attribute ${quoted(String(a))} is not an attribute name (${into === this.sensitive ? "names joined by . for nested blocks" : "one top-level name"})`,
          'pass the attribute as Terraform names it, e.g. "token"' + (into === this.sensitive ? ' or "block.token"' : ""));
      }
    }
    const set = into.get(type) ?? new Set<string>();
    for (const a of attributes) set.add(a);
    into.set(type, set);
  }

  /** @internal What was registered, by type as given (`data.` prefix for data sources). */
  public _entries(): { readonly sensitive: ReadonlyMap<string, ReadonlySet<string>>; readonly nonSecret: ReadonlyMap<string, ReadonlySet<string>> } {
    return { sensitive: this.sensitive, nonSecret: this.nonSecret };
  }
}

const REGISTRIES = new WeakMap<IConstruct, SensitiveAttributes>();

/** Registries that apply to `stack`: its own and those of the scopes around it (the App). */
function registriesFor(stack: TerraformStack): SensitiveAttributes[] {
  return stack.node.scopes.map((c) => REGISTRIES.get(c)).filter((r): r is SensitiveAttributes => r !== undefined);
}

function merged(base: Table, additions: Array<[string, ReadonlySet<string>]>): Table {
  if (additions.length === 0) return base;
  const out: Record<string, readonly string[]> = { ...base };
  for (const [type, attrs] of additions) out[type] = [...new Set([...(out[type] ?? []), ...attrs])];
  return out;
}

/** The sensitive-attribute tables for `stack`: the committed ones plus the user's registrations. */
export function sensitiveTablesOf(stack: TerraformStack): Tables {
  const defaults = defaultSensitiveTables();
  const regs = registriesFor(stack);
  if (regs.length === 0) return defaults;
  const resources: Array<[string, ReadonlySet<string>]> = [];
  const dataSources: Array<[string, ReadonlySet<string>]> = [];
  for (const r of regs) {
    for (const [type, attrs] of r._entries().sensitive) {
      if (type.startsWith("data.")) dataSources.push([type.slice("data.".length), attrs]);
      else resources.push([type, attrs]);
    }
  }
  return { resourceAttributes: merged(defaults.resourceAttributes, resources), dataSourceAttributes: merged(defaults.dataSourceAttributes, dataSources) };
}

/** The known-clean table for `stack`: {@link KNOWN_CLEAN_ATTRIBUTES} plus the user's `addNonSecret` registrations. */
export function cleanTableOf(stack: TerraformStack): Table {
  return merged(KNOWN_CLEAN_ATTRIBUTES, registriesFor(stack).flatMap((r) => [...r._entries().nonSecret]));
}
