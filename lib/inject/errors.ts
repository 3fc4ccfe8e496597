import { SecretRuleViolation } from "../core";

/**
 * The manifest breaks a rule the injector enforces before writing anything (Coder's file-path rules; env-name rules
 * when an env file is asked for). Nothing has been written. The CLI maps it to exit code 2.
 */
export class InjectInputError extends Error {
  readonly violations: readonly SecretRuleViolation[];

  constructor(violations: readonly SecretRuleViolation[], context = "manifest") {
    super(`${context}: ${violations.length} problem${violations.length === 1 ? "" : "s"}; nothing written:\n${violations.map((v) => `  - ${v.message}`).join("\n")}`);
    this.name = "InjectInputError";
    this.violations = violations;
  }
}

/** An error as a reason: an OS error by its code and call (its message would quote the path raw); ours as it says. */
export function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === "string" && typeof e.syscall === "string") return `${e.code} (${e.syscall})`;
  return e && typeof e.code === "string" ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, "")}` : "error";
}
