/**
 * What a Terraform element is, asked once: resource, data source, output, variable or local, with its Terraform
 * address and where its body sits in the synthesized JSON. Every check that needs the kind of an element (addresses,
 * the secret-flow check, literal-secret detection) reads it here instead of its own `instanceof` ladder.
 */
import { TerraformDataSource, TerraformElement, TerraformLocal, TerraformOutput, TerraformResource, TerraformVariable } from "./cdk";

interface Common {
  /** `friendlyUniqueId`: the name under which the element synthesizes. */
  readonly name: string;
  /** How an expression refers to it (`coder_agent.main`, `data.coder_parameter.x`, `var.v`, `local.l`, `output.o`). */
  readonly address: string;
  /** The keys leading to its body in the stack's Terraform JSON (`["resource", type, name]`; a local's value: `["locals", name]`). */
  readonly jsonPath: readonly string[];
}

/** A classified element; `element` is the same object, typed by its kind. */
export type ElementInfo =
  | (Common & { readonly kind: "resource"; readonly type: string; readonly element: TerraformResource })
  | (Common & { readonly kind: "data"; readonly type: string; readonly element: TerraformDataSource })
  | (Common & { readonly kind: "output"; readonly element: TerraformOutput })
  | (Common & { readonly kind: "variable"; readonly element: TerraformVariable })
  | (Common & { readonly kind: "local"; readonly element: TerraformLocal });

export type ElementKind = ElementInfo["kind"];

/** The element's kind, address and JSON path; undefined for elements that are none of the five (providers, backends). */
export function classifyElement(el: TerraformElement): ElementInfo | undefined {
  const name = el.friendlyUniqueId;
  if (el instanceof TerraformResource) {
    const type = el.terraformResourceType;
    return { kind: "resource", type, name, address: `${type}.${name}`, jsonPath: ["resource", type, name], element: el };
  }
  if (el instanceof TerraformDataSource) {
    const type = el.terraformResourceType;
    return { kind: "data", type, name, address: `data.${type}.${name}`, jsonPath: ["data", type, name], element: el };
  }
  if (el instanceof TerraformOutput) return { kind: "output", name, address: `output.${name}`, jsonPath: ["output", name], element: el };
  if (el instanceof TerraformVariable) return { kind: "variable", name, address: `var.${name}`, jsonPath: ["variable", name], element: el };
  if (el instanceof TerraformLocal) return { kind: "local", name, address: `local.${name}`, jsonPath: ["locals", name], element: el };
  return undefined;
}
