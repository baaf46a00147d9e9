/** The CIDR helpers moved to `lib/constructs/private/cidr.ts`, shared by every cloud's network. */
export * from "../../private/cidr";
