/** Shared first step of the data source RPCs: check the type name, decode and parse the configuration. */
import { decodeDynamicValue, DynamicValueError } from "../cty/msgpack";
import { errorDiagnostic } from "../diagnostics";
import type { Diagnostic, DynamicValue } from "../protocol/messages";
import { CODERSECRETS_MANIFEST_TYPE } from "../../../lib/core/provider-address";
import { ManifestConfig, parseManifestConfig } from "./config";

export interface DecodedRequest {
  readonly config: ManifestConfig | undefined;
  readonly diagnostics: Diagnostic[];
}

export function decodeManifestRequest(typeName: string | undefined, dynamicValue: DynamicValue | undefined): DecodedRequest {
  if (typeName !== CODERSECRETS_MANIFEST_TYPE) {
    return {
      config: undefined,
      diagnostics: [errorDiagnostic("Unknown data source type", `This provider has one data source, ${CODERSECRETS_MANIFEST_TYPE}; got "${typeName ?? ""}".`)],
    };
  }
  try {
    const value = decodeDynamicValue(dynamicValue);
    return parseManifestConfig(value);
  } catch (err) {
    if (err instanceof DynamicValueError) {
      return { config: undefined, diagnostics: [errorDiagnostic("Invalid configuration encoding", err.message)] };
    }
    throw err;
  }
}
