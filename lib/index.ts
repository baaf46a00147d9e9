/**
 * llmops-constructs: CDK for Terraform constructs for a complete LLMOps stack.
 * Everything public is exported from here; provider resources are imported deep,
 * never through a provider package's barrel.
 */
// The AWS constructs, exported below, load @cdktf/provider-aws, an optional peer
// dependency: without it, importing this module says which package to install
// instead of a bare "Cannot find module". The `llmops` command loads a cloud's
// modules only for a spec of that cloud.
import { requireProvider } from "./stacks/providers";
requireProvider("aws", "the AWS constructs module of llmops-constructs");
export * from "./core";
export * from "./stacks/providers";
export * from "./constructs/aws";
export * from "./stacks";
export * from "./review";
