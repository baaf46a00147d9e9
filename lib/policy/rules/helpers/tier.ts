import type { StackView } from "../../types";

/** Whether the stack is a production environment. */
export function isProd(stack: StackView): boolean {
  return stack.tier === "prod";
}

/** Whether the stack is a development environment (a stack without a tier is neither). */
export function isDev(stack: StackView): boolean {
  return stack.tier === "dev";
}
