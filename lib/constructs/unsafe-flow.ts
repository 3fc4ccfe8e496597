/**
 * Places where an author put a secret in clear on purpose (an `unsafe…` API). The construct that owns the sink records
 * them and answers for them, so the secret-flow check asks the element's owner instead of a registry beside it.
 */
import { IConstruct } from "constructs";

const UNSAFE_FLOW_OWNER_BRAND = Symbol.for("cdktf-coder-secrets.UnsafeFlowOwner");

/** A construct that owns sink elements and knows which of their places carry a secret in clear on purpose. */
interface UnsafeFlowOwner extends IConstruct {
  /** True when `place` (`env:NAME`, `item:KEY`) of `element` was opened with an `unsafe…` call. */
  allowsUnsafeFlow(element: IConstruct, place: string): boolean;
}

/** Marks `owner` as answering {@link isUnsafeFlowAllowed} for the elements below it. @internal */
export function markUnsafeFlowOwner(owner: UnsafeFlowOwner): void {
  Object.defineProperty(owner, UNSAFE_FLOW_OWNER_BRAND, { value: true });
}

/** True when the construct owning `element` says `place` carries a secret in clear on purpose. @internal */
export function isUnsafeFlowAllowed(element: IConstruct, place: string): boolean {
  const owner = element.node.scope;
  return owner !== undefined && UNSAFE_FLOW_OWNER_BRAND in owner && (owner as unknown as UnsafeFlowOwner).allowsUnsafeFlow(element, place);
}
