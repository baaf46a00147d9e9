/**
 * `llmops-constructs/gcp`: the Google Cloud constructs and environment stack, for use on
 * their own or in a stack of your own. Needs `@cdktf/provider-google`; the main module
 * and `llmops-constructs/core` never load it (a `cloud: gcp` spec loads it on first use).
 */
export * from "./constructs/gcp";
export * from "./stacks/gcp-llmops-stack";
