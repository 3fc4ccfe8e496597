import type { StopProviderResponse } from "../protocol/messages";
import type { CallContext } from "../runtime";

/** StopProvider (Terraform's Ctrl-C): abort every call in flight; later calls are served normally. */
export function stopProvider(_request: unknown, ctx: CallContext): StopProviderResponse {
  ctx.runtime.log.info("StopProvider: aborting work in flight");
  ctx.runtime.stop();
  return {};
}
