export * from "./network";
export * from "./key-vault";
export * from "./storage";
export * from "./training-cluster";
export * from "./gpu-node-pool";
export * from "./gpu-scheduling";
export * from "./budget";
export * from "./monitoring";
