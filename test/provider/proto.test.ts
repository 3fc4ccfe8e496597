/**
 * The hand-written protos must keep upstream's field numbers: provider and test client share them, so a wrong
 * number would pass the protocol tests. These are pinned from the published tfplugin6 6.10 numbers.
 */
import * as fs from "fs";
import * as path from "path";
import * as protobuf from "protobufjs";
import { getProviderSchema } from "../../provider/codersecrets/handlers/get-provider-schema";
import { messageCodec } from "../../provider/codersecrets/protocol/codec";
import { GENERATED_FILE, generateStaticSource } from "../../scripts/generate-static";

const dir = path.join(__dirname, "../../provider/codersecrets");

describe("tfplugin6.proto", () => {
  const root = new protobuf.Root();
  for (const f of ["tfplugin6.proto", "go-plugin.proto", "health.proto"]) root.loadSync(path.join(dir, f), { keepCase: true });
  const id = (type: string, field: string) => root.lookupType(type).fields[field]!.id;

  test.each([
    ["tfplugin6.DynamicValue", { msgpack: 1, json: 2 }],
    ["tfplugin6.Diagnostic", { severity: 1, summary: 2, detail: 3, attribute: 4 }],
    ["tfplugin6.AttributePath.Step", { attribute_name: 1, element_key_string: 2, element_key_int: 3 }],
    ["tfplugin6.Schema", { version: 1, block: 2 }],
    ["tfplugin6.Schema.Block", { version: 1, attributes: 2, block_types: 3, description: 4, description_kind: 5, deprecated: 6 }],
    [
      "tfplugin6.Schema.Attribute",
      { name: 1, type: 2, description: 3, required: 4, optional: 5, computed: 6, sensitive: 7, description_kind: 8, deprecated: 9, write_only: 11 },
    ],
    ["tfplugin6.Schema.NestedBlock", { type_name: 1, block: 2, nesting: 3, min_items: 4, max_items: 5 }],
    ["tfplugin6.ServerCapabilities", { plan_destroy: 1, get_provider_schema_optional: 2 }],
    ["tfplugin6.ClientCapabilities", { deferral_allowed: 1, write_only_attributes_allowed: 2 }],
    ["tfplugin6.GetMetadata.Response", { server_capabilities: 1, diagnostics: 2, data_sources: 3, resources: 4 }],
    ["tfplugin6.GetProviderSchema.Response", { provider: 1, resource_schemas: 2, data_source_schemas: 3, diagnostics: 4, provider_meta: 5, server_capabilities: 6 }],
    ["tfplugin6.ValidateProviderConfig.Request", { config: 1 }],
    ["tfplugin6.ValidateProviderConfig.Response", { diagnostics: 2 }],
    ["tfplugin6.ConfigureProvider.Request", { terraform_version: 1, config: 2, client_capabilities: 3 }],
    ["tfplugin6.ConfigureProvider.Response", { diagnostics: 1 }],
    ["tfplugin6.ValidateDataResourceConfig.Request", { type_name: 1, config: 2 }],
    ["tfplugin6.ValidateDataResourceConfig.Response", { diagnostics: 1 }],
    ["tfplugin6.ReadDataSource.Request", { type_name: 1, config: 2, provider_meta: 3, client_capabilities: 4 }],
    ["tfplugin6.ReadDataSource.Response", { state: 1, diagnostics: 2, deferred: 3 }],
    ["tfplugin6.StopProvider.Response", { Error: 1 }],
    ["tfplugin6.GetFunctions.Response", { diagnostics: 2 }],
    ["tfplugin6.GetResourceIdentitySchemas.Response", { diagnostics: 2 }],
    ["plugin.StdioData", { channel: 1, data: 2 }],
    ["grpc.health.v1.HealthCheckRequest", { service: 1 }],
  ] as const)("%s field numbers", (type, fields) => {
    for (const [name, number] of Object.entries(fields)) expect([name, id(type, name)]).toEqual([name, number]);
  });

  test("enums", () => {
    expect(root.lookupEnum("tfplugin6.Diagnostic.Severity").values).toEqual({ INVALID: 0, ERROR: 1, WARNING: 2 });
    expect(root.lookupEnum("tfplugin6.Schema.NestedBlock.NestingMode").values).toEqual({ INVALID: 0, SINGLE: 1, LIST: 2, SET: 3, MAP: 4, GROUP: 5 });
    expect(root.lookupEnum("tfplugin6.StringKind").values).toEqual({ PLAIN: 0, MARKDOWN: 1 });
  });

  test(`the committed ${GENERATED_FILE} is generated from the .proto files (regenerate: npm run generate:protocol)`, async () => {
    expect(fs.readFileSync(path.join(dir, "protocol", GENERATED_FILE), "utf8")).toBe(await generateStaticSource(dir));
  });

  // The static codec against protobufjs reflection over the same .proto files: same bytes out, same objects back.
  const reflect = (type: string, value: Record<string, unknown>): Buffer => {
    const t = root.lookupType(type);
    return Buffer.from(t.encode(t.fromObject(value)).finish());
  };
  test.each([
    ["tfplugin6.GetProviderSchema.Response", getProviderSchema() as unknown as Record<string, unknown>],
    ["tfplugin6.ReadDataSource.Request", { type_name: "codersecrets_manifest", config: { msgpack: Buffer.from([0x81, 0xa1, 0x61, 0xc0]) }, client_capabilities: { deferral_allowed: true } }],
    ["tfplugin6.ValidateDataResourceConfig.Response", {
      diagnostics: [{ severity: 1, summary: "s", detail: "d", attribute: { steps: [{ attribute_name: "secret" }, { element_key_int: 3 }, { attribute_name: "env_name" }] } }],
    }],
    ["tfplugin6.GetMetadata.Response", { server_capabilities: { get_provider_schema_optional: true }, data_sources: [{ type_name: "codersecrets_manifest" }] }],
    ["plugin.StdioData", { channel: 2, data: Buffer.from("x") }],
    ["grpc.health.v1.HealthCheckResponse", { status: 1 }],
  ] as const)("%s: static codec bytes = reflection bytes, and back", (type, value) => {
    const codec = messageCodec<Record<string, unknown>>(type);
    const bytes = codec.serialize(value);
    expect(bytes.equals(reflect(type, value))).toBe(true);
    expect(codec.serialize(codec.deserialize(bytes)).equals(bytes)).toBe(true);
  });

  test("an unknown message type is an error naming it", () => {
    expect(() => messageCodec("tfplugin6.NoSuch.Request").serialize({})).toThrow(/tfplugin6\.NoSuch\.Request/);
  });
});
