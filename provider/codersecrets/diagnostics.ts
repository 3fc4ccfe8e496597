/** Diagnostic builders and attribute paths (terraform-plugin-go style: `secret[2].env_name`). */
import type { AttributePath, AttributePathStep, Diagnostic } from "./protocol/messages";
import { Severity } from "./protocol/messages";

export type PathStep = string | number;

/** `["secret", 2, "env_name"]` → AttributePath; strings are attribute names, numbers list indexes. */
export function attributePath(steps: readonly PathStep[]): AttributePath {
  return {
    steps: steps.map((s): AttributePathStep => (typeof s === "number" ? { element_key_int: s } : { attribute_name: s })),
  };
}

/** `secret[2].env_name`, for logs and tests. */
export function formatPath(path: AttributePath | undefined): string {
  if (!path) return "";
  let out = "";
  for (const step of path.steps) {
    if ("attribute_name" in step) out += out === "" ? step.attribute_name : `.${step.attribute_name}`;
    else if ("element_key_int" in step) out += `[${step.element_key_int}]`;
    else out += `[${JSON.stringify(step.element_key_string)}]`;
  }
  return out;
}

export function errorDiagnostic(summary: string, detail?: string, path?: readonly PathStep[]): Diagnostic {
  return diagnostic(Severity.ERROR, summary, detail, path);
}

export function warningDiagnostic(summary: string, detail?: string, path?: readonly PathStep[]): Diagnostic {
  return diagnostic(Severity.WARNING, summary, detail, path);
}

function diagnostic(severity: Severity, summary: string, detail?: string, path?: readonly PathStep[]): Diagnostic {
  const d: Diagnostic = { severity, summary };
  if (detail !== undefined) d.detail = detail;
  if (path !== undefined && path.length > 0) d.attribute = attributePath(path);
  return d;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === Severity.ERROR);
}
