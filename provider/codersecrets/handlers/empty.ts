import type { DiagnosticsResponse } from "../protocol/messages";

/**
 * GetResourceIdentitySchemas (Terraform >= 1.12) and GetFunctions: this provider has no managed resources and no
 * functions, so the answer is an empty map. Answering (instead of UNIMPLEMENTED) keeps Terraform's logs quiet.
 */
export function emptyResponse(): DiagnosticsResponse {
  return {};
}
