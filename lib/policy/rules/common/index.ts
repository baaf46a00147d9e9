import type { Rule } from "../../types";
import { budgetExists } from "./budget-exists";
import { requiredTags } from "./required-tags";
import { statefulPreventDestroy } from "./stateful-prevent-destroy";

/** Rules that read resources of any cloud. */
export const COMMON_RULES: readonly Rule[] = [budgetExists, requiredTags, statefulPreventDestroy];
