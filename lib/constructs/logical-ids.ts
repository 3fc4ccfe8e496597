/**
 * Readable, stable Terraform names. CDKTF's default names nested constructs `path_HASH8`; a Coder template is
 * reviewed like HCL, so names here are the construct path below the stack joined with `_` (`main/env_secrets` →
 * `main_env_secrets`), with the CDK convention that a child called `Default` or `Resource` takes its parent's name.
 * Collisions are not silently merged: {@link findDuplicateAddresses} reports them.
 */
import { IConstruct } from "constructs";
import { TerraformElement } from "./cdk";
import { classifyElement } from "./elements";

const HIDDEN_IDS = new Set(["Default", "Resource"]);

/** Makes one Terraform identifier (letters, digits, `_`, `-`; not starting with a digit or `-`). */
export function sanitizeIdentifier(raw: string): string {
  const s = raw.replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[A-Za-z_]/.test(s) ? s : `_${s}`;
}

/** The readable name for a construct path below its stack. */
export function readableLogicalId(pathBelowStack: readonly string[]): string {
  const parts = pathBelowStack.filter((p) => !HIDDEN_IDS.has(p));
  const joined = parts.length > 0 ? parts.join("_") : pathBelowStack.join("_");
  return sanitizeIdentifier(joined);
}

/** The Terraform address an element synthesizes to (`coder_agent.main`, `data.coder_parameter.x`, `output.y`), if it has one. */
export function terraformAddress(el: TerraformElement): string | undefined {
  return classifyElement(el)?.address;
}

/** Addresses claimed by more than one construct, with the paths of the constructs claiming each. */
export function findDuplicateAddresses(elements: readonly TerraformElement[]): Map<string, IConstruct[]> {
  const byAddress = new Map<string, IConstruct[]>();
  for (const el of elements) {
    const addr = terraformAddress(el);
    if (addr === undefined) continue;
    const list = byAddress.get(addr) ?? [];
    list.push(el);
    byAddress.set(addr, list);
  }
  return new Map([...byAddress].filter(([, list]) => list.length > 1));
}
