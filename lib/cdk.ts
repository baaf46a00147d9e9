/**
 * The one module through which this library imports the CDK for Terraform core.
 *
 * Keeping every `cdktf` import here means a move to a fork with the same API
 * (for example CDK Terrain, `cdktn`) touches this file alone.
 */
export {
  AnnotationMetadataEntryType,
  App,
  Annotations,
  Aspects,
  DefaultTokenResolver,
  DISABLE_STACK_TRACE_IN_METADATA,
  Fn,
  AzurermBackend,
  DataTerraformRemoteStateAzurerm,
  DataTerraformRemoteStateLocal,
  GcsBackend,
  Op,
  LocalBackend,
  Lazy,
  S3Backend,
  StringConcat,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  Testing,
  Token,
  Tokenization,
} from "cdktf";
export type { IAspect, ITerraformDependable } from "cdktf";
export { Construct } from "constructs";
export type { IConstruct } from "constructs";
export type { ISynthesisSession, IStackSynthesizer, StackAnnotation } from "cdktf";
// The hashed addressing scheme cdktf allocates logical ids with (TerraformStack.allocateLogicalId):
// private to cdktf, used only to name the addresses of an earlier release in `moved` blocks
// (constructs/private/previous-address.ts); test/previous-address.test.ts pins its output.
export { makeUniqueId } from "cdktf/lib/private/unique";
