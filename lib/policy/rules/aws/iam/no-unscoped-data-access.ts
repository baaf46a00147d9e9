import type { ResourceRule } from "../../../types";
import { globMatch, globsOverlap, list } from "../../helpers";
import { checkAllowStatements } from "../helpers";

/**
 * Actions that read, write or decrypt data: every action of the data services, and the
 * data-key, secret and inference actions of KMS, Secrets Manager and SageMaker.
 */
export const DATA_ACTIONS: readonly string[] = [
  "s3:*",
  "kms:Decrypt",
  "kms:Encrypt",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
  "aoss:*",
  "es:*",
  "rds-db:*",
  "rds-data:*",
  "dynamodb:*",
  "secretsmanager:GetSecretValue",
  "sagemaker:InvokeEndpoint*",
];

/** Account-level listings of data services: AWS grants them only on "*", and they return names, not data. */
export const ACCOUNT_LEVEL_ACTIONS: readonly string[] = [
  "s3:ListAllMyBuckets",
  "s3:GetAccountPublicAccessBlock",
  "s3:ListAccessPoints",
  "s3:ListMultiRegionAccessPoints",
  "s3:ListStorageLensConfigurations",
  "s3:ListJobs",
  "dynamodb:ListTables",
  "dynamodb:ListGlobalTables",
  "dynamodb:ListBackups",
  "dynamodb:ListStreams",
  "dynamodb:DescribeLimits",
  "dynamodb:DescribeEndpoints",
  "es:ListDomainNames",
  "es:ListVersions",
  "aoss:ListCollections",
  "aoss:BatchGetCollection",
  "aoss:ListSecurityPolicies",
  "aoss:ListAccessPolicies",
  "aoss:ListVpcEndpoints",
];

const ACCOUNT_LEVEL = new Set(ACCOUNT_LEVEL_ACTIONS.map((a) => a.toLowerCase()));

/** Whether an allowed action pattern covers a data action. */
function isDataAction(action: string): boolean {
  return !ACCOUNT_LEVEL.has(action.toLowerCase()) && DATA_ACTIONS.some((d) => globsOverlap(action, d));
}

/** How a statement's resources reach everything, or undefined when they are scoped. */
function unscoped(statement: Record<string, unknown>): string | undefined {
  if (statement.NotResource !== undefined) return "every resource but its NotResource";
  if (statement.Resource === undefined) return "every resource (no Resource)";
  // "*", or an ARN whose resource part is only wildcards (arn:aws:s3:::*, arn:aws:kms:*:*:*).
  const all = list(statement.Resource).find((r) => r === "*" || /^arn:[^:]*:[^:]*:[^:]*:[^:]*:[*/]*$/.test(r));
  return all === undefined ? undefined : `"${all}"`;
}

/** LLM-AWS-IAM-2: data actions are allowed on named resources only. */
export const iamNoUnscopedDataAccess: ResourceRule = {
  id: "LLM-AWS-IAM-2",
  title: 'IAM policies allow data actions (S3, KMS decrypt/encrypt, databases, vector stores, secrets, inference) only on named resources, never on "*"',
  rationale: 'A data action on "*" reaches every bucket, key, table, collection and secret of the account, including those of other teams and environments; scoping it to the resources a role needs contains a compromised workload.',
  fix: "Name the buckets, object prefixes, keys, tables, collections or secrets in Resource (the grant methods of our stores, e.g. AwsDataBucket.grantReadWrite and AwsOpenSearchVectorStore.grantReadWrite, scope them).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_role"],
  check(resource) {
    return checkAllowStatements(resource, (s, where) => {
      const scope = unscoped(s);
      if (!scope) return [];
      if (s.NotAction !== undefined) {
        const excluded = list(s.NotAction);
        const open = DATA_ACTIONS.filter((d) => !excluded.some((n) => globMatch(n, d)));
        return open.length > 0 ? [`${where}allows every action but ${excluded.join(", ")} (NotAction), data actions included, on ${scope}`] : [];
      }
      const data = list(s.Action).filter(isDataAction);
      return data.length > 0 ? [`${where}allows ${data.join(", ")} on ${scope}`] : [];
    });
  },
};
