/**
 * A tiny evaluator for the Terraform expressions the demo must resolve without Terraform: a whole-string
 * interpolation `${…}` holding references (stood in by the caller), string literals, `==`/`!=`, the conditional
 * operator, and the functions the constructs compose secret files with (`format` with `%s`, `urlencode`, `replace`
 * with a plain substring, `jsonencode` of a string). Anything else is refused with the construct of the expression
 * named, never a value. test/scripts/expression.test.ts holds it to real Terraform.
 */

/** An expression the evaluator does not cover; the message quotes the expression text (references only). */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExpressionError";
  }
}

type Value = string | boolean;

/** Resolves one reference (`data.coder_external_auth.x.access_token`) to its stand-in value. */
export type ResolveReference = (reference: string) => string;

const WHOLE_INTERPOLATION = /^\$\{([\s\S]+)\}$/;

/** Go's url.QueryEscape, which Terraform's urlencode uses: unreserved bytes kept, space as `+`, the rest `%XX`. */
export function urlencode(s: string): string {
  let out = "";
  for (const byte of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === " ") out += "+";
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Go's encoding/json of a string, which Terraform's jsonencode uses: as JSON.stringify, plus `<>&` U+2028 U+2029 as `\uXXXX`. */
export function jsonencodeString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function format(spec: string, args: readonly Value[]): string {
  let next = 0;
  const out = spec.replace(/%(.)/g, (_, verb: string) => {
    if (verb === "%") return "%";
    if (verb !== "s") throw new ExpressionError(`format verb %${verb} is not supported (only %s and %%)`);
    if (next >= args.length) throw new ExpressionError("format has more %s verbs than arguments");
    return String(args[next++]);
  });
  if (next !== args.length) throw new ExpressionError("format has more arguments than %s verbs");
  return out;
}

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  format: ([spec, ...rest]) => format(str(spec, "format"), rest),
  urlencode: ([s]) => urlencode(str(s, "urlencode")),
  replace: ([s, from, to]) => {
    const f = str(from, "replace");
    if (f.length > 1 && f.startsWith("/") && f.endsWith("/")) throw new ExpressionError("replace with a regular expression is not supported");
    return str(s, "replace").split(f).join(str(to, "replace"));
  },
  jsonencode: ([s]) => jsonencodeString(str(s, "jsonencode")),
};

function str(v: Value | undefined, fn: string): string {
  if (typeof v !== "string") throw new ExpressionError(`${fn} expects a string argument`);
  return v;
}

/** A recursive-descent parser that evaluates as it goes (the subset has no side effects and no short-circuit need). */
class Parser {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly resolve: ResolveReference,
  ) {}

  public parseAll(): Value {
    const v = this.expression();
    this.space();
    if (this.at !== this.text.length) this.fail("unexpected text");
    return v;
  }

  private fail(what: string): never {
    throw new ExpressionError(`${what} at offset ${this.at} of \${${this.text}}`);
  }

  private space(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
  }

  private eat(token: string): boolean {
    this.space();
    if (this.text.startsWith(token, this.at)) {
      this.at += token.length;
      return true;
    }
    return false;
  }

  private expression(): Value {
    const cond = this.comparison();
    if (!this.eat("?")) return cond;
    const yes = this.expression();
    if (!this.eat(":")) this.fail("expected `:` of a conditional");
    const no = this.expression();
    if (typeof cond !== "boolean") this.fail("a conditional needs a boolean condition");
    return cond ? yes : no;
  }

  private comparison(): Value {
    const left = this.primary();
    if (this.eat("==")) return left === this.primary();
    if (this.eat("!=")) return left !== this.primary();
    return left;
  }

  private primary(): Value {
    this.space();
    if (this.eat("(")) {
      const v = this.expression();
      if (!this.eat(")")) this.fail("expected `)`");
      return v;
    }
    if (this.text[this.at] === '"') return this.stringLiteral();
    const name = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.at))?.[0];
    if (name === undefined) this.fail("expected an expression");
    this.at += name.length;
    if (this.eat("(")) {
      const fn = FUNCTIONS[name];
      if (fn === undefined) this.fail(`function ${name}() is not supported`);
      const args: Value[] = [];
      if (!this.eat(")")) {
        do args.push(this.expression());
        while (this.eat(","));
        if (!this.eat(")")) this.fail("expected `)` after arguments");
      }
      return fn(args);
    }
    let reference = name;
    for (;;) {
      const m = /^(?:\.[A-Za-z_][A-Za-z0-9_-]*|\["[^"\\]*"\]|\[[0-9]+\])/.exec(this.text.slice(this.at));
      if (m === null) break;
      reference += m[0];
      this.at += m[0].length;
    }
    if (reference === "true" || reference === "false") return reference === "true";
    return this.resolve(reference);
  }

  private stringLiteral(): string {
    let out = "";
    this.at++; // opening quote
    while (this.at < this.text.length) {
      const c = this.text[this.at];
      if (c === '"') {
        this.at++;
        return out;
      }
      if (c === "\\") {
        const e = this.text[this.at + 1];
        const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
        if (e in simple) {
          out += simple[e];
          this.at += 2;
        } else if (e === "u" && /^[0-9A-Fa-f]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) {
          out += String.fromCharCode(parseInt(this.text.slice(this.at + 2, this.at + 6), 16));
          this.at += 6;
        } else this.fail(`escape \\${e} is not supported`);
        continue;
      }
      if (this.text.startsWith("$${", this.at) || this.text.startsWith("%%{", this.at)) {
        out += `${c}{`;
        this.at += 3;
        continue;
      }
      if (this.text.startsWith("${", this.at) || this.text.startsWith("%{", this.at)) this.fail("a template inside a string literal is not supported");
      out += c;
      this.at++;
    }
    return this.fail("unterminated string");
  }
}

/**
 * The value of a string from a synthesized `.tf.json`: a whole `${…}` interpolation is evaluated (references through
 * `resolve`); any other string is a literal and returned as it is, `$${`/`%%{` unescaped.
 */
export function evaluateTerraformString(raw: string, resolve: ResolveReference): string {
  const m = WHOLE_INTERPOLATION.exec(raw);
  if (m === null) {
    if (/(?<![$%])[$%]\{/.test(raw.replace(/\$\$\{|%%\{/g, ""))) throw new ExpressionError("a string mixing literal text and interpolations is not supported");
    return raw.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
  }
  const v = new Parser(m[1], resolve).parseAll();
  if (typeof v !== "string") throw new ExpressionError(`\${${m[1]}} is not a string`);
  return v;
}
