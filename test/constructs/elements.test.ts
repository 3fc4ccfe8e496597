/**
 * The one element classifier (lib/constructs/elements.ts): for each kind, the address expressions use and a JSON path
 * that leads to the element's own body in the synthesized stack, with the logical id overridden or not.
 */
import { TerraformLocal, TerraformOutput, TerraformProvider, TerraformVariable } from "cdktf";
import { Agent } from "../../lib";
import { classifyElement } from "../../lib/constructs/elements";
import { DataCoderParameter } from "../../provider/generated/coder/data-coder-parameter";
import { json, template } from "./util";

function at(o: unknown, keys: readonly string[]): unknown {
  return keys.reduce<unknown>((x, k) => (x !== null && typeof x === "object" ? (x as Record<string, unknown>)[k] : undefined), o);
}

test("each kind gets its address and the path of its body in the synthesized JSON", () => {
  const built = template((t) => {
    new Agent(t, "main");
    new DataCoderParameter(t, "region", { name: "region", default: "eu" });
    new TerraformVariable(t, "v", { type: "string", default: "x" });
    new TerraformLocal(t, "l", "local-value").overrideLogicalId("renamed_local");
    new TerraformOutput(t, "o", { value: "out" });
  });
  const synthesized = json(built.stack);
  const seen = built.stack.node.findAll().flatMap((c) => {
    const info = "friendlyUniqueId" in c ? classifyElement(c as never) : undefined;
    return info === undefined ? [] : [info];
  });
  const byKind = Object.fromEntries(seen.map((i) => [i.kind === "resource" ? `resource:${i.type}` : i.kind, i]));
  expect(Object.fromEntries(Object.entries(byKind).map(([k, i]) => [k, [i.address, i.jsonPath]]))).toEqual({
    "resource:coder_agent": ["coder_agent.main", ["resource", "coder_agent", "main"]],
    "resource:coder_script": ["coder_script.main_secrets_script", ["resource", "coder_script", "main_secrets_script"]],
    data: ["data.coder_parameter.region", ["data", "coder_parameter", "region"]],
    variable: ["var.v", ["variable", "v"]],
    local: ["local.renamed_local", ["locals", "renamed_local"]],
    output: ["output.o", ["output", "o"]],
  });
  expect(at(synthesized, byKind.data!.jsonPath)).toMatchObject({ name: "region", default: "eu" });
  expect(at(synthesized, byKind.variable!.jsonPath)).toMatchObject({ default: "x" });
  expect(at(synthesized, byKind.local!.jsonPath)).toBe("local-value");
  expect(at(synthesized, byKind.output!.jsonPath)).toMatchObject({ value: "out" });
  expect(at(synthesized, byKind["resource:coder_agent"]!.jsonPath)).toMatchObject({ os: "linux" });
  // A provider is an element of none of the five kinds.
  const providers = built.stack.node.findAll().filter((c): c is TerraformProvider => c instanceof TerraformProvider);
  expect(providers.length).toBeGreaterThan(0);
  for (const p of providers) expect(classifyElement(p)).toBeUndefined();
});
