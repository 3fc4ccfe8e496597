import { Fn, TerraformDataSource, TerraformResource, Token } from "./cdk";

/**
 * Reads an attribute of a set-typed block with `max_items = 1` (`coder_agent.display_apps`,
 * `resources_monitoring`, `coder_parameter` `validation`…). The generated getters render `block[0].attr`, which
 * Terraform rejects (sets have no index); this renders `one(block).attr`.
 */
export function readSetBlockAttribute(element: TerraformResource | TerraformDataSource, block: string, attribute: string): string {
  return Token.asString(Fn.lookupNested(Fn.one(element.interpolationForAttribute(block)), [attribute]));
}
