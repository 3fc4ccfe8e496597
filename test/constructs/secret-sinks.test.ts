/**
 * The table of secret sinks (SECRET_SINKS in lib/constructs/secret-flow.ts) is what the check walks: every row, given a
 * secret at its attribute, yields the finding its rule says (and `unless-sensitive` rows none once marked sensitive),
 * elements without a row yield nothing, and README's list of sinks is the table.
 */
import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { checkElementFlow, ElementView, hasFlowRules, SECRET_SINKS, SecretSink, SecretSources } from "../../lib/constructs/secret-flow";

const SECRET = "random_password.p.result";
const SOURCES: SecretSources = {
  resourceAttributes: {}, dataSourceAttributes: {}, sensitiveVariables: new Set(), secretLocals: new Set(),
  secretTraversals: new Set([SECRET]), plaintexts: [],
};

/** A body holding the secret reference at the row's attribute (table syntax: `a`, `a[].b`, `a{}`). */
function bodyWithSecret(sink: SecretSink, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const ref = `\${${SECRET}}`;
  const list = /^(\w+)\[\]\.(\w+)$/.exec(sink.attribute);
  const key = sink.rule !== "env" && sink.keyAttribute ? { [sink.keyAttribute]: "k" } : {};
  if (list) return { [list[1]!]: [{ [list[2]!]: ref, ...key, ...extra }] };
  const map = /^(\w+)\{\}$/.exec(sink.attribute);
  if (map) return { [map[1]!]: { APP_TOKEN: ref } };
  return { [sink.attribute]: ref, ...(sink.rule === "env" && sink.envNameAttribute ? { [sink.envNameAttribute]: "APP_TOKEN" } : {}), ...extra };
}

function view(sink: SecretSink, body: Record<string, unknown>): ElementView {
  const kind = sink.element === "output" ? "output" : sink.element.startsWith("data.") ? "data" : "resource";
  const type = kind === "output" ? "" : sink.element.replace(/^data\./, "");
  return { construct: new Construct(undefined as never, "el"), kind, type, address: `${sink.element}.el`, body };
}

const ROWS = SECRET_SINKS.map((s) => [`${s.element} ${s.attribute}`, s] as const);

describe("each sink row is checked", () => {
  it.each(ROWS)("%s: a secret there is found, with the row's severity, naming the attribute", (_, sink) => {
    const findings = checkElementFlow(view(sink, bodyWithSecret(sink)), SOURCES);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => f.severity)).toEqual(findings.map(() => (sink.rule === "env" ? "warning" : "error")));
    expect(findings[0]!.message).toContain(SECRET);
    if (sink.rule !== "env") expect(findings[0]!.message).toContain(`Fix: ${sink.fix}`);
  });

  it.each(ROWS.filter(([, s]) => s.rule === "unless-sensitive"))("%s: nothing once marked sensitive", (_, sink) => {
    expect(checkElementFlow(view(sink, bodyWithSecret(sink, { sensitive: true })), SOURCES)).toEqual([]);
  });

  it("an element type without a row has no rules and no findings", () => {
    const other: SecretSink = { element: "coder_workspace_preset", attribute: "name", rule: "clear-text", fix: "none" };
    expect(hasFlowRules("resource", "coder_workspace_preset")).toBe(false);
    expect(checkElementFlow(view(other, bodyWithSecret(other)), SOURCES)).toEqual([]);
    // Each row's element has rules.
    for (const [, s] of ROWS) expect(hasFlowRules(view(s, {}).kind, view(s, {}).type)).toBe(true);
  });
});

test("README's table of sinks is SECRET_SINKS, row for row", () => {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8").split("\n");
  const header = readme.indexOf("| element | attribute | a secret there is |");
  expect(header).toBeGreaterThan(0);
  const rows: string[] = [];
  for (let i = header + 2; i < readme.length && readme[i]!.startsWith("|"); i++) rows.push(readme[i]!);
  const ruleText = (s: SecretSink): string => {
    if (s.rule === "env") return "a warning, when it skips the bridge provider or holds a literal `$NAME`";
    if (s.rule === "unless-sensitive") return `an error, unless the ${s.element === "output" ? "output" : "item"} has \`sensitive = true\``;
    return "an error";
  };
  const element = (e: string) => (e === "output" ? "every output" : e.startsWith("data.") ? `data \`${e.slice(5)}\`` : `\`${e}\``);
  const attribute = (a: string) => (a.endsWith("{}") ? `\`${a.slice(0, -2)}\` (each value)` : `\`${a}\``);
  expect(rows).toEqual(SECRET_SINKS.map((s) => `| ${element(s.element)} | ${attribute(s.attribute)} | ${ruleText(s)} |`));
});
