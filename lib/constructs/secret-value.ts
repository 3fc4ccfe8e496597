/**
 * `SecretValue`: the value of a dynamic secret, a value object that carries its nature (a reference resolved at apply
 * time, or clear text on purpose), so no registry beside the value has to remember which is which. Also the rule that
 * a literal must not reach a secret unless it came through `unsafeFromPlaintext`.
 */
import { IConstruct } from "constructs";
import { Fn, resolveTokens, TerraformElement, TerraformLocal, TerraformStack, TerraformVariable, Token } from "./cdk";
import { classifyElement } from "./elements";
import { interpolations, stringsIn, traversals } from "./secret-flow";

const SECRET_VALUE_BRAND = Symbol.for("cdktf-coder-secrets.SecretValue");

/** The fix offered wherever a literal is refused as a secret value. */
const LITERAL_FIX =
  "pass a reference to a provider attribute (e.g. `apiKey.secret`) or to a variable without a default (set it when pushing: `coder templates push --variable NAME=…`), or use SecretValue.unsafeFromPlaintext(text) for a test value";

/** A plain string where a secret reference is required. Names the rule and the fix, never the value. */
export class PlaintextSecretError extends Error {
  /** What to do about it. */
  readonly fix = LITERAL_FIX;

  constructor(where: string) {
    super(`${where}: the value is a plain string, which would be written into the template in clear; a secret value must be a reference. Fix: ${LITERAL_FIX}`);
    this.name = "PlaintextSecretError";
  }
}

/**
 * The value of a {@link DynamicSecret}: `SecretValue.fromReference(apiKey.secret)` for an attribute of any provider (or
 * a variable without a default, or a local built from them); `SecretValue.unsafeFromPlaintext(text)` for clear text.
 */
export class SecretValue {
  /**
   * A reference resolved at apply time. A plain string is refused here (a {@link PlaintextSecretError}); a literal
   * hidden in a token (`Fn.sensitive("…")`, a variable's default, a local holding a literal) is refused at synthesis
   * by the construct that holds the value.
   */
  public static fromReference(reference: string): SecretValue {
    if (!Token.isUnresolved(reference)) throw new PlaintextSecretError("SecretValue.fromReference");
    return new SecretValue(reference, false);
  }

  /**
   * Clear text. It is written into the synthesized template (wrapped in Terraform's `sensitive()`), so anyone who can
   * read the template can read it: for tests and throwaway values only.
   */
  public static unsafeFromPlaintext(plaintext: string): SecretValue {
    return new SecretValue(Token.asString(Fn.sensitive(plaintext)), true);
  }

  /** True for SecretValue instances, also across copies of this library. */
  public static isSecretValue(x: unknown): x is SecretValue {
    return typeof x === "object" && x !== null && SECRET_VALUE_BRAND in x;
  }

  /** The Terraform expression (a token that resolves at synthesis). */
  public readonly expression: string;
  /** True when the value is clear text given through {@link SecretValue.unsafeFromPlaintext}. */
  public readonly isUnsafePlaintext: boolean;

  private constructor(expression: string, unsafePlaintext: boolean) {
    this.expression = expression;
    this.isUnsafePlaintext = unsafePlaintext;
    Object.defineProperty(this, SECRET_VALUE_BRAND, { value: true });
  }

  /** The expression, so a SecretValue can stand where a string is expected. */
  public toString(): string {
    return this.expression;
  }
}

/** A construct holding a secret value (a {@link DynamicSecret}); the secret-flow check finds them in the tree. */
export interface ISecretValueHolder extends IConstruct {
  readonly secretValue: SecretValue;
}

function holdsSecretValue(c: IConstruct): c is ISecretValueHolder {
  return SecretValue.isSecretValue((c as { secretValue?: unknown }).secretValue);
}

/**
 * Every secret value held by a construct of this stack (not of a stack nested in it), in construct order: the
 * construct tree is the registry.
 * @internal
 */
export function secretValuesIn(stack: TerraformStack): Array<{ readonly value: string; readonly plaintext: boolean }> {
  const out: Array<{ value: string; plaintext: boolean }> = [];
  const visit = (c: IConstruct): void => {
    for (const child of c.node.children) {
      if (TerraformStack.isStack(child)) continue;
      if (holdsSecretValue(child)) out.push({ value: child.secretValue.expression, plaintext: child.secretValue.isUnsafePlaintext });
      visit(child);
    }
  };
  visit(stack);
  return out;
}

/**
 * Why a secret value is clear text in the synthesized template, or undefined when it is not: it reaches no provider
 * attribute and no variable without a default (a literal in `Fn.sensitive`, a local holding a literal, a function of
 * literals only), or it reads a variable whose default the template holds. Never quotes the value.
 * @internal
 */
export function literalSecretProblem(scope: IConstruct, value: SecretValue): string | undefined {
  if (value.isUnsafePlaintext) return undefined;
  const stack = TerraformStack.of(scope);
  const resolved = resolveTokens(stack, value.expression) as unknown;
  let named: Map<string, TerraformVariable | TerraformLocal> | undefined;
  const find = (kind: "var" | "local", name: string) => {
    if (named === undefined) {
      named = new Map();
      for (const c of stack.node.findAll()) {
        const info = c instanceof TerraformElement ? classifyElement(c) : undefined;
        if (info?.kind === "variable" || info?.kind === "local") named.set(info.address, info.element);
      }
    }
    return named.get(`${kind}.${name}`);
  };
  const defaults = new Set<string>();
  const literalLocals = new Set<string>();
  const seen = new Set<string>();
  /** True when the strings reach a provider attribute or a variable without a default. */
  const reaches = (strings: readonly string[]): boolean => {
    let found = false;
    for (const s of strings) {
      for (const expr of interpolations(s)) {
        for (const t of traversals(expr)) {
          if (t.kind === "resource" || t.kind === "data") found = true;
          else if (t.kind === "var") {
            const v = find("var", t.name);
            if (v instanceof TerraformVariable && v.default !== undefined) defaults.add(t.name);
            else found = true;
          } else if (!seen.has(t.name)) {
            seen.add(t.name);
            const l = find("local", t.name);
            if (!(l instanceof TerraformLocal)) found = true;
            else if (reaches(stringsIn(resolveTokens(stack, l.toTerraform())))) found = true; // `expression` reads back as `${local.NAME}`
            else literalLocals.add(t.name);
          }
        }
      }
    }
    return found;
  };
  const found = reaches(stringsIn(resolved));
  if (defaults.size > 0) {
    const names = [...defaults].map((n) => `var.${n}`).join(", ");
    return `the value reads ${names}, whose default the synthesized template holds in clear (a variable's default is a literal, sensitive or not)`;
  }
  if (!found) {
    const locals = [...literalLocals].map((n) => `local.${n}`);
    const via = locals.length === 0 ? "" : ` (${locals.join(", ")} ${locals.length === 1 ? "holds" : "hold"} only literals)`;
    return `the value is a literal${via}: it reaches no provider attribute and no variable, so the synthesized template holds it in clear (Fn.sensitive() only hides it from plan output)`;
  }
  return undefined;
}

/** The rule and fix for {@link literalSecretProblem}, for messages. @internal */
export const LITERAL_SECRET_RULE = `a secret's value must come from a provider attribute, a variable without a default, or a local built from them, unless it is given through SecretValue.unsafeFromPlaintext. Fix: ${LITERAL_FIX}`;
