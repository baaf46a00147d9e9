/**
 * `llmops-constructs/platform`: what runs inside an environment's cluster (device plugins
 * and the Cluster Autoscaler as Helm releases), in a stack applied after the environment
 * from inside its network. A subpath of its own: it needs `@cdktf/provider-helm` and
 * `@cdktf/provider-kubernetes`, which an install without in-cluster parts never loads.
 * This entry is AWS's (it loads `@cdktf/provider-aws`); Azure's is
 * `llmops-constructs/azure/platform`.
 */
export * from "./constructs/aws/accelerator-platform";
export * from "./stacks/aws-platform-stack";
