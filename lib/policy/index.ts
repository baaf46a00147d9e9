export * from "./types";
export * from "./engine";
export * from "./guardrails";
export * from "./report";
export * from "./sarif";
export * from "./stack-view";
export * from "./suppressions";
export { ALL_RULES } from "./rules";
export { REQUIRED_TAG_KEYS } from "./rules/common/required-tags";
