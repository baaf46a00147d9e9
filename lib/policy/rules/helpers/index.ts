/** Helpers that read synthesized Terraform of any cloud. AWS-specific helpers live in `../aws/helpers`. */
export * from "./attributes";
export * from "./json";
export * from "./links";
export * from "./patterns";
export * from "./tier";
