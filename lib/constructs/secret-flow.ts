/**
 * The synth-time secret-flow check: finds secret references in the synthesized attributes of each Terraform element
 * and reports those that reach a place Coder does not treat as sensitive. Pure functions over resolved JSON; the
 * aspect that applies them lives in checks.ts.
 *
 * Secret sources: sensitive attributes of the committed provider schemas (the generator drops `sensitive`, so they
 * come from generated/sensitive-attributes.ts), the bridge provider's sensitive outputs, sensitive variables, locals
 * built from any of these, and every value given to a DynamicSecret.
 */
import { IConstruct } from "constructs";
import { hasExpansionHazard } from "../core";
import { CODERSECRETS_SENSITIVE_ATTRIBUTES } from "./codersecrets";
import { SENSITIVE_DATA_SOURCE_ATTRIBUTES, SENSITIVE_RESOURCE_ATTRIBUTES } from "./generated/sensitive-attributes";

export type FlowSeverity = "error" | "warning";

/** One problem the check found; `message` names the place, the construct path and the fix, never a value. */
export interface FlowFinding {
  readonly severity: FlowSeverity;
  readonly message: string;
}

/** Where secrets come from, for one stack. */
export interface SecretSources {
  /** resource type → sensitive attributes. */
  readonly resourceAttributes: Readonly<Record<string, readonly string[]>>;
  /** data source type → sensitive attributes. */
  readonly dataSourceAttributes: Readonly<Record<string, readonly string[]>>;
  /** Names of sensitive variables. */
  readonly sensitiveVariables: ReadonlySet<string>;
  /** Names of locals whose expression holds a secret. */
  readonly secretLocals: ReadonlySet<string>;
  /** Traversals given to DynamicSecrets (`random_password.db.result`), matched as prefixes. */
  readonly secretTraversals: ReadonlySet<string>;
  /** Plaintext given through `unsafe…` APIs; matched as substrings so a copy elsewhere is caught. */
  readonly plaintexts: readonly string[];
}

const DEFAULT_TABLES: Pick<SecretSources, "resourceAttributes" | "dataSourceAttributes"> = Object.freeze({
  resourceAttributes: SENSITIVE_RESOURCE_ATTRIBUTES,
  dataSourceAttributes: Object.freeze({ ...SENSITIVE_DATA_SOURCE_ATTRIBUTES, codersecrets_manifest: CODERSECRETS_SENSITIVE_ATTRIBUTES }),
});

/** The default source tables: every committed schema plus the bridge provider (built once; read-only). */
export function defaultSensitiveTables(): Pick<SecretSources, "resourceAttributes" | "dataSourceAttributes"> {
  return DEFAULT_TABLES;
}

/** The contents of every `${…}` interpolation in a Terraform JSON string (`$${` is an escape, not one). */
export function interpolations(value: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < value.length) {
    const at = value.indexOf("${", i);
    if (at < 0) break;
    if (at > 0 && value[at - 1] === "$") {
      i = at + 2;
      continue;
    }
    let depth = 1;
    let j = at + 2;
    let quote = false;
    for (; j < value.length && depth > 0; j++) {
      const c = value[j];
      if (quote) {
        if (c === "\\") j++;
        else if (c === '"') quote = false;
      } else if (c === '"') quote = true;
      else if (c === "{") depth++;
      else if (c === "}") depth--;
    }
    out.push(value.slice(at + 2, j - 1));
    i = j;
  }
  return out;
}

/** The literal text of a Terraform JSON string: interpolations removed, `$${`/`%%{` unescaped. */
export function literalText(value: string): string {
  let text = value;
  for (const expr of interpolations(value)) text = text.replace("${" + expr + "}", "");
  return text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}

/** A reference found in an expression. */
export interface Traversal {
  readonly kind: "resource" | "data" | "var" | "local";
  readonly type: string;
  readonly name: string;
  /** First attribute after the name (index brackets skipped), if any. */
  readonly attribute: string | undefined;
  /** `type.name[.attribute]` with `data.` prefix for data sources, without indexes. */
  readonly text: string;
}

const TRAVERSAL = /(?<![\w.])(data\.)?([A-Za-z_][\w]*)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z_][\w]*))?/g;
const NOT_RESOURCES = new Set(["each", "count", "self", "path", "terraform", "module"]);

/** References in one expression (inside `${…}`), ignoring string literals inside it. */
export function traversals(expr: string): Traversal[] {
  const code = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const out: Traversal[] = [];
  for (const m of code.matchAll(TRAVERSAL)) {
    const [, dataPrefix, first, second, attr] = m;
    if (dataPrefix) {
      // data.TYPE.NAME.attr: the regex saw TYPE as `first`, NAME as `second`, attr as `attr`.
      out.push({ kind: "data", type: first, name: second, attribute: attr, text: `data.${first}.${second}${attr ? "." + attr : ""}` });
    } else if (first === "var" || first === "local") {
      out.push({ kind: first, type: first, name: second, attribute: attr, text: `${first}.${second}` });
    } else if (!NOT_RESOURCES.has(first) && first !== "data") {
      out.push({ kind: "resource", type: first, name: second, attribute: attr, text: `${first}.${second}${attr ? "." + attr : ""}` });
    }
  }
  return out;
}

/** True when `t` reads a secret according to `sources`. */
export function isSecretTraversal(t: Traversal, sources: SecretSources): boolean {
  for (const s of sources.secretTraversals) {
    if (t.text === s || s.startsWith(t.text + ".") || t.text.startsWith(s + ".")) return true;
  }
  if (t.kind === "var") return sources.sensitiveVariables.has(t.name);
  if (t.kind === "local") return sources.secretLocals.has(t.name);
  const table = t.kind === "data" ? sources.dataSourceAttributes : sources.resourceAttributes;
  const sensitive = table[t.type];
  if (sensitive && sensitive.length > 0) {
    // A whole-object reference carries its sensitive attributes along.
    if (t.attribute === undefined) return true;
    if (sensitive.some((a) => a === t.attribute || a.startsWith(t.attribute + "."))) return true;
  }
  return false;
}

/** The secret references (as `type.name.attr` text) and planted plaintexts found in a string. */
export function secretsIn(value: string, sources: SecretSources): string[] {
  const found = new Set<string>();
  for (const expr of interpolations(value)) {
    for (const t of traversals(expr)) if (isSecretTraversal(t, sources)) found.add(t.text);
  }
  for (const p of sources.plaintexts) if (p.length > 0 && value.includes(p)) found.add("a plaintext secret value");
  return [...found];
}

/** Every string inside a JSON value. */
export function stringsIn(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(stringsIn);
  if (v !== null && typeof v === "object") return Object.entries(v).filter(([k]) => k !== "//").flatMap(([, x]) => stringsIn(x));
  return [];
}

/** References produced by our own constructs for env delivery: fine in `coder_agent.env` / `coder_env`. */
function isSanctionedEnvReference(text: string): boolean {
  return /^data\.codersecrets_manifest\.[^.]+\.(env|proto_base64)$/.test(text);
}

/** Places an `unsafe…` API opted out of the check, per construct: `env:NAME`, `item:KEY`, `output`. */
const UNSAFE_ALLOWED = new WeakMap<IConstruct, Set<string>>();

/** Records that `scope`'s `place` carries a secret in clear on purpose (an `unsafe…` API was used). */
export function allowUnsafeFlow(scope: IConstruct, place: string): void {
  const set = UNSAFE_ALLOWED.get(scope) ?? new Set<string>();
  set.add(place);
  UNSAFE_ALLOWED.set(scope, set);
}

function isAllowed(scope: IConstruct, place: string): boolean {
  return UNSAFE_ALLOWED.get(scope)?.has(place) ?? false;
}

/** What the check needs to know about one element. */
export interface ElementView {
  readonly construct: IConstruct;
  /** `resource`, `data` or `output`. */
  readonly kind: "resource" | "data" | "output";
  /** Terraform type (`coder_agent`), or "" for outputs. */
  readonly type: string;
  /** Terraform address, for messages. */
  readonly address: string;
  /** Resolved attributes. */
  readonly body: Record<string, unknown>;
}

const FIX_SCRIPT =
  "deliver the secret with agent.addSecret(new DynamicSecret(...)) to an env or file target and read it from the script's environment or the file; script text is logged by the agent and visible in `ps`";

/** Resource and data source types that have a sink rule in {@link checkElementFlow} (every output has one). */
const SINK_RESOURCE_TYPES: ReadonlySet<string> = new Set(["coder_agent", "coder_env", "coder_script", "coder_app", "coder_metadata"]);
const SINK_DATA_TYPES: ReadonlySet<string> = new Set(["coder_parameter"]);

/** True when {@link checkElementFlow} has a rule for this kind of element; false means it can find nothing there. */
export function hasFlowRules(kind: ElementView["kind"], type: string): boolean {
  if (kind === "output") return true;
  return (kind === "resource" ? SINK_RESOURCE_TYPES : SINK_DATA_TYPES).has(type);
}

/** Applies every sink rule to one element. */
export function checkElementFlow(view: ElementView, sources: SecretSources): FlowFinding[] {
  const out: FlowFinding[] = [];
  if (!hasFlowRules(view.kind, view.type)) return out;
  const path = view.construct.node.path;
  const place = (what: string) => `${what} of ${view.address} (construct ${path})`;
  const error = (refs: string[], what: string, fix: string) =>
    out.push({ severity: "error", message: `Secret flow: ${refs.join(", ")} reaches ${place(what)}, which Coder does not treat as sensitive. Fix: ${fix}` });
  const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

  const checkScript = (v: unknown, what: string) => {
    const refs = stringsIn(v).flatMap((s) => secretsIn(s, sources));
    if (refs.length > 0) error([...new Set(refs)], what, FIX_SCRIPT);
  };
  const checkEnvValue = (name: string, v: unknown, what: string) => {
    const s = str(v);
    if (s === undefined) return;
    const refs = secretsIn(s, sources).filter((r) => !isSanctionedEnvReference(r));
    if (refs.length > 0 && !isAllowed(view.construct, `env:${name}`)) {
      out.push({
        severity: "warning",
        message: `Secret flow: ${refs.join(", ")} reaches ${place(what)} directly: it skips the bridge provider's checks, lands in the agent's plain env map and is \`$\`-expanded by the agent. Fix: use agent.addSecret(new DynamicSecret(scope, id, { value, env: "${name}" })), or agent.unsafeAddPlaintextEnv() to keep it on purpose`,
      });
    }
    const literal = literalText(s);
    if (hasExpansionHazard(literal) && !isAllowed(view.construct, `env:${name}`)) {
      out.push({
        severity: "warning",
        message: `Env ${name}: the literal value of ${place(what)} contains \`$\` followed by a name; Coder's agent expands template env with os.ExpandEnv (no escape; \`$$\` becomes empty), so the workspace sees a different value. Fix: if the value is a secret, deliver it with a file target or as a Coder user secret (injected raw); otherwise remove the \`$\``,
      });
    }
  };

  if (view.kind === "output") {
    const refs = stringsIn(view.body.value).flatMap((s) => secretsIn(s, sources));
    if (refs.length > 0 && view.body.sensitive !== true && !isAllowed(view.construct, "output")) {
      error([...new Set(refs)], "the output value", "set `sensitive: true` on the TerraformOutput (Terraform state still holds it; Coder never shows outputs)");
    }
    return out;
  }
  if (view.kind === "resource" && view.type === "coder_agent") {
    const env = view.body.env;
    if (env !== null && typeof env === "object" && !Array.isArray(env)) {
      for (const [name, v] of Object.entries(env)) checkEnvValue(name, v, `env.${name}`);
    } else if (typeof env === "string") {
      checkEnvValue("(whole map)", env, "env");
    }
    for (const key of ["startup_script", "shutdown_script"]) if (view.body[key] !== undefined) checkScript(view.body[key], key);
    const md = view.body.metadata;
    if (Array.isArray(md)) md.forEach((m, i) => checkScript((m as Record<string, unknown>)?.script, `metadata[${i}].script`));
  }
  if (view.kind === "resource" && view.type === "coder_env") {
    checkEnvValue(str(view.body.name) ?? "?", view.body.value, "value");
  }
  if (view.kind === "resource" && view.type === "coder_script") {
    checkScript(view.body.script, "script");
  }
  if (view.kind === "resource" && view.type === "coder_app") {
    // The app URL and command are shown in the dashboard and returned by the API to anyone who can view the workspace.
    for (const key of ["url", "command"]) if (view.body[key] !== undefined) checkScript(view.body[key], key);
  }
  if (view.kind === "resource" && view.type === "coder_metadata") {
    const items = Array.isArray(view.body.item) ? view.body.item : [];
    items.forEach((raw, i) => {
      const item = (raw ?? {}) as Record<string, unknown>;
      const key = str(item.key) ?? String(i);
      const refs = stringsIn(item.value).flatMap((s) => secretsIn(s, sources));
      if (refs.length > 0 && item.sensitive !== true && !isAllowed(view.construct, `item:${key}`)) {
        error([...new Set(refs)], `item "${key}"`, 'mark the item `sensitive: true` (SecretMetadata.addSecret does), or show a fingerprint with SecretDisplay.FINGERPRINT; note the API still returns sensitive items to anyone who can read the workspace');
      }
    });
  }
  if (view.kind === "data" && view.type === "coder_parameter") {
    const refs = stringsIn(view.body.default).flatMap((s) => secretsIn(s, sources));
    if (refs.length > 0) {
      error([...new Set(refs)], "default", "parameters have no sensitive flag and are shown in clear to anyone who can view the workspace: never default a parameter to a secret; use a DynamicSecret or a UserSecret instead");
    }
  }
  return out;
}
