import type { Rule } from "../../types";
import { budgetExists } from "./budget-exists";
import { launchTemplateTags } from "./launch-template-tags";
import { requiredTags } from "./required-tags";
import { statefulDeletionProtection } from "./stateful-deletion-protection";
import { statefulPreventDestroy } from "./stateful-prevent-destroy";

/** Rules that read resources of any cloud. */
export const COMMON_RULES: readonly Rule[] = [budgetExists, requiredTags, launchTemplateTags, statefulPreventDestroy, statefulDeletionProtection];
