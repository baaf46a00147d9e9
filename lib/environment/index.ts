export * from "./schema";
export * from "./presets";
export * from "./resolve";
export * from "./load";
export * from "./guardrails-schema";
