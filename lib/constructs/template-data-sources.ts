/**
 * The data sources a template needs once (`data.coder_workspace_owner`; `data.coder_external_auth` per ID), as the
 * source constructs find them: a call that is given none reuses the template's own when it has exactly one, and a
 * synth-time check (which sees the whole tree) reports one that is there beside the one a call added.
 */
import { IConstruct } from "constructs";
import { Annotations, TerraformDataSource, TerraformStack } from "./cdk";

/** The data sources of `scope`'s stack that `match` picks, in construct order. */
export function dataSourcesOf<T extends TerraformDataSource>(scope: IConstruct, match: (c: IConstruct) => c is T): T[] {
  return TerraformStack.of(scope).node.findAll().filter(match);
}

/** The stack's only data source that `match` picks, or undefined when it has none or several. */
export function soleDataSource<T extends TerraformDataSource>(scope: IConstruct, match: (c: IConstruct) => c is T): T | undefined {
  const found = dataSourcesOf(scope, match);
  return found.length === 1 ? found[0] : undefined;
}

/**
 * Warns on `reporter` (named `label`) when the stack holds another data source `match` picks beside `added`, the one
 * the call added: both construct paths are named, with the fix.
 */
export function warnDuplicateDataSource<T extends TerraformDataSource>(
  reporter: IConstruct, label: string, added: T, match: (c: IConstruct) => c is T, what: string, why: string, fix: string,
): void {
  const others = dataSourcesOf(added, match).filter((d) => d !== added);
  if (others.length === 0) return;
  Annotations.of(reporter).addWarning(
    `${label} ${reporter.node.path}: the template has ${what} ${others.map((o) => o.node.path).join(", ")} besides the one this call added (${added.node.path}); ${why}. Fix: ${fix}`,
  );
}
