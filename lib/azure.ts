/**
 * `llmops-constructs/azure`: the Azure constructs, for use on their own or in a stack of
 * your own (the Azure environment stack is not in this release). Needs
 * `@cdktf/provider-azurerm`; the main module and `llmops-constructs/core` never load it.
 */
export * from "./constructs/azure";
