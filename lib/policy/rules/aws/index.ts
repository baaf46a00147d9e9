import type { Rule } from "../../types";
import { bucketKmsEncryption } from "./s3/bucket-kms-encryption";
import { bucketPublicAccessBlock } from "./s3/bucket-public-access-block";

/** Every AWS rule. */
export const AWS_RULES: readonly Rule[] = [bucketKmsEncryption, bucketPublicAccessBlock];
