import type { Rule } from "../types";
import { AWS_RULES } from "./aws";
import { AZURE_RULES } from "./azure";
import { COMMON_RULES } from "./common";
import { GCP_RULES } from "./gcp";

/** Every rule this library ships, by id. */
export const ALL_RULES: readonly Rule[] = [...COMMON_RULES, ...AWS_RULES, ...GCP_RULES, ...AZURE_RULES].sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
