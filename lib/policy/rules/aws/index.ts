import type { Rule } from "../../types";
import { AWS_RELIABILITY_COST_RULES } from "./reliability-cost";
import { bucketKmsEncryption } from "./s3/bucket-kms-encryption";
import { bucketPublicAccessBlock } from "./s3/bucket-public-access-block";
import { AWS_SECURITY_RULES } from "./security";

/** Every AWS rule. */
export const AWS_RULES: readonly Rule[] = [bucketKmsEncryption, bucketPublicAccessBlock, ...AWS_SECURITY_RULES, ...AWS_RELIABILITY_COST_RULES];
