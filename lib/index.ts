/**
 * llmops-constructs: CDK for Terraform constructs for a complete LLMOps stack.
 * Everything public is exported from here; provider resources are imported deep,
 * never through a provider package's barrel.
 */
export * from "./errors";
export * from "./catalog";
export * from "./naming";
export * from "./environment";
export * from "./util/cidr";
export * from "./util/cron";
export * from "./constructs/common";
export * from "./constructs/aws";
export * from "./stacks";
export * from "./policy";
export * from "./review";
