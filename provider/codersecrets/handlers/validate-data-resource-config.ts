import { hasErrors } from "../diagnostics";
import { ruleDiagnostics } from "../manifest/rules";
import { decodeManifestRequest } from "../manifest/request";
import type { DiagnosticsResponse, ValidateDataResourceConfigRequest } from "../protocol/messages";
import type { CallContext } from "../runtime";

/**
 * ValidateDataResourceConfig: every core rule on what is already known. In Terraform's validate walk values are
 * unknown; in the plan walk they are known when they come from variables or locals.
 *
 * `terraform plan` calls this RPC in its validate walk and again in its plan walk, then ReadDataSource, and prints
 * every diagnostic of every call. An error stops the plan at the call that returns it, so a call that finds an error
 * returns it with the warnings; a call that finds only warnings returns nothing, and ReadDataSource reports them
 * (at plan when the configuration is known, else at apply). Each finding is printed once.
 */
export function validateDataResourceConfig(request: ValidateDataResourceConfigRequest, ctx: CallContext): DiagnosticsResponse {
  const { config, diagnostics } = decodeManifestRequest(request.type_name, request.config);
  if (config && !hasErrors(diagnostics)) {
    const findings = ruleDiagnostics(config);
    if (hasErrors(findings)) diagnostics.push(...findings);
  }
  ctx.runtime.log.debug("validated data source config", { problems: diagnostics.length });
  return { diagnostics };
}
