import { fail, pass, type ResourceRule } from "../../../types";
import { block } from "../../helpers";
import { isCustomerKey } from "../helpers";

/** LLM-AWS-ECR-1: repositories encrypt images with a customer-managed key. */
export const ecrRepositoryKms: ResourceRule = {
  id: "LLM-AWS-ECR-1",
  title: "ECR repositories encrypt images with a customer-managed KMS key",
  rationale: "Serving images often bundle model weights and code; a customer-managed key puts pulling them under the key policy and lets access be revoked. ECR's encryption cannot be changed after the repository is created.",
  fix: 'Set encryption_configuration with encryption_type "KMS" and kms_key set to your key (AwsRegistry does this).',
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_ecr_repository"],
  check(repository) {
    const config = block(repository.attributes.encryption_configuration);
    const type = config.encryption_type ?? "AES256";
    if (type !== "KMS" && type !== "KMS_DSSE") return fail(`encrypts images with ${String(type)}, not a customer-managed KMS key`);
    return isCustomerKey(config.kms_key) ? pass : fail(config.kms_key === undefined ? "encrypts images with the AWS-managed ECR key (kms_key is not set)" : "kms_key is not a customer-managed KMS key");
  },
};
