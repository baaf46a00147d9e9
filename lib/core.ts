/**
 * `llmops-constructs/core`: everything that needs no cloud's provider package — the
 * spec (load, validate, resolve), the catalog, naming, guardrails, the cloud-neutral
 * interfaces and the entry points that build an environment stack for any cloud
 * (`addEnvironmentStack(s)`, which load the spec's cloud on first use). An install with
 * only the Google Cloud (or only the AWS) provider imports this without loading another
 * cloud's package; the main module also exports the AWS constructs.
 */
export * from "./errors";
export * from "./catalog";
export * from "./naming";
export * from "./environment";
export * from "./util/cidr";
export * from "./util/cron";
export * from "./constructs/common";
export * from "./stacks/llmops-stack";
export * from "./stacks/tagging";
export * from "./stacks/synth";
export * from "./policy";
