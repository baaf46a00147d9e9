export * from "./network";
export * from "./encryption-key";
