import { encodeDynamicValue } from "../cty/msgpack";
import { errorDiagnostic, hasErrors } from "../diagnostics";
import { ruleDiagnostics } from "../manifest/rules";
import { decodeManifestRequest } from "../manifest/request";
import { manifestState } from "../manifest/state";
import type { ReadDataSourceRequest, ReadDataSourceResponse } from "../protocol/messages";
import { abortableDelay, CallContext, ProviderStoppedError, throwIfStopped } from "../runtime";
import { isUnknown } from "../cty/value";

/**
 * ReadDataSource: the same rules as validation (now on resolved values), then the manifest in every form.
 * Errors give no state. Aborted by StopProvider.
 */
export async function readDataSource(request: ReadDataSourceRequest, ctx: CallContext): Promise<ReadDataSourceResponse> {
  ctx.runtime.beginRead();
  try {
    if (ctx.runtime.readDelayMs > 0) await abortableDelay(ctx.runtime.readDelayMs, ctx.signal);
    throwIfStopped(ctx.signal);
    const { config, diagnostics } = decodeManifestRequest(request.type_name, request.config);
    if (!config || hasErrors(diagnostics)) return { diagnostics };
    diagnostics.push(...ruleDiagnostics(config));
    if (hasErrors(diagnostics)) return { diagnostics };
    throwIfStopped(ctx.signal);
    const state = manifestState(config);
    throwIfStopped(ctx.signal);
    ctx.runtime.log.debug("read data source", {
      secrets: isUnknown(config.secrets) ? -1 : config.secrets.length,
      complete: !isUnknown(state.id),
      problems: diagnostics.length,
    });
    return { state: encodeDynamicValue(state), diagnostics };
  } catch (err) {
    if (err instanceof ProviderStoppedError) {
      ctx.runtime.log.info("ReadDataSource aborted by StopProvider");
      return { diagnostics: [errorDiagnostic("Provider stopped", "Terraform asked the provider to stop (StopProvider) before the manifest was built.")] };
    }
    throw err;
  }
}
