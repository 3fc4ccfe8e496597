/**
 * The synth-time secret-flow check: finds secret references in the synthesized attributes of each Terraform element
 * and reports those that reach a place Coder does not treat as sensitive. Pure functions over resolved JSON; the
 * aspect that applies them lives in checks.ts.
 *
 * Secret sources: sensitive attributes of the committed provider schemas (the generator drops `sensitive`, so they
 * come from generated/sensitive-attributes.ts) and of the user's registrations, the bridge provider's sensitive
 * outputs, sensitive variables, every value given to a DynamicSecret, and (by {@link propagateTaint}) every local,
 * resource or data source whose inputs hold one of these: their attributes carry the secret on, except those known
 * not to ({@link KNOWN_CLEAN_ATTRIBUTES}).
 */
import { IConstruct } from "constructs";
import { ENV_NAME_SYNTAX, hasExpansionHazard } from "../core";
import { CODERSECRETS_SENSITIVE_ATTRIBUTES } from "./codersecrets";
import { SENSITIVE_DATA_SOURCE_ATTRIBUTES, SENSITIVE_RESOURCE_ATTRIBUTES } from "./generated/sensitive-attributes";
import { isUnsafeFlowAllowed } from "./unsafe-flow";

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
  /** Resources and data sources whose inputs hold a secret, by node key ({@link nodeKeyOf}); from {@link propagateTaint}. */
  readonly tainted?: ReadonlyMap<string, TaintedNode>;
}

/**
 * Attributes that do not carry a secret their element's inputs hold, by element type (`data.` prefix for data sources);
 * `*` applies to every type. Only computed attributes need a row: a configured attribute carries what its configured
 * value holds, and nothing else.
 */
export const KNOWN_CLEAN_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  // Terraform's resource identity: set by the provider, never derived from argument values in the providers covered.
  "*": ["id"],
  // The bootstrap script and the agent's token do not contain the env map.
  coder_agent: ["init_script"],
  // sha256 prefixes, not values (DESIGN: `fingerprints` is not sensitive; constructs show it only where asked).
  "data.codersecrets_manifest": ["fingerprints"],
  // Certificates and requests hold the public key and a signature, never the private key they were built with.
  tls_self_signed_cert: ["cert_pem", "ready_for_renewal", "validity_end_time", "validity_start_time"],
  tls_locally_signed_cert: ["cert_pem", "ready_for_renewal", "validity_end_time", "validity_start_time"],
  tls_cert_request: ["cert_request_pem"],
  "data.tls_public_key": ["public_key_fingerprint_md5", "public_key_fingerprint_sha256", "public_key_openssh", "public_key_pem"],
  // The container's network addresses, assigned by Docker.
  docker_container: ["bridge", "network_data"],
});

/** Keys of a resource or data source body that are Terraform meta-arguments: they never hand a value to an attribute. */
const META_KEYS: ReadonlySet<string> = new Set(["//", "count", "for_each", "depends_on", "provider", "lifecycle", "connection", "provisioner"]);

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

/**
 * References in one expression (inside `${…}`). String literals inside it are not code, but a template inside one
 * (`"a-${x.y}"`) is: its interpolations are read as expressions too.
 */
export function traversals(expr: string): Traversal[] {
  const out: Traversal[] = [];
  const code = expr.replace(/"(?:[^"\\]|\\.)*"/g, (literal) => {
    if (literal.includes("${")) for (const inner of interpolations(literal.slice(1, -1))) out.push(...traversals(inner));
    return '""';
  });
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

/** The taint pass's key for the element a traversal reads: `type.name`, `data.type.name`, `local.name`; "" for a variable. */
export function nodeKeyOf(t: Pick<Traversal, "kind" | "type" | "name">): string {
  if (t.kind === "var") return "";
  if (t.kind === "data") return `data.${t.type}.${t.name}`;
  if (t.kind === "local") return `local.${t.name}`;
  return `${t.type}.${t.name}`;
}

/**
 * True when `t` reads a secret named by a source itself (a registered traversal, a sensitive variable, a sensitive
 * attribute of the tables), before anything is followed through locals or resources.
 */
function isDeclaredSecret(t: Traversal, sources: SecretSources): boolean {
  for (const s of sources.secretTraversals) {
    if (t.text === s || s.startsWith(t.text + ".") || t.text.startsWith(s + ".")) return true;
  }
  if (t.kind === "var") return sources.sensitiveVariables.has(t.name);
  if (t.kind === "local") return false;
  const table = t.kind === "data" ? sources.dataSourceAttributes : sources.resourceAttributes;
  const sensitive = table[t.type];
  if (sensitive && sensitive.length > 0) {
    // A whole-object reference carries its sensitive attributes along.
    if (t.attribute === undefined) return true;
    if (sensitive.some((a) => a === t.attribute || a.startsWith(t.attribute + "."))) return true;
  }
  return false;
}

/** True when `t` reads a secret according to `sources`. */
export function isSecretTraversal(t: Traversal, sources: SecretSources): boolean {
  if (isDeclaredSecret(t, sources)) return true;
  if (t.kind === "var") return false;
  if (t.kind === "local") return sources.secretLocals.has(t.name);
  const node = sources.tainted?.get(nodeKeyOf(t));
  return node !== undefined && carriesSecret(node, t.attribute);
}

/** A local, resource or data source, as the taint pass sees it. */
export interface FlowNode {
  /** {@link nodeKeyOf} of the element. */
  readonly key: string;
  /** Terraform type, `data.` prefixed for data sources (the key of {@link KNOWN_CLEAN_ATTRIBUTES}); "" for a local. */
  readonly cleanType: string;
  /** The resolved body; a local's is its whole value. */
  readonly body: unknown;
  /** True for a local: its value is one input, and every attribute of it carries what the value holds. */
  readonly isLocal: boolean;
}

/** What the taint pass learned about one element whose inputs hold a secret. */
export interface TaintedNode {
  /** Attributes set in the configuration (a local has none). */
  readonly configured: ReadonlySet<string>;
  /** The configured attributes, or `=` for a local's value, that hold a secret. Never empty. */
  readonly secretInputs: ReadonlySet<string>;
  /** Computed attributes known not to carry the secret. */
  readonly clean: ReadonlySet<string>;
}

const LOCAL_INPUT = "=";

/**
 * Whether reading `attribute` (the first attribute after the name; undefined for the whole object) of a tainted
 * element yields a secret: a configured attribute carries what its value holds; any other attribute carries the
 * element's secret unless it is known clean.
 */
export function carriesSecret(node: TaintedNode, attribute: string | undefined): boolean {
  if (attribute === undefined) return true;
  if (node.configured.has(attribute)) return node.secretInputs.has(attribute);
  return !node.clean.has(attribute);
}

interface NodeState {
  readonly configured: Set<string>;
  readonly secretInputs: Set<string>;
  readonly clean: ReadonlySet<string>;
  /** Inputs of other nodes that read configured attribute `a` of this node. */
  readonly readersOf: Map<string, Array<[NodeState, string]>>;
  /** Inputs of other nodes that read this node whole, or a computed attribute of it that is not known clean. */
  readonly readersOfAny: Array<[NodeState, string]>;
}

/**
 * Follows secrets through locals, resources and data sources. An input (a configured attribute, or a local's value)
 * is secret when it holds a declared secret ({@link isDeclaredSecret}, or a planted plaintext), or reads an attribute
 * of another element that carries one ({@link carriesSecret}). One scan of every body, then a worklist over the
 * reference edges in which each edge is visited at most once: linear in the size of the bodies.
 */
export function propagateTaint(nodes: readonly FlowNode[], sources: SecretSources, clean: Readonly<Record<string, readonly string[]>> = KNOWN_CLEAN_ATTRIBUTES): Map<string, TaintedNode> {
  const states = new Map<string, NodeState>();
  const anyClean = clean["*"] ?? [];
  const cleanSets = new Map<string, ReadonlySet<string>>();
  const cleanFor = (n: FlowNode): ReadonlySet<string> => {
    let set = cleanSets.get(n.cleanType);
    if (set === undefined) cleanSets.set(n.cleanType, (set = new Set(n.isLocal ? [] : [...anyClean, ...(clean[n.cleanType] ?? [])])));
    return set;
  };
  for (const n of nodes) {
    const configured = new Set<string>();
    if (!n.isLocal && n.body !== null && typeof n.body === "object") for (const k of Object.keys(n.body)) if (!META_KEYS.has(k)) configured.add(k);
    states.set(n.key, { configured, secretInputs: new Set(), clean: cleanFor(n), readersOf: new Map(), readersOfAny: [] });
  }
  const queue: Array<[NodeState, string, boolean]> = [];
  const mark = (st: NodeState, input: string) => {
    if (st.secretInputs.has(input)) return;
    queue.push([st, input, st.secretInputs.size === 0]);
    st.secretInputs.add(input);
  };
  const plain = sources.plaintexts.filter((p) => p.length > 0);
  // Expressions repeat across a stack (`coder_agent.main.id` in every resource that names the agent): parse each once.
  const parsed = new Map<string, Traversal[]>();
  const traversalsOf = (expr: string): Traversal[] => {
    let ts = parsed.get(expr);
    if (ts === undefined) parsed.set(expr, (ts = traversals(expr)));
    return ts;
  };
  for (const n of nodes) {
    const st = states.get(n.key) as NodeState;
    const scan = (input: string) => (s: string) => {
      for (const p of plain) if (s.includes(p)) mark(st, input);
      if (!s.includes("${")) return;
      for (const expr of interpolations(s)) {
        for (const t of traversalsOf(expr)) {
          if (isDeclaredSecret(t, sources)) {
            mark(st, input);
            continue;
          }
          const target = states.get(nodeKeyOf(t));
          if (target === undefined || target === st) continue;
          if (t.attribute !== undefined && target.configured.has(t.attribute)) {
            const list = target.readersOf.get(t.attribute);
            if (list === undefined) target.readersOf.set(t.attribute, [[st, input]]);
            else list.push([st, input]);
          } else if (t.attribute === undefined || !target.clean.has(t.attribute)) {
            target.readersOfAny.push([st, input]);
          }
        }
      }
    };
    if (n.isLocal) forEachString(n.body, scan(LOCAL_INPUT));
    else for (const k of st.configured) forEachString((n.body as Record<string, unknown>)[k], scan(k));
  }
  for (let i = 0; i < queue.length; i++) {
    const [st, input, first] = queue[i];
    for (const [reader, readerInput] of st.readersOf.get(input) ?? []) mark(reader, readerInput);
    if (first) for (const [reader, readerInput] of st.readersOfAny) mark(reader, readerInput);
  }
  const out = new Map<string, TaintedNode>();
  for (const [key, st] of states) {
    if (st.secretInputs.size > 0) out.set(key, { configured: st.configured, secretInputs: st.secretInputs, clean: st.clean });
  }
  return out;
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

/** Calls `fn` on every string inside a JSON value (skipping `//` comments), without building a list. */
export function forEachString(v: unknown, fn: (s: string) => void): void {
  if (typeof v === "string") fn(v);
  else if (Array.isArray(v)) for (const x of v) forEachString(x, fn);
  else if (v !== null && typeof v === "object") for (const k of Object.keys(v)) if (k !== "//") forEachString((v as Record<string, unknown>)[k], fn);
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

/** Whether an `unsafe…` API opened this place (`env:NAME`, `item:KEY`) of the element: its owning construct says. */
const isAllowed = isUnsafeFlowAllowed;

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

/**
 * How a sink judges what reaches it: `clear-text`, any secret is an error; `unless-sensitive`, a secret is an error
 * unless the object holding the attribute says `sensitive = true`; `env`, a secret that skips the bridge provider, and
 * a literal `$NAME` the agent would expand, are warnings.
 */
export type SinkRule = "clear-text" | "unless-sensitive" | "env";

interface SinkPlaceSpec {
  /** The element: a resource type, `data.TYPE` for a data source, or `output` for every output. */
  readonly element: string;
  /**
   * The attribute: `name`, `block[].name` (each element of a list, named `block[i].name`), or `name{}` (each value
   * of a map, named by its key; a whole-map expression is checked as one value).
   */
  readonly attribute: string;
}

/** One place a secret must not reach in clear. {@link SECRET_SINKS} lists them all; the check walks that table. */
export type SecretSink =
  | (SinkPlaceSpec & {
      readonly rule: "clear-text" | "unless-sensitive";
      /** What to do instead, the end of the error. */
      readonly fix: string;
      /** For `unless-sensitive` in a list: the attribute of each element that names it (`key`), for messages and `unsafe…` opt-ins. */
      readonly keyAttribute?: string;
    })
  | (SinkPlaceSpec & {
      readonly rule: "env";
      /** On a single value: the sibling attribute holding the env name. */
      readonly envNameAttribute?: string;
    });

/**
 * Every place Coder shows or logs in clear, and what a secret reaching it is. README's list of sinks is tested against
 * this table (test/constructs/secret-sinks.test.ts).
 */
export const SECRET_SINKS: readonly SecretSink[] = Object.freeze([
  { element: "output", attribute: "value", rule: "unless-sensitive", fix: "set `sensitive: true` on the TerraformOutput (Terraform state still holds it; Coder never shows outputs)" },
  { element: "coder_agent", attribute: "env{}", rule: "env" },
  { element: "coder_agent", attribute: "startup_script", rule: "clear-text", fix: FIX_SCRIPT },
  { element: "coder_agent", attribute: "shutdown_script", rule: "clear-text", fix: FIX_SCRIPT },
  { element: "coder_agent", attribute: "metadata[].script", rule: "clear-text", fix: FIX_SCRIPT },
  { element: "coder_env", attribute: "value", rule: "env", envNameAttribute: "name" },
  { element: "coder_script", attribute: "script", rule: "clear-text", fix: FIX_SCRIPT },
  // The app URL and command are shown in the dashboard and returned by the API to anyone who can view the workspace.
  { element: "coder_app", attribute: "url", rule: "clear-text", fix: FIX_SCRIPT },
  { element: "coder_app", attribute: "command", rule: "clear-text", fix: FIX_SCRIPT },
  {
    element: "coder_metadata", attribute: "item[].value", rule: "unless-sensitive", keyAttribute: "key",
    fix: "mark the item `sensitive: true` (SecretMetadata.addSecret does), or show a fingerprint with SecretDisplay.FINGERPRINT; note the API still returns sensitive items to anyone who can read the workspace",
  },
  {
    element: "data.coder_parameter", attribute: "default", rule: "clear-text",
    fix: "parameters have no sensitive flag and are shown in clear to anyone who can view the workspace: never default a parameter to a secret; use a DynamicSecret or a UserSecret instead",
  },
] as const satisfies readonly SecretSink[]);

/** The table's rows by element, in table order. */
const SINKS_BY_ELEMENT: ReadonlyMap<string, readonly SecretSink[]> = (() => {
  const by = new Map<string, SecretSink[]>();
  for (const sink of SECRET_SINKS) by.set(sink.element, [...(by.get(sink.element) ?? []), sink]);
  return by;
})();

function sinkElement(kind: ElementView["kind"], type: string): string {
  return kind === "output" ? "output" : kind === "data" ? `data.${type}` : type;
}

/** True when {@link SECRET_SINKS} has a row for this kind of element; false means the check can find nothing there. */
export function hasFlowRules(kind: ElementView["kind"], type: string): boolean {
  return SINKS_BY_ELEMENT.has(sinkElement(kind, type));
}

/** One value a sink row selects in a body. */
interface SinkPlace {
  readonly value: unknown;
  /** The object holding the attribute (the body, a list element). */
  readonly holder: Record<string, unknown>;
  /** The attribute as a message names it before labels apply (`startup_script`, `metadata[0].script`). */
  readonly path: string;
  readonly index: number;
  /** For `name{}`: the map key; undefined for the whole map given as one expression. */
  readonly mapKey?: string;
  readonly wholeMap?: boolean;
}

const asRecord = (v: unknown): Record<string, unknown> => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The values `attribute` (the table's syntax) selects in `body`. */
function placesOf(body: Record<string, unknown>, attribute: string): SinkPlace[] {
  const list = /^([^.[{]+)\[\]\.(.+)$/.exec(attribute);
  if (list) {
    const [, block, inner] = list;
    const items = body[block!];
    return Array.isArray(items) ? items.map((raw, index) => ({ value: asRecord(raw)[inner!], holder: asRecord(raw), path: `${block}[${index}].${inner}`, index })) : [];
  }
  const map = /^([^.[{]+)\{\}$/.exec(attribute);
  if (map) {
    const v = body[map[1]!];
    if (typeof v === "string") return [{ value: v, holder: body, path: map[1]!, index: 0, wholeMap: true }];
    if (v === null || typeof v !== "object" || Array.isArray(v)) return [];
    return Object.entries(v).map(([mapKey, value], index) => ({ value, holder: body, path: `${map[1]}.${mapKey}`, index, mapKey }));
  }
  return body[attribute] === undefined ? [] : [{ value: body[attribute], holder: body, path: attribute, index: 0 }];
}

/**
 * A user-given name (metadata key, env name) as a message may print it: JSON-quoted so control characters show as
 * escapes, or `fallback` when the name is computed or holds a planted plaintext, since it might then be a secret.
 */
function nameLabel(name: string, sources: SecretSources, fallback: string): string {
  if (interpolations(name).length > 0 || sources.plaintexts.some((p) => p.length > 0 && name.includes(p))) return fallback;
  return JSON.stringify(name);
}

/** An env name as a message prints it: bare when it is a plain identifier (the common case), else {@link nameLabel}. */
function envLabel(name: string, sources: SecretSources, fallback: string): string {
  return ENV_NAME_SYNTAX.test(name) && !sources.plaintexts.some((p) => p.length > 0 && name.includes(p)) ? name : nameLabel(name, sources, fallback);
}

/** Applies every row of {@link SECRET_SINKS} for the element's type to one element. */
export function checkElementFlow(view: ElementView, sources: SecretSources): FlowFinding[] {
  const out: FlowFinding[] = [];
  const sinks = SINKS_BY_ELEMENT.get(sinkElement(view.kind, view.type));
  if (sinks === undefined) return out;
  const path = view.construct.node.path;
  const place = (what: string) => `${what} of ${view.address} (construct ${path})`;
  const error = (refs: string[], what: string, fix: string) =>
    out.push({ severity: "error", message: `Secret flow: ${refs.join(", ")} reaches ${place(what)}, which Coder does not treat as sensitive. Fix: ${fix}` });
  const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
  const secretRefs = (v: unknown) => [...new Set(stringsIn(v).flatMap((s) => secretsIn(s, sources)))];

  const checkEnvValue = (name: string, label: string, v: unknown, what: string) => {
    const s = str(v);
    if (s === undefined) return;
    const refs = secretsIn(s, sources).filter((r) => !isSanctionedEnvReference(r));
    if (refs.length > 0 && !isAllowed(view.construct, `env:${name}`)) {
      out.push({
        severity: "warning",
        message: `Secret flow: ${refs.join(", ")} reaches ${place(what)} directly: it skips the bridge provider's checks, lands in the agent's plain env map and is \`$\`-expanded by the agent. Fix: use agent.addSecret(new DynamicSecret(scope, id, { value, env: ${label === name ? JSON.stringify(name) : "NAME"} })), or agent.unsafeAddPlaintextEnv() to keep it on purpose`,
      });
    }
    const literal = literalText(s);
    if (hasExpansionHazard(literal) && !isAllowed(view.construct, `env:${name}`)) {
      out.push({
        severity: "warning",
        message: `Env ${label}: the literal value of ${place(what)} contains \`$\` followed by a name; Coder's agent expands template env with os.ExpandEnv (no escape; \`$$\` becomes empty), so the workspace sees a different value. Fix: if the value is a secret, deliver it with a file target or as a Coder user secret (injected raw); otherwise remove the \`$\``,
      });
    }
  };

  for (const sink of sinks) {
    for (const p of placesOf(view.body, sink.attribute)) {
      if (sink.rule === "env") {
        if (p.wholeMap) {
          checkEnvValue("(whole map)", "(whole map)", p.value, p.path);
        } else if (p.mapKey !== undefined) {
          const label = envLabel(p.mapKey, sources, `#${p.index}`);
          checkEnvValue(p.mapKey, label, p.value, label === p.mapKey ? p.path : `${sink.attribute.slice(0, -2)}[${label}]`);
        } else {
          const name = str(p.holder[sink.envNameAttribute ?? ""]) ?? "";
          checkEnvValue(name, envLabel(name, sources, "(computed name)"), p.value, p.path);
        }
        continue;
      }
      const refs = secretRefs(p.value);
      if (refs.length === 0) continue;
      if (sink.rule === "clear-text") {
        error(refs, p.path, sink.fix);
      } else if (p.holder.sensitive !== true) {
        if (sink.keyAttribute === undefined) {
          if (!isAllowed(view.construct, view.kind)) error(refs, `the ${view.kind} ${p.path}`, sink.fix);
        } else {
          const key = str(p.holder[sink.keyAttribute]) ?? String(p.index);
          const block = sink.attribute.slice(0, sink.attribute.indexOf("["));
          if (!isAllowed(view.construct, `${block}:${key}`)) error(refs, `${block} ${nameLabel(key, sources, `#${p.index}`)}`, sink.fix);
        }
      }
    }
  }
  return out;
}
