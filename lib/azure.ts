/**
 * `llmops-constructs/azure`: the Azure constructs and environment stack, for use on their
 * own or in a stack of your own. Needs `@cdktf/provider-azurerm`; the main module and
 * `llmops-constructs/core` never load it (a `cloud: azure` spec loads it on first use).
 */
export * from "./constructs/azure";
export * from "./stacks/azure-llmops-stack";
