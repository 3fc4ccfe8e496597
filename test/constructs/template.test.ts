import "cdktf/lib/testing/adapters/jest";
import { Construct } from "constructs";
import { Aspects, LocalBackend, TerraformOutput, TerraformVariable } from "cdktf";
import { Agent, CODER_PROVIDER_VERSION_LEGACY, CoderTemplate, DynamicSecret, UserSecret } from "../../lib";
import { appSynth, json, synthError, template } from "./util";

describe("CoderTemplate", () => {
  test("declares coder/coder with a version constraint (one-argument TerraformProviderConstraint gotcha)", () => {
    const { stack } = template(() => undefined);
    expect(json(stack).terraform.required_providers.coder).toEqual({ source: "coder/coder", version: "~> 2.18" });
  });

  test("legacy mode constrains coder to the releases that have coder_secret", () => {
    const { stack } = template((t) => {
      const a = new Agent(t, "main");
      a.addSecret(new UserSecret(t, "github_token", { env: "GITHUB_TOKEN" }));
    }, { legacyUserSecrets: true });
    const out = json(stack);
    expect(out.terraform.required_providers.coder.version).toBe(CODER_PROVIDER_VERSION_LEGACY);
    expect(out.data.coder_secret.github_token).toEqual({ env: "GITHUB_TOKEN", help_message: expect.stringContaining("coder secret create github-token --env GITHUB_TOKEN") });
  });

  test("the bridge provider is declared only when a DynamicSecret is bound", () => {
    const plain = json(template((t) => new Agent(t, "main")).stack);
    expect(plain.terraform.required_providers.codersecrets).toBeUndefined();
    const withSecret = json(template((t) => {
      const v = new TerraformVariable(t, "pw", { type: "string", sensitive: true });
      new Agent(t, "main").addSecret(new DynamicSecret(t, "pw_secret", { value: v.stringValue, env: "PW" }));
    }).stack);
    expect(withSecret.terraform.required_providers.codersecrets).toEqual({ source: "cdktf-coder/codersecrets", version: "~> 0.1" });
    expect(withSecret.provider.codersecrets).toEqual([{}]);
  });

  test("no implicit local backend in the written cdk.tf.json (forced-backend gotcha)", () => {
    const s = template((t) => new Agent(t, "main"));
    const out = JSON.parse(appSynth(s));
    expect(out.terraform.backend).toBeUndefined();
    expect(Object.keys(out.terraform)).toEqual(["required_providers"]);
  });

  test("an explicitly configured backend is kept", () => {
    const s = template((t) => {
      new LocalBackend(t, { path: "state.tfstate" });
      new Agent(t, "main");
    });
    expect(JSON.parse(appSynth(s)).terraform.backend).toEqual({ local: { path: "state.tfstate" } });
  });

  test("nested constructs get readable names, no hash suffix (hashed logical id gotcha)", () => {
    const { stack } = template((t) => {
      const ws = new Construct(t, "workspace");
      const a = new Agent(ws, "dev");
      a.addSecret(DynamicSecret.unsafeFromPlaintext(ws, "k", "x", { file: "~/k" }));
    });
    const out = json(stack);
    expect(Object.keys(out.resource.coder_agent)).toEqual(["workspace_dev"]);
    expect(Object.keys(out.resource.coder_script)).toEqual(["workspace_dev_secrets_script"]);
    expect(Object.keys(out.data.codersecrets_manifest)).toEqual(["workspace_dev_file_secrets"]);
    expect(JSON.stringify(out)).not.toMatch(/_[0-9A-F]{8}\b/);
  });

  test("two constructs claiming one Terraform address fail synthesis instead of merging", () => {
    const s = template((t) => {
      new Agent(t, "a_b");
      new Agent(new Construct(t, "a"), "b");
    });
    const err = synthError(s);
    expect(err).toMatch(/Duplicate Terraform address coder_agent\.a_b: claimed by tpl\/a_b\/Default and tpl\/a\/b\/Default/);
    expect(err).toMatch(/Fix: give one of the constructs another id/);
  });

  test("duplicate overrideLogicalId is reported too", () => {
    const s = template((t) => {
      new TerraformOutput(t, "x", { value: "1" }).overrideLogicalId("same");
      new TerraformOutput(t, "y", { value: "2" }).overrideLogicalId("same");
    });
    expect(synthError(s)).toMatch(/Duplicate Terraform address output\.same/);
  });

  test("a duplicate address added by a later aspect is reported too (the check runs on the finished tree)", () => {
    const s = template((t) => {
      new TerraformOutput(t, "x", { value: "1" });
      Aspects.of(t).add({
        visit(node) {
          if (node.node.id === "x" && !t.node.tryFindChild("late")) new TerraformOutput(t, "late", { value: "2" }).overrideLogicalId("x");
        },
      });
    });
    expect(synthError(s)).toMatch(/Duplicate Terraform address output\.x: claimed by tpl\/x and tpl\/late/);
  });

  test("elements of a stack nested in the template are left to that stack's own checks", () => {
    const s = template((t) => {
      new TerraformOutput(t, "same", { value: "1" });
      const { TerraformStack } = jest.requireActual("cdktf");
      new TerraformOutput(new TerraformStack(t, "inner"), "same", { value: "2" });
    });
    expect(() => appSynth(s)).not.toThrow();
  });

  test("CoderTemplate.of finds the template; constructs outside one are refused", () => {
    const { stack } = template((t) => new Agent(t, "main"));
    expect(CoderTemplate.of(stack.node.findChild("main"))).toBe(stack);
    const { Testing, TerraformStack } = jest.requireActual("cdktf");
    const plain = new TerraformStack(Testing.app(), "plain");
    expect(() => new Agent(plain, "main")).toThrow(/must be created inside a CoderTemplate/);
  });

  test("checks run per stack (aspects on the App alone would never run)", () => {
    const s = template((t) => {
      new TerraformOutput(t, "leak", { value: new Agent(t, "main").token });
    });
    expect(synthError(s)).toMatch(/coder_agent\.main\.token reaches the output value/);
  });
});
