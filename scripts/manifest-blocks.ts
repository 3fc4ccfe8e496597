/**
 * The `secret` blocks of a synthesized `codersecrets_manifest` body as Terraform expands them, for the tools that read
 * the synthesized JSON without Terraform (the demo, tests). Terraform's JSON syntax gives a body's blocks in the order
 * of its properties: the static `secret` blocks and the `dynamic "secret"` blocks (each kept when its `for_each` has an
 * element), in the order of the body's keys (the constructs write one kind or the other, never both). The `for_each`
 * forms the constructs write are the only ones read: `${[1]}`, and `${nonsensitive((REF == "")) ? [] : [1]}` with
 * REF resolved by the caller; anything else is refused.
 */
import { ExpressionError, ResolveReference } from "./expression";

/** One `secret {}` block: targets and the value's expression, as synthesized. */
export interface ManifestBlock {
  readonly env_name?: string;
  readonly file_path?: string;
  readonly value: string;
}

const ALWAYS = "${[1]}";
const UNLESS_EMPTY = /^\$\{nonsensitive\(\(([A-Za-z_][A-Za-z0-9_.-]*) == ""\)\) \? \[\] : \[1\]\}$/;

type Json = Record<string, unknown>;

/** Whether a dynamic block with this `for_each` is expanded once (true) or not at all (false). */
function expands(forEach: unknown, resolve: ResolveReference): boolean {
  if (forEach === ALWAYS) return true;
  const m = typeof forEach === "string" ? UNLESS_EMPTY.exec(forEach) : null;
  if (m === null) throw new ExpressionError(`dynamic "secret" for_each ${JSON.stringify(forEach)} is not a form the constructs write`);
  return resolve(m[1]) !== "";
}

/** The blocks of `body` (a `data.codersecrets_manifest.NAME` object of a synthesized `.tf.json`), in manifest order. */
export function manifestBlocks(body: Json, resolve: ResolveReference): ManifestBlock[] {
  const out: ManifestBlock[] = [];
  for (const key of Object.keys(body)) {
    if (key === "secret") out.push(...(body.secret as ManifestBlock[]));
    if (key !== "dynamic") continue;
    const dynamic = ((body.dynamic as Json).secret as Array<{ for_each: unknown; content: ManifestBlock }> | undefined) ?? [];
    out.push(...dynamic.filter((d) => expands(d.for_each, resolve)).map((d) => d.content));
  }
  return out;
}

/** Every block `body` may hold, conditional ones included, in manifest order (what a reader lists without values). */
export function allManifestBlocks(body: Json): ManifestBlock[] {
  return manifestBlocks(body, () => "present");
}
