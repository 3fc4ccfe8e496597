import { IConstruct } from "constructs";

/**
 * A construct was used in a way that can never synthesize (thrown at construction time). The message names the
 * construct path, the rule and the fix; it never contains a secret value.
 */
export class CoderConstructError extends Error {
  /**
   * Removes `construct` from its scope, then throws the error naming it: a construct refused in its own constructor
   * leaves nothing half-built in the tree.
   */
  public static abandon(construct: IConstruct, problem: string, fix: string): never {
    const error = new CoderConstructError(construct, problem, fix);
    construct.node.scope?.node.tryRemoveChild(construct.node.id);
    throw error;
  }

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
