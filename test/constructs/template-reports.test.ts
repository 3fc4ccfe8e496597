/**
 * What a CoderTemplate reports beyond its checks: warnings printed under plain `node` (not under the CDK CLI, which
 * prints them itself), a second coder provider, an App of the other CDK package, and how the CDK package is chosen.
 */
import { Construct } from "constructs";
import { TerraformVariable } from "cdktf";
import { Agent, annotationsOf, CDK_PACKAGE, CDK_PACKAGE_ENV, CdkPackageError, CoderTemplate } from "../../lib";
import { chooseCdkPackage } from "../../lib/constructs/cdk";
import { reportWarnings } from "../../lib/constructs/template-reports";
import { CoderProvider } from "../../provider/generated/coder/provider";
import { json, template } from "./util";

const CANARY = "canary-7f3e0c1d9b2a";

function captured(): { write(text: string): void; text: () => string } {
  let text = "";
  return { write: (t: string) => void (text += t), text: () => text };
}

describe("synthesis warnings reach the author", () => {
  const leaky = () =>
    template((t) => {
      const pw = new TerraformVariable(t, "db_password", { type: "string", sensitive: true, default: CANARY });
      new Agent(t, "main").addEnv("DB_PASSWORD", pw.stringValue);
    });

  test("printed to stderr when the app runs under plain node, never with a value", () => {
    const s = leaky();
    json(s.stack);
    const warnings = annotationsOf(s.stack, "warning");
    expect(warnings.length).toBeGreaterThan(0);
    const out = captured();
    reportWarnings(s.stack, {}, out);
    expect(out.text()).toBe(warnings.map((w) => `Warning: ${w}\n`).join(""));
    expect(out.text()).toContain("DB_PASSWORD");
    expect(out.text()).not.toContain(CANARY);
  });

  test("not printed when the CDK CLI runs the app (CDKTF_OUTDIR set): it prints the manifest's annotations itself", () => {
    const s = leaky();
    json(s.stack);
    const out = captured();
    reportWarnings(s.stack, { CDKTF_OUTDIR: "/tmp/out" }, out);
    expect(out.text()).toBe("");
  });

  test("app.synth() prints them (the synthesizer hook)", () => {
    const s = leaky();
    const spy = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    const saved = process.env.CDKTF_OUTDIR;
    delete process.env.CDKTF_OUTDIR;
    try {
      s.app.synth();
      const printed = spy.mock.calls.map((c) => String(c[0])).join("");
      expect(printed).toMatch(/^Warning: \[tpl\/.*DB_PASSWORD/m);
      expect(printed).not.toContain(CANARY);
    } finally {
      spy.mockRestore();
      if (saved !== undefined) process.env.CDKTF_OUTDIR = saved;
    }
  });
});

describe("a second coder provider", () => {
  test("without an alias: a warning naming it and the fix (Terraform would refuse coder: [{}, {}])", () => {
    const s = template((t) => new CoderProvider(t, "my_coder", {}));
    const out = json(s.stack);
    expect(out.provider.coder).toHaveLength(2);
    const warnings = annotationsOf(s.stack, "warning").filter((w) => w.includes("second coder provider"));
    expect(warnings).toEqual([expect.stringMatching(/^\[tpl\/my_coder\] .*Duplicate provider configuration.*coderUrl.*alias/)]);
    json(s.stack);
    expect(annotationsOf(s.stack, "warning").filter((w) => w.includes("second coder provider"))).toHaveLength(1);
  });

  test("with an alias: no warning", () => {
    const s = template((t) => new CoderProvider(t, "other", { alias: "other" }));
    json(s.stack);
    expect(annotationsOf(s.stack, "warning").filter((w) => w.includes("second coder provider"))).toEqual([]);
  });

  test("the template's own provider alone: no warning", () => {
    const s = template(() => undefined);
    json(s.stack);
    expect(annotationsOf(s.stack, "warning")).toEqual([]);
  });
});

describe("the CDK package", () => {
  test("this repository runs on cdktf", () => {
    expect(CDK_PACKAGE).toBe("cdktf");
  });

  test("an App of the other CDK package is refused with the fix", () => {
    const foreignApp = new Construct(undefined as unknown as Construct, "");
    Object.defineProperty(foreignApp, Symbol.for("cdktf/App"), { value: true });
    expect(() => new CoderTemplate(foreignApp, "tpl")).toThrow(CdkPackageError);
    expect(() => new CoderTemplate(foreignApp, "tpl")).toThrow(/the App is not cdktf's.*set CDKTF_CODER_SECRETS_CDK=cdktn, or import cdktn before cdktf-coder-secrets/);
  });

  const installed = (names: string[]) => (n: string) => (names.includes(n) ? `/app/node_modules/${n}/lib/index.js` : undefined);

  test.each([
    ["only cdktf installed", {}, ["cdktf"], [], "cdktf"],
    ["only cdktn installed", {}, ["cdktn"], [], "cdktn"],
    ["both, the app loaded cdktn first", {}, ["cdktf", "cdktn"], ["cdktn"], "cdktn"],
    ["both, none loaded yet", {}, ["cdktf", "cdktn"], [], "cdktf"],
    ["both, the environment says cdktn", { [CDK_PACKAGE_ENV]: "cdktn" }, ["cdktf", "cdktn"], ["cdktf"], "cdktn"],
  ])("%s", (_what, env, names, loaded, expected) => {
    const isLoaded = (f: string) => loaded.some((n) => f.includes(`/${n}/`));
    expect(chooseCdkPackage(env, installed(names), isLoaded)).toBe(expected);
  });

  test("neither installed: the error names the install command", () => {
    expect(() => chooseCdkPackage({}, installed([]))).toThrow(/found neither cdktf nor cdktn: install one with `npm install cdktf constructs` \(or `npm install cdktn constructs`\)/);
  });

  test("an unknown name in the environment: the error names the variable and the choices", () => {
    expect(() => chooseCdkPackage({ [CDK_PACKAGE_ENV]: "cdk8s" }, installed(["cdktf"]))).toThrow(/CDKTF_CODER_SECRETS_CDK=cdk8s .*set it to cdktf or cdktn/);
  });
});
