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
  LocalBackend,
  Lazy,
  S3Backend,
  StringConcat,
  TerraformOutput,
  TerraformStack,
  Testing,
  Token,
  Tokenization,
} from "cdktf";
export type { IAspect, ITerraformDependable, TerraformResource } from "cdktf";
export { Construct } from "constructs";
export type { IConstruct } from "constructs";
export type { ISynthesisSession, IStackSynthesizer, StackAnnotation } from "cdktf";
