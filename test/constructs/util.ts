/** Shared helpers for the construct tests (not a test file). */
import * as fs from "fs";
import * as path from "path";
import { App, Testing } from "cdktf";
import { IConstruct } from "constructs";
import { annotationsOf, CoderTemplate, CoderTemplateProps, synthErrorOf } from "../../lib";

export interface Synthesized {
  readonly app: App;
  readonly stack: CoderTemplate;
}

/** A fresh test App (temp outdir) with one CoderTemplate built by `build`. */
export function template(build: (t: CoderTemplate) => void, props: CoderTemplateProps = {}): Synthesized {
  const app = Testing.app();
  const stack = new CoderTemplate(app, "tpl", props);
  build(stack);
  return { app, stack };
}

/** Synthesized JSON (aspects run, no validations), parsed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function json(stack: CoderTemplate): any {
  return JSON.parse(Testing.synth(stack));
}

/** Full synthesis through `app.synth()`; returns the written cdk.tf.json text. Throws on error annotations. */
export function appSynth(s: Synthesized): string {
  s.app.synth();
  return fs.readFileSync(path.join(s.app.outdir, "stacks", s.stack.node.id, "cdk.tf.json"), "utf8");
}

/** Annotation messages of a level, over the whole tree below `root` (the library's helper; run a synth first). */
export function annotations(root: IConstruct, level: "warn" | "error"): string[] {
  return annotationsOf(root, level === "warn" ? "warning" : "error");
}

/** The synth error text of a template that must not synthesize. */
export function synthError(s: Synthesized): string {
  return synthErrorOf(s.app);
}
