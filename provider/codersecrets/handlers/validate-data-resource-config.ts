import { hasErrors } from "../diagnostics";
import { ruleDiagnostics } from "../manifest/rules";
import { decodeManifestRequest } from "../manifest/request";
import type { DiagnosticsResponse, ValidateDataResourceConfigRequest } from "../protocol/messages";
import type { CallContext } from "../runtime";

/**
 * ValidateDataResourceConfig: every core rule on what is already known. In Terraform's validate walk values are
 * unknown; in the plan walk they are known when they come from variables or locals.
 */
export function validateDataResourceConfig(request: ValidateDataResourceConfigRequest, ctx: CallContext): DiagnosticsResponse {
  const { config, diagnostics } = decodeManifestRequest(request.type_name, request.config);
  if (config && !hasErrors(diagnostics)) diagnostics.push(...ruleDiagnostics(config));
  ctx.runtime.log.debug("validated data source config", { problems: diagnostics.length });
  return { diagnostics };
}
