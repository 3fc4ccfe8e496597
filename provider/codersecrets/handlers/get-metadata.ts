import type { GetMetadataResponse } from "../protocol/messages";
import { CODERSECRETS_MANIFEST_TYPE } from "../../../lib/core/provider-address";
import { SERVER_CAPABILITIES } from "./get-provider-schema";

/** GetMetadata: the data source list without building schemas (unused by Terraform 1.11, used by muxers). */
export function getMetadata(): GetMetadataResponse {
  return { server_capabilities: SERVER_CAPABILITIES, data_sources: [{ type_name: CODERSECRETS_MANIFEST_TYPE }], resources: [] };
}
