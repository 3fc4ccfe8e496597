/**
 * The secret-flow check runs once per synth pass over one resolved stack, as a validation of the CoderTemplate
 * (after every aspect, before annotations are collected), or from toTerraform() when only aspects ran
 * (Testing.synth); the synthesizer writes the result the check ran on. These tests pin the ordering, the count
 * and that no result is reused outside the synthesizer run it came from.
 */
import "cdktf/lib/testing/adapters/jest";
import * as fs from "fs";
import * as path from "path";
import { Aspects, IAspect, Lazy, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { Agent, CoderTemplate, DEFAULT_MANIFEST_ENV_VAR, DynamicSecret } from "../../lib";
import { DataCoderWorkspaceOwner } from "../../provider/generated/coder/data-coder-workspace-owner";
import { Metadata } from "../../provider/generated/coder/metadata";
import { PrivateKey } from "../../examples/generated/tls/private-key";
import { TlsProvider } from "../../examples/generated/tls/provider";
import { annotations, appSynth, synthError, template } from "./util";

const written = (s: { app: { outdir: string }; stack: CoderTemplate }) =>
  JSON.parse(fs.readFileSync(path.join(s.app.outdir, "stacks", s.stack.node.id, "cdk.tf.json"), "utf8"));

/** `stack.toTerraform()` as CDKTF computes it, without CoderTemplate's check. */
const fresh = (stack: CoderTemplate) => JSON.parse(JSON.stringify(TerraformStack.prototype.toTerraform.call(stack)));

describe("synth pass: the check over one resolved stack, and the written JSON", () => {
  test("the written cdk.tf.json is exactly what a fresh toTerraform() gives", () => {
    const s = template((t) => {
      new TlsProvider(t, "tls");
      const key = new PrivateKey(t, "key", { algorithm: "ED25519" });
      const agent = new Agent(t, "main");
      agent.addEnv("A", "1");
      agent.addSecret(new DynamicSecret(t, "k", { value: key.privateKeyOpenssh, env: "K", file: "~/.ssh/id" }));
    });
    appSynth(s);
    expect(written(s)).toEqual(fresh(s.stack));
  });

  test("app.synth resolves the stack twice: CDKTF's prepare pass, then once for both the check and the output", () => {
    let produced = 0;
    const s = template((t) => {
      new Agent(t, "main").addEnv("COUNTED", Lazy.stringValue({ produce: () => `v${++produced}` }));
    });
    appSynth(s);
    expect(produced).toBe(2);
    expect(written(s).resource.coder_agent.main.env.COUNTED).toBe("v2");
  });

  test("a stack changed after a synth synthesizes the new content (app.synth and toTerraform)", () => {
    let agent: Agent | undefined;
    const s = template((t) => {
      agent = new Agent(t, "main");
      agent.addEnv("FIRST", "1");
    });
    appSynth(s);
    expect(Object.keys(written(s).resource.coder_agent.main.env)).toEqual([DEFAULT_MANIFEST_ENV_VAR, "FIRST"]);

    agent?.addEnv("SECOND", "2");
    expect(Object.keys(s.stack.toTerraform().resource.coder_agent.main.env)).toEqual([DEFAULT_MANIFEST_ENV_VAR, "FIRST", "SECOND"]);
    new TerraformOutput(s.stack, "later", { value: "x" });
    appSynth(s);
    const again = written(s);
    expect(Object.keys(again.resource.coder_agent.main.env)).toEqual([DEFAULT_MANIFEST_ENV_VAR, "FIRST", "SECOND"]);
    expect(again.output.later).toEqual({ value: "x" });
    expect(s.stack.toTerraform().output.later).toEqual({ value: "x" });
  });

  test("errors still fail synthesis, and the stack synthesizes its new content afterwards", () => {
    let agent: Agent | undefined;
    const s = template((t) => {
      agent = new Agent(t, "main");
      new Metadata(t, "info", { resourceId: agent.id, item: [{ key: "token", value: new DataCoderWorkspaceOwner(t, "owner").sessionToken }] });
    });
    expect(synthError(s)).toMatch(/data\.coder_workspace_owner\.owner\.session_token reaches item "token" of coder_metadata\.info/);
    expect(annotations(s.stack, "error").join("\n")).toMatch(/Secret flow: .*session_token/);
    agent?.addEnv("AFTER_FAILURE", "1");
    expect(s.stack.toTerraform().resource.coder_agent.main.env).toEqual({ [DEFAULT_MANIFEST_ENV_VAR]: "", AFTER_FAILURE: "1" });
  });

  test("a synth that fails after the check (another construct's validation) leaves nothing to reuse", () => {
    let agent: Agent | undefined;
    const s = template((t) => {
      agent = new Agent(t, "main");
      agent.addEnv("FIRST", "1");
      new Construct(t, "picky").node.addValidation({ validate: () => ["picky says no"] });
    });
    expect(synthError(s)).toMatch(/picky says no/);
    agent?.addEnv("SECOND", "2");
    expect(Object.keys(s.stack.toTerraform().resource.coder_agent.main.env)).toEqual([DEFAULT_MANIFEST_ENV_VAR, "FIRST", "SECOND"]);
  });

  test("the check sees what other aspects changed (it runs after every aspect)", () => {
    class LeakToken implements IAspect {
      visit(node: IConstruct): void {
        if (node instanceof Metadata) node.putItem([{ key: "token", value: new DataCoderWorkspaceOwner(CoderTemplate.of(node), "owner").sessionToken }]);
      }
    }
    const s = template((t) => {
      const agent = new Agent(t, "main");
      new Metadata(t, "info", { resourceId: agent.id, item: [{ key: "plain", value: "ok" }] });
      Aspects.of(t).add(new LeakToken());
    });
    expect(synthError(s)).toMatch(/session_token reaches item "token" of coder_metadata\.info/);
  });

  test("Testing.synth and Testing.synthHcl run the check too (aspects only, no validations)", () => {
    const build = (t: CoderTemplate) => {
      const agent = new Agent(t, "main");
      new Metadata(t, "info", { resourceId: agent.id, item: [{ key: "token", value: new DataCoderWorkspaceOwner(t, "owner").sessionToken }] });
    };
    const a = template(build);
    Testing.synth(a.stack);
    expect(annotations(a.stack, "error")).toHaveLength(1);
    const b = template(build);
    Testing.synthHcl(b.stack);
    expect(annotations(b.stack, "error")).toHaveLength(1);
  });

  test("the check runs once per synth pass, not on every toTerraform() call", () => {
    const s = template((t) => {
      const agent = new Agent(t, "main");
      agent.addEnv("GREETING", "hello $USER");
    });
    Testing.synth(s.stack);
    const once = annotations(s.stack, "warn").length;
    expect(once).toBeGreaterThan(0);
    s.stack.toTerraform();
    s.stack.toTerraform();
    expect(annotations(s.stack, "warn")).toHaveLength(once);
  });
});
