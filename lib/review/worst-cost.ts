/**
 * The two load-dependent monthly figures beside the idle cost: the **worst case**
 * (every pool, endpoint and capacity unit at its maximum, 730 hours a month, plus the
 * idle figure's fixed lines) and the **expected** cost under a usage profile (training
 * node-hours per pool, serving hours per endpoint). Each cloud brings a
 * {@link CapacityModel} that knows which of its idle lines scale with load; a cloud
 * without one is "not priced" (undefined), never zero.
 */
import type { ResolvedEnvironmentSpec } from "../environment/resolved";
import { capacityModelOf, type StackUsage } from "./capacity-models";
import { costOf } from "./cost-line";
import type { IdleCost } from "./idle-cost";

export { capacityModelOf, registerCapacityModel, type CapacityModel, type StackUsage } from "./capacity-models";


/** The worst-case monthly cost; undefined when the cloud has no capacity model. */
export function worstMonthlyCost(spec: ResolvedEnvironmentSpec, idle: IdleCost): IdleCost | undefined {
  const model = capacityModelOf(spec.cloud);
  return model ? costOf(spec, model.worstLines(spec, idle)) : undefined;
}

/** The expected monthly cost under a usage profile; undefined when the cloud has no capacity model. */
export function expectedMonthlyCost(spec: ResolvedEnvironmentSpec, idle: IdleCost, usage: StackUsage): IdleCost | undefined {
  const model = capacityModelOf(spec.cloud);
  return model ? costOf(spec, model.expectedLines(spec, idle, usage)) : undefined;
}
