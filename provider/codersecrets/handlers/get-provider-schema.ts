import type { GetProviderSchemaResponse, ServerCapabilities } from "../protocol/messages";
import { CODERSECRETS_MANIFEST_TYPE } from "../../../lib/core/provider-address";
import { MANIFEST_SCHEMA, PROVIDER_SCHEMA } from "../schema";

/**
 * get_provider_schema_optional: Terraform may reuse a cached schema in the extra processes it starts during a run.
 * plan_destroy stays false: there are no managed resources.
 */
export const SERVER_CAPABILITIES: ServerCapabilities = { get_provider_schema_optional: true };

/** GetProviderSchema: `provider` must always be set, even empty, or Terraform reports "missing provider schema". */
export function getProviderSchema(): GetProviderSchemaResponse {
  return {
    provider: PROVIDER_SCHEMA,
    data_source_schemas: { [CODERSECRETS_MANIFEST_TYPE]: MANIFEST_SCHEMA },
    resource_schemas: {},
    server_capabilities: SERVER_CAPABILITIES,
  };
}
