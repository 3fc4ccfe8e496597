/**
 * The only module of the construct library that imports the CDK for Terraform runtime. Moving to the
 * maintained CDK Terrain fork is a change of this one line (`"cdktf"` → `"cdktn"`, same API) plus
 * regenerating the bindings with `@cdktn/provider-generator`.
 */
export {
  AnnotationMetadataEntryType,
  Annotations,
  Aspects,
  Fn,
  Lazy,
  TerraformBackend,
  TerraformDataSource,
  TerraformElement,
  TerraformLocal,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Token,
} from "cdktf";
export type { IAspect, IResolvable, ISynthesisSession, TerraformMetaArguments } from "cdktf";
/** Resolves tokens in a value the way synthesis does (CDKTF-internal helper, re-exported here only). */
export { resolve as resolveTokens } from "cdktf/lib/_tokens";
