/**
 * Annotations as tests read them. `Testing.synth` runs the aspects and records errors without throwing, so rule
 * violations are asserted through these: `annotationsOf(stack, "error")` after a `Testing.synth(stack)`, or
 * `synthErrorOf(app)` for the text `app.synth()` fails with.
 */
import { IConstruct } from "constructs";
import { AnnotationMetadataEntryType } from "./cdk";

export type AnnotationLevel = "error" | "warning" | "info";

const TYPES: Readonly<Record<AnnotationLevel, string>> = {
  error: AnnotationMetadataEntryType.ERROR,
  warning: AnnotationMetadataEntryType.WARN,
  info: AnnotationMetadataEntryType.INFO,
};

/**
 * The annotations of one level on `root` and every construct below it, as `[construct path] message` lines (the form
 * synthesis errors take). Run a synth first so the aspects have run.
 */
export function annotationsOf(root: IConstruct, level: AnnotationLevel): string[] {
  const type = TYPES[level];
  return root.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === type).map((m) => `[${c.node.path}] ${String(m.data)}`));
}

/** The error message `app.synth()` fails with; throws if it succeeds (the template was expected not to synthesize). */
export function synthErrorOf(app: { synth(): void }): string {
  try {
    app.synth();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error("expected synthesis to fail, but it succeeded");
}
