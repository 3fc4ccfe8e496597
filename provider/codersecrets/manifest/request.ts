/** Shared first step of the data source RPCs: check the type name, decode and parse the configuration. */
import { decodeDynamicValue, DynamicValueError } from "../cty/msgpack";
import { errorDiagnostic } from "../diagnostics";
import type { Diagnostic, DynamicValue } from "../protocol/messages";
import { MANIFEST_DATA_SOURCE } from "../schema";
import { ManifestConfig, parseManifestConfig } from "./config";

export interface DecodedRequest {
  readonly config: ManifestConfig | undefined;
  readonly diagnostics: Diagnostic[];
}

export function decodeManifestRequest(typeName: string | undefined, dynamicValue: DynamicValue | undefined): DecodedRequest {
  if (typeName !== MANIFEST_DATA_SOURCE) {
    return {
      config: undefined,
      diagnostics: [errorDiagnostic("Unknown data source type", `This provider has one data source, ${MANIFEST_DATA_SOURCE}; got "${typeName ?? ""}".`)],
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
