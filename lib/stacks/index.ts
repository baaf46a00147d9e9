export * from "./llmops-stack";
export * from "./aws-llmops-stack";
export * from "./tagging";
export * from "./synth";
export * from "./tagging-setup";
