import type { Cloud } from "../catalog/types";
import { AZURE_NAME_RULES } from "./azure-rules";
import { noDoubleHyphen } from "./extra-checks";

/** Where a name must be unique. */
export type Uniqueness = "global" | "account-region" | "account" | "parent";

/** The naming rule of one kind of cloud resource. */
export interface NameRule {
  /** The cloud the resource belongs to. */
  readonly cloud: Cloud;
  /** What the rule names, for messages. */
  readonly title: string;
  readonly minLength: number;
  readonly maxLength: number;
  /** The whole name must match this. */
  readonly pattern: RegExp;
  /** The pattern in words, for messages. */
  readonly allowed: string;
  /** Where the name must be unique. */
  readonly uniqueness: Uniqueness;
  /** Prefixes the cloud reserves. */
  readonly reservedPrefixes?: readonly string[];
  /** Suffixes the cloud reserves. */
  readonly reservedSuffixes?: readonly string[];
  /** Extra checks with their message. */
  readonly extra?: readonly { readonly test: (name: string) => boolean; readonly message: string }[];
}


/** Naming rules of every resource this library names, by kind. */
export const NAME_RULES = {
  "s3-bucket": {
    cloud: "aws",
    title: "S3 bucket",
    minLength: 3,
    maxLength: 63,
    pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    allowed: "lowercase letters, digits, dots and hyphens; start and end with a letter or digit",
    uniqueness: "global",
    reservedPrefixes: ["xn--", "sthree-", "amzn-s3-demo-"],
    reservedSuffixes: ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"],
    extra: [
      { test: (n: string) => !n.includes(".."), message: "must not contain two dots in a row" },
      { test: (n: string) => !/^\d+\.\d+\.\d+\.\d+$/.test(n), message: "must not look like an IP address" },
    ],
  },
  "eks-cluster": {
    cloud: "aws",
    title: "EKS cluster",
    minLength: 1,
    maxLength: 100,
    pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/,
    allowed: "letters, digits, hyphens and underscores; start with a letter or digit",
    uniqueness: "account-region",
  },
  "eks-node-group": {
    cloud: "aws",
    title: "EKS managed node group",
    minLength: 1,
    maxLength: 63,
    pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/,
    allowed: "letters, digits, hyphens and underscores; start with a letter or digit",
    uniqueness: "parent",
  },
  "opensearch-serverless": {
    cloud: "aws",
    title: "OpenSearch Serverless collection, policy or VPC endpoint",
    minLength: 3,
    maxLength: 32,
    pattern: /^[a-z][a-z0-9-]+$/,
    allowed: "lowercase letters, digits and hyphens; start with a letter",
    uniqueness: "account-region",
  },
  sagemaker: {
    cloud: "aws",
    title: "SageMaker model, endpoint, endpoint configuration, inference component or model package group",
    minLength: 1,
    maxLength: 63,
    pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/,
    allowed: "letters, digits and hyphens; start and end with a letter or digit",
    uniqueness: "account-region",
  },
  "ecr-repository": {
    cloud: "aws",
    title: "ECR repository",
    minLength: 2,
    maxLength: 256,
    pattern: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
    allowed: "lowercase letters and digits, separated by single '.', '_', '-' or '/'",
    uniqueness: "account-region",
  },
  "rds-cluster": {
    cloud: "aws",
    title: "Aurora DB cluster or instance identifier",
    minLength: 1,
    maxLength: 63,
    pattern: /^[a-z][a-z0-9-]*$/,
    allowed: "lowercase letters, digits and hyphens; start with a letter; no trailing hyphen",
    uniqueness: "account-region",
    extra: [noDoubleHyphen, { test: (n: string) => !n.endsWith("-"), message: "must not end with a hyphen" }],
  },
  "db-subnet-group": {
    cloud: "aws",
    title: "DB subnet group",
    minLength: 1,
    maxLength: 255,
    pattern: /^[a-z0-9][a-z0-9._ -]*$/,
    allowed: "lowercase letters, digits, periods, underscores, spaces and hyphens",
    uniqueness: "account-region",
    extra: [{ test: (n: string) => n !== "default", message: "must not be \"default\"" }],
  },
  "kms-alias": {
    cloud: "aws",
    title: "KMS alias",
    minLength: 7,
    maxLength: 256,
    pattern: /^alias\/[a-zA-Z0-9/_-]+$/,
    allowed: "\"alias/\" then letters, digits, '/', '_' and '-'",
    uniqueness: "account-region",
    reservedPrefixes: ["alias/aws/"],
  },
  "iam-role": {
    cloud: "aws",
    title: "IAM role or policy",
    minLength: 1,
    maxLength: 64,
    pattern: /^[\w+=,.@-]+$/,
    allowed: "letters, digits and +=,.@_-",
    uniqueness: "account",
  },
  "sns-topic": {
    cloud: "aws",
    title: "SNS topic",
    minLength: 1,
    maxLength: 256,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowed: "letters, digits, hyphens and underscores",
    uniqueness: "account-region",
  },
  budget: {
    cloud: "aws",
    title: "AWS budget",
    minLength: 1,
    maxLength: 100,
    pattern: /^[^:\\]+$/,
    allowed: "any characters but ':' and '\\'",
    uniqueness: "account",
  },
  "log-group": {
    cloud: "aws",
    title: "CloudWatch log group",
    minLength: 1,
    maxLength: 512,
    pattern: /^[.\-_/#A-Za-z0-9]+$/,
    allowed: "letters, digits and . - _ / #",
    uniqueness: "account-region",
  },
  "launch-template": {
    cloud: "aws",
    title: "EC2 launch template",
    minLength: 3,
    maxLength: 128,
    pattern: /^[a-zA-Z0-9().\-/_]+$/,
    allowed: "letters, digits and ( ) . - / _",
    uniqueness: "account-region",
  },
  "placement-group": {
    cloud: "aws",
    title: "EC2 placement group",
    minLength: 1,
    maxLength: 255,
    pattern: /^[\x20-\x7e]+$/,
    allowed: "printable ASCII characters",
    uniqueness: "account-region",
  },
  "security-group": {
    cloud: "aws",
    title: "EC2 security group",
    minLength: 1,
    maxLength: 255,
    pattern: /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/,
    allowed: "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
    uniqueness: "parent",
    reservedPrefixes: ["sg-"],
  },
  "cloudwatch-alarm": {
    cloud: "aws",
    title: "CloudWatch alarm or dashboard",
    minLength: 1,
    maxLength: 255,
    pattern: /^[A-Za-z0-9_.-]+$/,
    allowed: "letters, digits, '-', '_' and '.'",
    uniqueness: "account-region",
  },
  "gcs-bucket": {
    cloud: "gcp",
    title: "Cloud Storage bucket",
    minLength: 3,
    maxLength: 63,
    pattern: /^[a-z0-9][a-z0-9_-]*[a-z0-9]$/,
    allowed: "lowercase letters, digits, hyphens and underscores; start and end with a letter or digit",
    uniqueness: "global",
    reservedPrefixes: ["goog"],
    extra: [{ test: (n: string) => !/g[o0][o0]g(?:le|1e)/.test(n), message: "must not contain \"google\" or a close misspelling" }],
  },
  "gce-resource": {
    cloud: "gcp",
    title: "Compute Engine network, subnet, router, NAT, firewall rule or address",
    minLength: 1,
    maxLength: 63,
    pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
    allowed: "lowercase letters, digits and hyphens; start with a letter, end with a letter or digit",
    uniqueness: "account",
  },
  "gke-cluster": {
    cloud: "gcp",
    title: "GKE cluster",
    minLength: 1,
    maxLength: 40,
    pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
    allowed: "lowercase letters, digits and hyphens; start with a letter, end with a letter or digit",
    uniqueness: "account-region",
  },
  "gke-node-pool": {
    cloud: "gcp",
    title: "GKE node pool",
    minLength: 1,
    maxLength: 40,
    pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
    allowed: "lowercase letters, digits and hyphens; start with a letter, end with a letter or digit",
    uniqueness: "parent",
  },
  "kms-key-ring": {
    cloud: "gcp",
    title: "Cloud KMS key ring or crypto key",
    minLength: 1,
    maxLength: 63,
    pattern: /^[a-zA-Z0-9_-]+$/,
    allowed: "letters, digits, hyphens and underscores",
    uniqueness: "account-region",
  },
  "gcp-service-account": {
    cloud: "gcp",
    title: "Google Cloud service account id",
    minLength: 6,
    maxLength: 30,
    pattern: /^[a-z]([-a-z0-9]*[a-z0-9])$/,
    allowed: "lowercase letters, digits and hyphens; start with a letter, end with a letter or digit",
    uniqueness: "account",
  },
  "cloud-sql-instance": {
    cloud: "gcp",
    title: "Cloud SQL instance",
    minLength: 1,
    maxLength: 98,
    pattern: /^[a-z][a-z0-9-]*$/,
    allowed: "lowercase letters, digits and hyphens; start with a letter",
    uniqueness: "account",
  },
  "lustre-instance": {
    cloud: "gcp",
    title: "Managed Lustre instance",
    minLength: 1,
    maxLength: 63,
    pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
    allowed: "lowercase letters, digits and hyphens; start with a letter, end with a letter or digit",
    uniqueness: "account-region",
  },
  "artifact-registry-repository": {
    cloud: "gcp",
    title: "Artifact Registry repository",
    minLength: 1,
    maxLength: 63,
    pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
    allowed: "lowercase letters, digits and hyphens; start with a letter, end with a letter or digit",
    uniqueness: "account-region",
  },
  "pubsub-topic": {
    cloud: "gcp",
    title: "Pub/Sub topic",
    minLength: 3,
    maxLength: 255,
    pattern: /^[A-Za-z][A-Za-z0-9._~+%-]*$/,
    allowed: "letters, digits and - _ . ~ + %; start with a letter",
    uniqueness: "account",
    reservedPrefixes: ["goog"],
  },
  ...AZURE_NAME_RULES,
} satisfies Record<string, NameRule>;

/** The kinds of resource this library names. */
export type NameKind = keyof typeof NAME_RULES;
