import { describeTarget, SecretTargets } from "./secret";

export type Severity = "error" | "warning";

/** The manifest field a problem is about; `secrets` means the set as a whole. */
export type SecretField = "env_name" | "file_path" | "value" | "secrets";

/** Every rule this project checks, one code each. */
export type RuleCode =
  | "env_name.too_long"
  | "env_name.syntax"
  | "env_name.reserved"
  | "env_name.coder_reserved"
  | "env_name.reserved_prefix"
  | "env_file.runtime_name"
  | "file_path.prefix"
  | "file_path.user_home"
  | "file_path.nul"
  | "file_path.too_long"
  | "file_path.dot_segments"
  | "value.nul"
  | "value.too_large"
  | "secret.no_target"
  | "set.count"
  | "set.total_bytes"
  | "set.env_bytes"
  | "set.duplicate_env"
  | "set.duplicate_file"
  | "set.path_collision"
  | "env.dollar_expansion"
  | "env.shadowed_by_user_secret"
  | "env.overridden_by_agent";

export interface ViolationInit {
  readonly code: RuleCode;
  readonly severity: Severity;
  readonly field: SecretField;
  /** Targets of the offending secret (its value is never taken). */
  readonly target: SecretTargets | string;
  /** Position in the checked list, when the problem belongs to one entry. */
  readonly index?: number;
  /** Coder's own wording of the rule where Coder has one (coder/coder codersdk/usersecretvalidation.go). */
  readonly coderMessage: string;
  /** What to do about it. */
  readonly fix: string;
}

/**
 * One broken rule. Carries the field, the offending target (never the value), Coder's message and a fix,
 * so every layer (synth, plan, inject) reports it the same way. A finding, not an exception: it is never thrown
 * (SecretValidationError is), so it captures no stack trace, which under cdktf's deep construct stacks cost more
 * than the rest of a rule check.
 */
export class SecretRuleViolation {
  readonly name = "SecretRuleViolation";
  /** `secret[2] env_name (env PATH): <Coder's message>. Fix: <fix>`. */
  readonly message: string;
  readonly code: RuleCode;
  readonly severity: Severity;
  readonly field: SecretField;
  readonly index: number | undefined;
  readonly target: string;
  readonly coderMessage: string;
  readonly fix: string;

  constructor(init: ViolationInit) {
    const target = typeof init.target === "string" ? init.target : describeTarget(init.target);
    const where = init.index === undefined ? "" : `secret[${init.index}] `;
    this.message = `${where}${init.field} (${target}): ${init.coderMessage}. Fix: ${init.fix}`;
    this.code = init.code;
    this.severity = init.severity;
    this.field = init.field;
    this.index = init.index;
    this.target = target;
    this.coderMessage = init.coderMessage;
    this.fix = init.fix;
  }

  public toString(): string {
    return `${this.name}: ${this.message}`;
  }

  /** The same problem, attributed to entry `index` of a list. */
  at(index: number): SecretRuleViolation {
    return new SecretRuleViolation({ ...this.init(), index });
  }

  private init(): ViolationInit {
    return {
      code: this.code,
      severity: this.severity,
      field: this.field,
      target: this.target,
      index: this.index,
      coderMessage: this.coderMessage,
      fix: this.fix,
    };
  }
}

/** Thrown when a set of secrets breaks at least one error-level rule; lists all of them at once. */
export class SecretValidationError extends Error {
  readonly problems: readonly SecretRuleViolation[];

  constructor(problems: readonly SecretRuleViolation[], context = "secrets") {
    const errors = problems.filter((p) => p.severity === "error");
    super(`${context}: ${errors.length} problem${errors.length === 1 ? "" : "s"}:\n${errors.map((p) => `  - ${p.message}`).join("\n")}`);
    this.name = "SecretValidationError";
    this.problems = errors;
  }
}

export function errorsOf(problems: readonly SecretRuleViolation[]): SecretRuleViolation[] {
  return problems.filter((p) => p.severity === "error");
}

export function warningsOf(problems: readonly SecretRuleViolation[]): SecretRuleViolation[] {
  return problems.filter((p) => p.severity === "warning");
}
