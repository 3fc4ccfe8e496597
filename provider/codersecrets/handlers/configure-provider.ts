import type { ConfigureProviderRequest, DiagnosticsResponse } from "../protocol/messages";
import type { CallContext } from "../runtime";
import { providerConfigDiagnostics } from "./validate-provider-config";

/** ConfigureProvider: nothing to configure; remembers the Terraform version for logs. */
export function configureProvider(request: ConfigureProviderRequest, ctx: CallContext): DiagnosticsResponse {
  const diagnostics = providerConfigDiagnostics(request.config);
  ctx.runtime.terraformVersion = request.terraform_version || undefined;
  ctx.runtime.configured = true;
  ctx.runtime.log.debug("provider configured", {
    terraform_version: request.terraform_version ?? "",
    deferral_allowed: request.client_capabilities?.deferral_allowed === true,
  });
  return { diagnostics };
}
