/**
 * The aspect every CoderTemplate carries (aspects added to the App never run in CDKTF 0.21, so each stack adds its
 * own). At synthesis it (1) lets constructs with synth-time rules report them while aspects run; then, once per aspect
 * pass, after all aspects and before annotations are collected (see CoderTemplate), it (2) rejects two constructs
 * claiming one Terraform address and (3) runs the secret-flow check on every element over a single resolved
 * `stack.toTerraform()`. Errors are error annotations, which make `app.synth()` and `cdktf synth` fail; warnings are
 * printed and do not.
 */
import { IConstruct } from "constructs";
import { Annotations, IAspect, TerraformElement, TerraformStack, resolveTokens } from "./cdk";
import { classifyElement } from "./elements";
import { findDuplicateAddresses } from "./logical-ids";
import { secretValuesIn } from "./secret-value";
import { checkElementFlow, ElementView, FlowNode, hasFlowRules, interpolations, propagateTaint, SecretSources, traversals } from "./secret-flow";
import { cleanTableOf, sensitiveTablesOf } from "./sensitivity";

/** A construct with rules that can only be checked once the tree is complete. */
export interface ISynthCheck {
  /** Reports problems through `Annotations.of(...)`; called once per synthesis. */
  checkAtSynth(): void;
}

function isSynthCheck(x: unknown): x is ISynthCheck {
  return typeof x === "object" && x !== null && typeof (x as { checkAtSynth?: unknown }).checkAtSynth === "function";
}

/**
 * The stack's Terraform elements in construct order (as `node.findAll()`), without those of a stack nested in it: one
 * walk of the tree, where asking `TerraformStack.of` for each construct would walk up from every one of them.
 */
function elementsOf(stack: TerraformStack): TerraformElement[] {
  const out: TerraformElement[] = [];
  const visit = (c: IConstruct): void => {
    for (const child of c.node.children) {
      if (TerraformStack.isStack(child)) continue;
      if (child instanceof TerraformElement) out.push(child);
      visit(child);
    }
  };
  visit(stack);
  return out;
}

/** Finds the resolved body of an element (`{resource: {type: {name: BODY}}}` → BODY). */
export type BodyLookup = (el: TerraformElement) => Record<string, unknown> | undefined;

function asObject(o: unknown): Record<string, unknown> | undefined {
  return o !== null && typeof o === "object" && !Array.isArray(o) ? (o as Record<string, unknown>) : undefined;
}

/** Looks bodies up by address in one resolved `stack.toTerraform()` result: no token resolution per element. */
export function bodiesIn(json: Readonly<Record<string, unknown>>): BodyLookup {
  const at = (...keys: string[]): Record<string, unknown> | undefined => {
    let o: Record<string, unknown> | undefined = json as Record<string, unknown>;
    for (const k of keys) o = o === undefined || !Object.prototype.hasOwnProperty.call(o, k) ? undefined : asObject(o[k]);
    return o;
  };
  return (el) => {
    const info = classifyElement(el);
    if (info === undefined) return undefined;
    if (info.kind !== "local") return at(...info.jsonPath);
    // A local's value need not be an object: its body is `{ NAME: value }`, as the element's own JSON has it.
    const locals = at("locals");
    return locals !== undefined && Object.prototype.hasOwnProperty.call(locals, info.name) ? { [info.name]: locals[info.name] } : undefined;
  };
}

/** Resolves each element on its own (slow path, for {@link secretSourcesOf} called without a synthesized stack). */
function resolvingBodies(stack: TerraformStack): BodyLookup {
  return (el) => bodiesIn(resolveTokens(stack, el.toTerraform()) as Record<string, unknown>)(el);
}

/**
 * Collects the stack's secret sources: tables (with the user's registrations), sensitive variables, registered values,
 * then the locals, resources and data sources their secrets flow through ({@link propagateTaint}). Pass `json` (a resolved `stack.toTerraform()`) to read bodies from it instead of resolving each element.
 */
export function secretSourcesOf(stack: TerraformStack, json?: Readonly<Record<string, unknown>>): SecretSources {
  return sourcesOf(stack, elementsOf(stack), json === undefined ? resolvingBodies(stack) : bodiesIn(json));
}

/**
 * What the stack's secret values hold (the construct tree is the registry: each DynamicSecret carries its SecretValue):
 * the traversals they read, and the plaintext given through `unsafe…` APIs (which arrives wrapped as `sensitive("…")`).
 */
function registeredSecrets(stack: TerraformStack): { traversals: Set<string>; plaintexts: string[] } {
  const found = { traversals: new Set<string>(), plaintexts: [] as string[] };
  for (const r of secretValuesIn(stack)) {
    const resolved = resolveTokens(stack, r.value);
    if (typeof resolved !== "string") continue;
    const exprs = interpolations(resolved);
    if (r.plaintext) {
      for (const e of exprs) {
        const m = /^sensitive\("((?:[^"\\]|\\.)*)"\)$/.exec(e.trim());
        if (m) found.plaintexts.push(JSON.parse(`"${m[1]}"`) as string);
      }
      if (exprs.length === 0) found.plaintexts.push(resolved);
    }
    for (const e of exprs) for (const t of traversals(e)) found.traversals.add(t.text);
  }
  return found;
}

/** The element as the taint pass sees it, or undefined for elements that hand no value on (variables, outputs, providers). */
function flowNodeOf(el: TerraformElement, bodyOf: BodyLookup): FlowNode | undefined {
  const info = classifyElement(el);
  if (info?.kind === "local") return { key: info.address, cleanType: "", body: bodyOf(el)?.[info.name], isLocal: true };
  if (info?.kind !== "resource" && info?.kind !== "data") return undefined;
  const body = bodyOf(el);
  if (body === undefined) return undefined;
  return { key: info.address, cleanType: info.kind === "data" ? `data.${info.type}` : info.type, body, isLocal: false };
}

function sourcesOf(stack: TerraformStack, elements: readonly TerraformElement[], bodyOf: BodyLookup): SecretSources {
  const sensitiveVariables = new Set<string>();
  const nodes: FlowNode[] = [];
  for (const el of elements) {
    if (classifyElement(el)?.kind === "variable" && bodyOf(el)?.sensitive === true) sensitiveVariables.add(el.friendlyUniqueId);
    const node = flowNodeOf(el, bodyOf);
    if (node !== undefined) nodes.push(node);
  }
  const registered = registeredSecrets(stack);
  const secretLocals = new Set<string>();
  const declared: SecretSources = {
    ...sensitiveTablesOf(stack), sensitiveVariables, secretLocals, secretTraversals: registered.traversals, plaintexts: registered.plaintexts,
  };
  const tainted = propagateTaint(nodes, declared, cleanTableOf(stack));
  for (const key of tainted.keys()) if (key.startsWith("local.")) secretLocals.add(key.slice("local.".length));
  return { ...declared, tainted };
}

/**
 * The aspect added to every CoderTemplate. Per-construct rules run while aspects are invoked. The address check and
 * the secret-flow check need the finished tree (an aspect may still add constructs), and the flow check resolved
 * attributes, so both run once per aspect pass over one resolved `stack.toTerraform()` result ({@link runFlowChecks}),
 * after every aspect has run and before annotations are collected (the CoderTemplate calls it from its validation,
 * or from `toTerraform()` when only aspects ran, as in `Testing.synth`).
 */
export class TemplateChecks implements IAspect {
  private flowPending = false;

  constructor(private readonly stack: TerraformStack) {}

  public visit(node: IConstruct): void {
    if (node === this.stack) this.flowPending = true;
    if (isSynthCheck(node)) node.checkAtSynth();
  }

  /** True once per aspect pass: the aspects ran and the flow check has not run since. Clears the flag. */
  public takeFlowPending(): boolean {
    const pending = this.flowPending;
    this.flowPending = false;
    return pending;
  }

  /**
   * The checks over the finished tree, after every aspect ran: duplicate addresses, then the secret-flow check on every
   * resource, data source and output, reading bodies from `json` (the resolved stack). One walk finds the elements.
   */
  public runFlowChecks(json: Readonly<Record<string, unknown>>): void {
    const elements = elementsOf(this.stack);
    this.checkAddresses(elements);
    const bodyOf = bodiesIn(json);
    const sources = sourcesOf(this.stack, elements, bodyOf);
    for (const el of elements) this.checkFlow(el, bodyOf, sources);
  }

  private checkAddresses(elements: readonly TerraformElement[]): void {
    for (const [address, constructs] of findDuplicateAddresses(elements)) {
      const paths = constructs.map((c) => c.node.path);
      for (const c of constructs) {
        Annotations.of(c).addError(
          `Duplicate Terraform address ${address}: claimed by ${paths.join(" and ")}; Terraform would silently merge them. Fix: give one of the constructs another id (or another overrideLogicalId)`,
        );
      }
    }
  }

  private checkFlow(el: TerraformElement, bodyOf: BodyLookup, sources: SecretSources): void {
    const info = classifyElement(el);
    if (info?.kind !== "resource" && info?.kind !== "data" && info?.kind !== "output") return;
    const kind = info.kind;
    const type = info.kind === "output" ? "" : info.type;
    if (!hasFlowRules(kind, type)) return;
    const body = bodyOf(el);
    if (body === undefined) return;
    const view: ElementView = {
      construct: el,
      kind,
      type,
      address: info.address,
      body,
    };
    for (const f of checkElementFlow(view, sources)) {
      if (f.severity === "error") Annotations.of(el).addError(f.message);
      else Annotations.of(el).addWarning(f.message);
    }
  }
}
