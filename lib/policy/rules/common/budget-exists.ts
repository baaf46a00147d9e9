import { fail, pass, type StackRule } from "../../types";

/** Budget resource types per cloud. */
export const BUDGET_TYPES = ["aws_budgets_budget", "google_billing_budget", "azurerm_consumption_budget_subscription", "azurerm_consumption_budget_resource_group"] as const;

/** LLM-COST-1: every environment stack has a budget. */
export const budgetExists: StackRule = {
  id: "LLM-COST-1",
  title: "Every environment has a cost budget",
  rationale: "Accelerators cost tens of dollars an hour each; without a budget, a forgotten node pool or endpoint is found on the invoice a month later.",
  fix: "Add a budget for the environment (AwsBudget; the environment stacks add one from the spec's budget section).",
  severity: "error",
  packs: ["cost"],
  cloud: "any",
  appliesTo: "stack",
  check(stack) {
    return BUDGET_TYPES.some((t) => stack.ofType(t).length > 0) ? pass : fail("has no budget");
  },
};
