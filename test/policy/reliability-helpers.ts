import type { EnvironmentSpec } from "../../lib/environment/schema";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { Testing, type Construct } from "../../lib/cdk";
import { AwsAcceleratorNodeGroup, type AwsAcceleratorNodeGroupProps } from "../../lib/constructs/aws/accelerator-node-group";
import { AwsAuroraVectorStore, type AwsAuroraVectorStoreProps } from "../../lib/constructs/aws/aurora-vector-store";
import { AwsEncryptionKey } from "../../lib/constructs/aws/encryption-key";
import { AwsInferenceEndpoint, type AwsInferenceEndpointProps } from "../../lib/constructs/aws/inference-endpoint";
import { AwsLustreFileSystem, type AwsLustreFileSystemProps } from "../../lib/constructs/aws/lustre-file-system";
import { AwsNetwork, type AwsNetworkProps } from "../../lib/constructs/aws/network";
import { AwsOpenSearchVectorStore, type AwsOpenSearchVectorStoreProps } from "../../lib/constructs/aws/opensearch-vector-store";
import { AwsTrainingCluster } from "../../lib/constructs/aws/training-cluster";
import type { EnvironmentIdentity } from "../../lib/constructs/common";
import type { Finding, Rule } from "../../lib/policy/types";
import { loadSpecFile } from "../../lib/environment/load";
import { AwsLlmOpsStack } from "../../lib/stacks/aws-llmops-stack";
import type { Tier } from "../../lib/util/tier";

/** Environment identities of each tier, for construct fixtures. */
export const ENV: Readonly<Record<Tier, EnvironmentIdentity>> = { dev: { name: "acme", tier: "dev" }, staging: { name: "acme", tier: "staging" }, prod: { name: "acme", tier: "prod" } };

const PLACEMENT = { vpcId: "vpc-123", subnetIds: ["subnet-a", "subnet-b"], clientCidrs: ["10.40.0.0/16"] };

/** A customer-managed key of the environment, id `key`. */
export function key(s: Construct, environment: EnvironmentIdentity): AwsEncryptionKey {
  return new AwsEncryptionKey(s, "key", { environment });
}

/** An Aurora pgvector store (id `vectors`) with its own key. */
export function auroraStore(s: Construct, environment: EnvironmentIdentity, props: Partial<Omit<AwsAuroraVectorStoreProps, "environment" | "encryptionKey">> = {}): AwsAuroraVectorStore {
  return new AwsAuroraVectorStore(s, "vectors", { environment, ...PLACEMENT, encryptionKey: key(s, environment), ...props });
}

/** An OpenSearch Serverless store (id `vectors`) with its own key and one application role let in. */
export function openSearchStore(s: Construct, environment: EnvironmentIdentity, props: Partial<Omit<AwsOpenSearchVectorStoreProps, "environment" | "encryptionKey">> = {}): AwsOpenSearchVectorStore {
  const store = new AwsOpenSearchVectorStore(s, "vectors", { environment, ...PLACEMENT, encryptionKey: key(s, environment), ...props });
  store.allowPrincipal("arn:aws:iam::123456789012:role/rag-service");
  return store;
}

/** An FSx for Lustre file system (id `fsx`) with its own key. */
export function lustre(s: Construct, environment: EnvironmentIdentity, props: Partial<Omit<AwsLustreFileSystemProps, "environment" | "encryptionKey">> = {}): AwsLustreFileSystem {
  return new AwsLustreFileSystem(s, "fsx", { environment, vpcId: "vpc-123", subnetId: "subnet-a", clientCidrs: ["10.40.0.0/16"], encryptionKey: key(s, environment), ...props });
}

/** An AwsNetwork (id `network`) with its own key. */
export function network(s: Construct, environment: EnvironmentIdentity, props: Partial<Omit<AwsNetworkProps, "environment" | "encryptionKey">> = {}): AwsNetwork {
  return new AwsNetwork(s, "network", { environment, encryptionKey: key(s, environment), ...props });
}

/** An Inferentia2 SageMaker endpoint (id `serving`) with its own key; tier defaults apply unless overridden. */
export function endpoint(s: Construct, environment: EnvironmentIdentity, props: Partial<Omit<AwsInferenceEndpointProps, "environment" | "encryptionKey">> = {}): AwsInferenceEndpoint {
  return new AwsInferenceEndpoint(s, "serving", {
    environment,
    instanceType: "ml.inf2.xlarge",
    acceleratorsPerInstance: 1,
    repository: { repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme/serving", repositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/acme/serving" },
    artifactsBucket: { bucketName: "acme-artifacts", bucketArn: "arn:aws:s3:::acme-artifacts" },
    vpc: { vpcId: "vpc-123", subnetIds: ["subnet-a", "subnet-b"], cidr: "10.40.0.0/16", s3PrefixListId: "pl-63a5400a" },
    encryptionKey: key(s, environment),
    ...props,
  });
}

/** An EKS training cluster (id `training`) with its own key. */
export function trainingCluster(s: Construct, environment: EnvironmentIdentity, props: { readonly deletionProtection?: boolean } = {}): AwsTrainingCluster {
  return new AwsTrainingCluster(s, "training", { environment, vpcId: "vpc-123", vpcCidr: "10.40.0.0/16", subnetIds: ["subnet-a", "subnet-b"], encryptionKey: key(s, environment), ...props });
}

/** A training cluster with one H100 accelerator pool (id `pool`, node group `acme-<tier>-train`); tier defaults apply unless overridden. */
export function acceleratorPool(s: Construct, environment: EnvironmentIdentity, props: Partial<Omit<AwsAcceleratorNodeGroupProps, "environment" | "cluster">> = {}): AwsAcceleratorNodeGroup {
  const training = trainingCluster(s, environment);
  return new AwsAcceleratorNodeGroup(s, "pool", {
    environment,
    pool: "train",
    cluster: training,
    vpcId: "vpc-123",
    nodeRoleArn: training.nodeRole.roleArn,
    subnetIds: ["subnet-a", "subnet-b"],
    instanceType: "p5.48xlarge",
    acceleratorsPerNode: 8,
    acceleratorKind: "nvidia",
    ...props,
  });
}

const SPECS = join(__dirname, "..", "..", "examples", "aws", "specs");

/** The example specs, and variants that reach what the examples do not (staging; Aurora in prod). */
export function exampleSpecs(): Record<string, EnvironmentSpec & Record<string, unknown>> {
  const dev = loadSpecFile(join(SPECS, "dev.yaml")) as unknown as EnvironmentSpec & Record<string, unknown>;
  const prod = loadSpecFile(join(SPECS, "prod.yaml")) as unknown as EnvironmentSpec & Record<string, unknown>;
  return {
    dev,
    prod,
    // The prod example promoted from staging: staging presets (single NAT, no prevent_destroy, nightly scale-down).
    staging: { ...prod, tier: "staging" },
    // The prod example on Aurora pgvector instead of OpenSearch Serverless.
    "prod-aurora": { ...prod, vectorStore: { engine: "aurora-pgvector", dimensions: 1024 } },
  };
}

/**
 * Builds every example stack (and the variants of `exampleSpecs`) with `rules` only,
 * report-only, through a full synth, and returns their findings by spec.
 */
export function exampleFindings(rules: readonly Rule[]): Record<string, readonly Finding[]> {
  const out: Record<string, readonly Finding[]> = {};
  for (const [name, spec] of Object.entries(exampleSpecs())) {
    const stack = new AwsLlmOpsStack(Testing.app(), { spec, guardrails: { reportOnly: true, rules: [...rules] } });
    const outdir = Testing.fullSynth(stack);
    rmSync(outdir, { recursive: true, force: true });
    out[name] = stack.guardrails.results;
  }
  return out;
}

/** `rule id: resource: message` of non-compliant findings, for readable assertion failures. */
export function nonCompliant(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.status === "non-compliant").map((f) => `${f.ruleId}: ${f.resource}: ${f.message ?? ""}`);
}
