export * from "./aws-llmops-stack";
export * from "./component-tags";
export * from "./synth";
