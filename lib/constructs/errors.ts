import { IConstruct } from "constructs";

/**
 * A construct was used in a way that can never synthesize (thrown at construction time). The message names the
 * construct path, the rule and the fix; it never contains a secret value.
 */
export class CoderConstructError extends Error {
  /** Path of the construct at fault. */
  readonly constructPath: string;
  /** What to do about it. */
  readonly fix: string;

  constructor(scope: IConstruct, problem: string, fix: string) {
    super(`[${scope.node.path}] ${problem}. Fix: ${fix}`);
    this.name = "CoderConstructError";
    this.constructPath = scope.node.path;
    this.fix = fix;
  }
}
