/**
 * Plain-object shapes of the tfplugin6 / go-plugin messages this provider exchanges, as produced by
 * protobufjs `toObject` with the options in protocol/codec.ts (int64 as number, enums as numbers, bytes as Buffer,
 * unset fields absent). Field names are the .proto names (keepCase).
 */

export interface DynamicValue {
  msgpack?: Uint8Array;
  json?: Uint8Array;
}

export const enum Severity {
  INVALID = 0,
  ERROR = 1,
  WARNING = 2,
}

export type AttributePathStep =
  | { attribute_name: string }
  | { element_key_string: string }
  | { element_key_int: number };

export interface AttributePath {
  steps: AttributePathStep[];
}

export interface Diagnostic {
  severity: Severity;
  summary: string;
  detail?: string;
  attribute?: AttributePath;
}

export const enum StringKind {
  PLAIN = 0,
  MARKDOWN = 1,
}

export interface SchemaAttribute {
  name: string;
  /** JSON type constraint, e.g. `"string"` or `["map","string"]`. */
  type: Uint8Array;
  description?: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  description_kind?: StringKind;
  deprecated?: boolean;
  write_only?: boolean;
}

export const enum NestingMode {
  INVALID = 0,
  SINGLE = 1,
  LIST = 2,
  SET = 3,
  MAP = 4,
  GROUP = 5,
}

export interface SchemaNestedBlock {
  type_name: string;
  block: SchemaBlock;
  nesting: NestingMode;
  min_items?: number;
  max_items?: number;
}

export interface SchemaBlock {
  version?: number;
  attributes?: SchemaAttribute[];
  block_types?: SchemaNestedBlock[];
  description?: string;
  description_kind?: StringKind;
  deprecated?: boolean;
}

export interface Schema {
  version?: number;
  block: SchemaBlock;
}

export interface ServerCapabilities {
  plan_destroy?: boolean;
  get_provider_schema_optional?: boolean;
  move_resource_state?: boolean;
  generate_resource_config?: boolean;
}

export interface ClientCapabilities {
  deferral_allowed?: boolean;
  write_only_attributes_allowed?: boolean;
}

export const enum DeferredReason {
  UNKNOWN = 0,
  RESOURCE_CONFIG_UNKNOWN = 1,
  PROVIDER_CONFIG_UNKNOWN = 2,
  ABSENT_PREREQ = 3,
}

export type Empty = Record<string, never>;

export interface GetMetadataResponse {
  server_capabilities?: ServerCapabilities;
  diagnostics?: Diagnostic[];
  data_sources?: { type_name: string }[];
  resources?: { type_name: string }[];
}

export interface GetProviderSchemaResponse {
  provider: Schema;
  resource_schemas?: Record<string, Schema>;
  data_source_schemas?: Record<string, Schema>;
  diagnostics?: Diagnostic[];
  provider_meta?: Schema;
  server_capabilities?: ServerCapabilities;
}

export interface ValidateProviderConfigRequest {
  config?: DynamicValue;
}

export interface ConfigureProviderRequest {
  terraform_version?: string;
  config?: DynamicValue;
  client_capabilities?: ClientCapabilities;
}

export interface DiagnosticsResponse {
  diagnostics?: Diagnostic[];
}

export interface ValidateDataResourceConfigRequest {
  type_name?: string;
  config?: DynamicValue;
}

export interface ReadDataSourceRequest {
  type_name?: string;
  config?: DynamicValue;
  provider_meta?: DynamicValue;
  client_capabilities?: ClientCapabilities;
}

export interface ReadDataSourceResponse {
  state?: DynamicValue;
  diagnostics?: Diagnostic[];
  deferred?: { reason: DeferredReason };
}

export interface StopProviderResponse {
  Error?: string;
}

export interface StdioData {
  channel?: number;
  data?: Uint8Array;
}

export interface HealthCheckRequest {
  service?: string;
}

export interface HealthCheckResponse {
  status: number;
}
