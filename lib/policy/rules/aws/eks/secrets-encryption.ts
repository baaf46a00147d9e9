import { fail, pass, type ResourceRule } from "../../../types";
import { blocks, list } from "../../helpers";
import { isCustomerKey } from "../helpers";

/** LLM-AWS-EKS-2: Kubernetes secrets are envelope-encrypted with a customer-managed key. */
export const eksSecretsEncryption: ResourceRule = {
  id: "LLM-AWS-EKS-2",
  title: "EKS clusters encrypt Kubernetes secrets with a customer-managed KMS key",
  rationale: "Secrets in etcd hold registry credentials, API tokens and database passwords; envelope encryption with a customer-managed key keeps them unreadable to anyone who cannot use the key, and access to it auditable.",
  fix: 'Add encryption_config with resources ["secrets"] and provider.key_arn set to your key (AwsTrainingCluster does this).',
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_eks_cluster"],
  check(cluster) {
    const configs = blocks(cluster.attributes.encryption_config);
    if (configs.length === 0) return fail("does not encrypt Kubernetes secrets with a KMS key (no encryption_config)");
    const secrets = configs.filter((c) => list(c.resources).includes("secrets"));
    if (secrets.length === 0) return fail('encryption_config does not cover "secrets"');
    return secrets.some((c) => blocks(c.provider).some((p) => isCustomerKey(p.key_arn))) ? pass : fail("encryption_config of secrets names no customer-managed KMS key");
  },
};
