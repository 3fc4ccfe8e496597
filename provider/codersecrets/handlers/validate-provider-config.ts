import { decodeDynamicValue, DynamicValueError } from "../cty/msgpack";
import { isObject } from "../cty/value";
import { errorDiagnostic } from "../diagnostics";
import type { Diagnostic, DiagnosticsResponse, ValidateProviderConfigRequest } from "../protocol/messages";

/** The provider block takes no arguments; anything decodable as an (empty) object or null is fine. */
export function providerConfigDiagnostics(config: ValidateProviderConfigRequest["config"]): Diagnostic[] {
  try {
    const value = decodeDynamicValue(config);
    if (value !== null && !isObject(value)) return [errorDiagnostic("Invalid provider configuration", "The provider configuration must be an object.")];
    return [];
  } catch (err) {
    if (err instanceof DynamicValueError) return [errorDiagnostic("Invalid provider configuration", err.message)];
    throw err;
  }
}

/** ValidateProviderConfig. Note: its diagnostics field is number 2 in tfplugin6. */
export function validateProviderConfig(request: ValidateProviderConfigRequest): DiagnosticsResponse {
  return { diagnostics: providerConfigDiagnostics(request.config) };
}
