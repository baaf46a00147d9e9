export * from "./idle-cost";
export { alarmCount } from "./aws-idle-cost";
export * from "./idle-cost-markdown";
export { COMMENT_LIMIT, COMMENT_MARKER, renderComment, reviewComment, reviewData, type ReviewComment, type ReviewData, type ReviewInputs } from "./comment";
export { PRICE_MARK_LEGEND, compareCosts, costReport, loadCostSources, stackCost, type ComponentCost, type CostComparison, type CostFigure, type CostReport, type CostSource, type PriceMark, type StackCost, type StackCostChange } from "./cost";
export { compareText, costText } from "./cost-text";
export { stackDiagram } from "./diagram";
export { loadUsageProfile, parseUsageProfile, usageOf, type UsageProfile } from "./usage-profile";
export { capacityModelOf, expectedMonthlyCost, registerCapacityModel, worstMonthlyCost, type CapacityModel, type StackUsage } from "./worst-cost";
