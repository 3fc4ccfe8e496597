/**
 * Schema conformance of the synthesized examples: every block of a type we hold a schema for (coder 2.18, docker,
 * tls, twilio from provider/schemas, and the bridge provider's own schema) uses only known attributes and blocks,
 * sets every required attribute, never sets a computed-only one, and respects max_items. This is what
 * `terraform validate` would check, without downloading providers.
 */
import * as fs from "fs";
import * as path from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { buildExamples } from "../../examples/main";
import { CODERSECRETS_SENSITIVE_ATTRIBUTES } from "../../lib/constructs/codersecrets";
import { MANIFEST_SCHEMA } from "../../provider/codersecrets/schema";
import type { SchemaBlock } from "../../provider/codersecrets/protocol/messages";

interface JsonAttribute { required?: boolean; optional?: boolean; computed?: boolean; sensitive?: boolean }
interface JsonBlockType { nesting_mode: string; block: JsonBlock; max_items?: number; min_items?: number }
interface JsonBlock { attributes?: Record<string, JsonAttribute>; block_types?: Record<string, JsonBlockType> }
interface ProviderJson { resource_schemas: Record<string, { block: JsonBlock }>; data_source_schemas: Record<string, { block: JsonBlock }> }

const META = new Set(["//", "count", "for_each", "depends_on", "lifecycle", "provider", "provisioner", "connection"]);
const NESTING = ["invalid", "single", "list", "set", "map", "group"];

function fromProtocol(b: SchemaBlock): JsonBlock {
  return {
    attributes: Object.fromEntries((b.attributes ?? []).map((a) => [a.name, { required: a.required, optional: a.optional, computed: a.computed, sensitive: a.sensitive }])),
    block_types: Object.fromEntries((b.block_types ?? []).map((n) => [n.type_name, { nesting_mode: NESTING[n.nesting], block: fromProtocol(n.block) }])),
  };
}

function loadSchemas(): { resources: Record<string, JsonBlock>; data: Record<string, JsonBlock> } {
  const resources: Record<string, JsonBlock> = {};
  const data: Record<string, JsonBlock> = { codersecrets_manifest: fromProtocol(MANIFEST_SCHEMA.block) };
  for (const f of ["coder", "docker", "tls", "twilio"]) {
    const json = JSON.parse(fs.readFileSync(path.join(__dirname, "../../provider/schemas", `${f}.schema.json`), "utf8")) as { provider_schemas: Record<string, ProviderJson> };
    for (const p of Object.values(json.provider_schemas)) {
      for (const [t, s] of Object.entries(p.resource_schemas)) resources[t] = s.block;
      for (const [t, s] of Object.entries(p.data_source_schemas)) data[t] = s.block;
    }
  }
  return { resources, data };
}

function check(where: string, body: Record<string, unknown>, block: JsonBlock, top: boolean): string[] {
  const problems: string[] = [];
  const attrs = block.attributes ?? {};
  const blocks = block.block_types ?? {};
  for (const [k, v] of Object.entries(body)) {
    if (top && META.has(k)) continue;
    if (attrs[k]) {
      if (attrs[k].computed && !attrs[k].optional && !attrs[k].required) problems.push(`${where}.${k}: computed-only attribute set`);
    } else if (blocks[k]) {
      const bt = blocks[k];
      const items = Array.isArray(v) ? v : [v];
      if (bt.max_items !== undefined && items.length > bt.max_items) problems.push(`${where}.${k}: more than ${bt.max_items} blocks`);
      items.forEach((item, i) => problems.push(...check(`${where}.${k}[${i}]`, item as Record<string, unknown>, bt.block, false)));
    } else {
      problems.push(`${where}.${k}: not in the schema`);
    }
  }
  for (const [k, a] of Object.entries(attrs)) if (a.required && body[k] === undefined) problems.push(`${where}.${k}: required attribute missing`);
  for (const [k, bt] of Object.entries(blocks)) {
    if ((bt.min_items ?? 0) > 0 && body[k] === undefined) problems.push(`${where}.${k}: required block missing`);
  }
  return problems;
}

const STACKS = ["twilio-dynamic-secret", "ssh-key-file", "github-user-secrets", "secrets-dashboard"];

describe("synthesized examples conform to the provider schemas", () => {
  const schemas = loadSchemas();
  const app = new App({ outdir: fs.mkdtempSync(path.join(require("os").tmpdir(), "schema-")) });
  buildExamples(app);

  test.each(STACKS)("%s", (name) => {
    const out = JSON.parse(Testing.synth(app.node.findChild(name) as TerraformStack)) as {
      resource?: Record<string, Record<string, Record<string, unknown>>>;
      data?: Record<string, Record<string, Record<string, unknown>>>;
    };
    const problems: string[] = [];
    let checked = 0;
    for (const [kind, table] of [["resource", out.resource], ["data", out.data]] as const) {
      for (const [type, byName] of Object.entries(table ?? {})) {
        const schema = kind === "resource" ? schemas.resources[type] : schemas.data[type];
        expect([kind, type, schema !== undefined]).toEqual([kind, type, true]);
        for (const [n, body] of Object.entries(byName)) {
          problems.push(...check(`${kind}.${type}.${n}`, body, schema, true));
          checked++;
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(5);
  });

  test("the checker itself catches unknown, missing and computed-only attributes", () => {
    const agent = schemas.resources.coder_agent;
    expect(check("a", { os: "linux", arch: "amd64" }, agent, true)).toEqual([]);
    expect(check("a", { arch: "amd64", bogus: 1, token: "x", display_apps: [{}, {}] }, agent, true)).toEqual([
      "a.bogus: not in the schema",
      "a.token: computed-only attribute set",
      "a.display_apps: more than 1 blocks",
      "a.os: required attribute missing",
    ]);
  });

  test("legacy mode's coder_secret matches the 2.17 schema", () => {
    const v217 = JSON.parse(fs.readFileSync(path.join(__dirname, "../../provider/schemas/coder-v2.17.0.schema.json"), "utf8")) as { provider_schemas: Record<string, ProviderJson> };
    const secretSchema = Object.values(v217.provider_schemas)[0].data_source_schemas.coder_secret.block;
    const { UserSecretsTemplate } = jest.requireActual("../../examples/user-secrets");
    const legacy = JSON.parse(Testing.synth(new UserSecretsTemplate(Testing.app(), "legacy", { legacyUserSecrets: true })));
    for (const [n, body] of Object.entries(legacy.data.coder_secret as Record<string, Record<string, unknown>>)) {
      expect(check(`data.coder_secret.${n}`, body, secretSchema, true)).toEqual([]);
    }
  });

  test("the constructs' sensitivity list for codersecrets_manifest matches the bridge provider's schema", () => {
    const block = fromProtocol(MANIFEST_SCHEMA.block);
    const topSensitive = Object.entries(block.attributes ?? {}).filter(([, a]) => a.sensitive).map(([k]) => k);
    const blockSensitive = Object.entries(block.block_types ?? {})
      .filter(([, b]) => Object.values(b.block.attributes ?? {}).some((a) => a.sensitive))
      .map(([k]) => k);
    expect([...topSensitive, ...blockSensitive].sort()).toEqual([...CODERSECRETS_SENSITIVE_ATTRIBUTES].sort());
    expect(block.attributes?.fingerprints?.sensitive).toBeFalsy();
  });
});
