export * from "./idle-cost";
export { alarmCount } from "./aws-idle-cost";
export * from "./idle-cost-markdown";
