export * from "./network";
export * from "./encryption-key";
export * from "./data-bucket";
export * from "./object-store";
export * from "./training-cluster";
export * from "./accelerator-node-pool";
export * from "./log-retention";
