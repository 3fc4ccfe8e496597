/**
 * What a CoderTemplate tells its author beyond the checks' own annotations: synthesis warnings printed where the
 * author sees them, and a second coder provider caught at synth instead of in Terraform.
 */
import { IConstruct } from "constructs";
import { annotationsOf } from "./annotations";
import { Annotations, IAspect, TerraformProvider } from "./cdk";

/**
 * Set by the cdktf/cdktn CLI for the app it runs (`cdktf synth`); the CLI then prints every annotation from
 * `manifest.json` itself.
 */
const CLI_OUTDIR_ENV = "CDKTF_OUTDIR";

/**
 * Prints the template's warnings to stderr during synthesis, unless the CDK CLI runs the app (it prints them):
 * `node main.js` (what `npm run synth` does) otherwise leaves them only in `cdktf.out/manifest.json`.
 */
export function reportWarnings(root: IConstruct, env: NodeJS.ProcessEnv = process.env, out: { write(text: string): unknown } = process.stderr): void {
  if (env[CLI_OUTDIR_ENV]) return;
  const lines = annotationsOf(root, "warning");
  if (lines.length === 0) return;
  out.write(lines.map((l) => `Warning: ${l}\n`).join(""));
}

/**
 * Warns about a `coder` provider declared next to the template's own ({@link CoderTemplate.coderProvider}) without an
 * alias: the stack would synthesize `"coder": [{}, {}]`, which Terraform refuses later as a duplicate provider
 * configuration. Added once per template; reports each extra provider once.
 */
export class WarnOnOwnCoderProvider implements IAspect {
  private readonly reported = new WeakSet<IConstruct>();

  constructor(private readonly own: TerraformProvider) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof TerraformProvider) || node === this.own || node.terraformResourceType !== "coder") return;
    if (node.alias !== undefined || this.reported.has(node)) return;
    this.reported.add(node);
    Annotations.of(node).addWarning(
      `${node.node.path} declares a second coder provider without an alias, next to the one CoderTemplate declares: ` +
        `Terraform refuses the template ("Duplicate provider configuration"). Fix: remove it and use the template's ` +
        "(`coderUrl` sets its url; `template.coderProvider` is the construct), or give it an `alias`",
    );
  }
}
