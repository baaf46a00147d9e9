import { registerCloudPart } from "../cloud-modules";
import { AwsAcceleratorNodeGroup } from "../constructs/aws/accelerator-node-group";
import { AwsAlertTopic } from "../constructs/aws/alert-topic";
import { AwsAuroraVectorStore } from "../constructs/aws/aurora-vector-store";
import { AwsBudget } from "../constructs/aws/budget";
import { AwsInferenceEndpoint, NIGHTS_AND_WEEKENDS } from "../constructs/aws/inference-endpoint";
import { AwsLustreFileSystem } from "../constructs/aws/lustre-file-system";
import { AwsMonitoring } from "../constructs/aws/monitoring";
import { AwsNetwork } from "../constructs/aws/network";
import { AwsObjectStore } from "../constructs/aws/object-store";
import { AwsOpenSearchVectorStore } from "../constructs/aws/opensearch-vector-store";
import { AwsTrainingCluster } from "../constructs/aws/training-cluster";
import { retentionProblem } from "../constructs/aws/private/retention";
import { ZONE_NAME_PATTERN } from "../constructs/aws/private/zones";
import { s3PrefixProblem } from "../constructs/aws/private/s3";
import { remapProblems } from "../constructs/private/checks";
import { show } from "../errors";
import { checkName } from "../naming";
import { awsPreset } from "./aws-preset";
import { awsTagProblems } from "./tag-limits";
import { portable, type PortableSections } from "./portable";
import type { CloudResolver, ResolveContext } from "./resolve";
import type { ResolvedAwsSection } from "./resolved";

function stateBackend({ spec, problems }: ResolveContext): ResolvedAwsSection["stateBackend"] {
  const given = spec.aws?.stateBackend;
  if (!given) return undefined;
  if (/^s3:\/\//i.test(given.bucket)) problems.add("aws.stateBackend.bucket", `must be the bucket name, not an s3:// URL (got ${show(given.bucket)}; write ${show(given.bucket.replace(/^s3:\/\//i, "").split("/")[0])})`);
  else for (const message of checkName("s3-bucket", given.bucket)) problems.add("aws.stateBackend.bucket", message);
  const key = given.key ?? `${spec.name}-${spec.tier}/terraform.tfstate`;
  if (key.startsWith("/")) problems.add("aws.stateBackend.key", `must not start with "/": S3 keys are relative to the bucket (got ${show(key.slice(0, 80))})`);
  const prefix = s3PrefixProblem(key);
  if (prefix && !key.startsWith("/")) problems.add("aws.stateBackend.key", prefix);
  return { bucket: given.bucket, key, region: given.region ?? spec.region };
}

/** The schedule the spec wrote, filled like the resolver fills it: checked even when the resolver leaves it out (a minimum of 0 makes it moot). */
function writtenSchedule({ spec }: ResolveContext): { cron: string; scaleUpCron: string; minReplicas: number } | undefined {
  const written = spec.inference?.scaleDownSchedule;
  return written ? { ...NIGHTS_AND_WEEKENDS, ...written } : undefined;
}

/** Checks every section against the AWS constructs' own validation, reported at spec paths. */
function checkWithConstructs(context: ResolveContext, sections: PortableSections, aws: ResolvedAwsSection): void {
  const { spec, problems, warnings } = context;
  const add = (found: readonly { path: string; message: string }[], paths: Record<string, string>) => problems.addAll(remapProblems(found, paths));
  add(AwsNetwork.validate(sections.network), { cidr: "network.cidr", zones: "network.zones", natGateways: "network.natGateways", flowLogRetentionDays: "logRetentionDays" });
  if (sections.training) {
    const t = sections.training;
    add(AwsAcceleratorNodeGroup.validate({ nodes: t.nodes, capacity: t.capacity }), { nodes: "training.nodes", capacity: "training.capacity" });
    const versionWarnings: string[] = [];
    add(AwsTrainingCluster.validate({ kubernetesVersion: t.kubernetesVersion, adminRoleArns: aws.clusterAdminRoleArns }, versionWarnings), {
      kubernetesVersion: "training.kubernetesVersion",
      adminRoleArns: "aws.clusterAdminRoleArns",
    });
    warnings.push(...versionWarnings.map((w) => `training.kubernetesVersion: ${w}`));
    if (typeof t.capacity === "object") {
      const zone = t.capacity.zone;
      const region = context.spec.region;
      if (zone === undefined) {
        problems.add(
          "training.capacity.zone",
          `name the reservation's Availability Zone (e.g. ${region}b, as describe-capacity-reservations shows it): the accelerator pool and the Lustre file system must launch in that zone, and the network places its first subnets there (got none)`,
        );
      } else if (ZONE_NAME_PATTERN.test(zone) && !(zone.startsWith(region) && /^[a-z]$/.test(zone.slice(region.length)))) {
        problems.add("training.capacity.zone", `must be an Availability Zone name of ${region}, the region and one letter like ${region}b (got ${show(zone)})`);
      }
    }
    if (t.machine.purchase === "capacity-block" && !(typeof t.capacity === "object" && "capacityBlock" in t.capacity)) {
      problems.add("training.capacity", `${t.machine.machineType} is sold only through EC2 Capacity Blocks for ML (got ${show(t.capacity)}; allowed: { capacityBlock: <capacity reservation id>, zone: <its zone name> })`);
    }
  }
  const storage = sections.sharedStorage;
  if (storage?.kind === "lustre") {
    const lustrePaths = { capacityGiB: "sharedStorage.capacityGiB", throughputMBpsPerTiB: "sharedStorage.throughputMBpsPerTiB", backupRetentionDays: "sharedStorage.backupRetentionDays", "dataRepository.prefix": "sharedStorage.importPrefix" };
    add(AwsLustreFileSystem.validate({ ...storage, dataRepository: { bucketName: "datasets", prefix: storage.importPrefix } }), lustrePaths);
  } else if (storage) {
    const problem = s3PrefixProblem(storage.importPrefix);
    if (problem) problems.add("sharedStorage.importPrefix", problem);
  }
  if (sections.vectorStore?.engine === "postgres-pgvector") {
    add(AwsAuroraVectorStore.validate({ dimensions: sections.vectorStore.dimensions, ...aws.vectorStore }), { dimensions: "vectorStore.dimensions", minCapacity: "aws.vectorStore.minCapacity", maxCapacity: "aws.vectorStore.maxCapacity" });
  } else if (sections.vectorStore) {
    add(AwsOpenSearchVectorStore.validate(sections.vectorStore), { dimensions: "vectorStore.dimensions" });
    if (!spec.training && aws.vectorStoreRoleArns.length === 0) {
      problems.add(
        "vectorStore",
        "OpenSearch Serverless needs at least one role in its data access policy (got none: there is no training section, whose vector-indexer role would be let in); add training, list application roles in aws.vectorStoreRoleArns, or set vectorStore: false",
      );
    }
  }
  const i = sections.inference;
  if (i) {
    add(
      AwsInferenceEndpoint.validate({ replicas: i.replicas, targetInvocationsPerReplica: i.targetInvocationsPerReplica, scaleDownSchedule: i.scaleDownSchedule || writtenSchedule(context), imageTag: "image" in i.model ? i.model.image : undefined }),
      { replicas: "inference.replicas", targetInvocationsPerReplica: "inference.targetInvocationsPerReplica", scaleDownSchedule: "inference.scaleDownSchedule", imageTag: "inference.model.image" },
    );
    if ("huggingFace" in i.model && i.vendor === "aws-neuron") {
      warnings.push(`inference.model: on ${i.machine.machineType} the weights under the artifacts bucket's models/serving/ must be compiled for Neuron (optimum-cli export neuron, for ${i.machine.acceleratorsPerNode} accelerator(s)); the endpoint has no internet access to compile or download them`);
    }
  }
  const b = sections.budget;
  add(AwsBudget.validate({ monthlyUsd: b.monthlyUsd, thresholdsPercent: spec.budget.thresholdsPercent, forecastPercent: b.forecastPercent, emails: b.notify, startDate: b.startDate }), {
    monthlyUsd: "budget.monthlyUsd",
    thresholdsPercent: "budget.thresholdsPercent",
    forecastPercent: "budget.forecastPercent",
    emails: "budget.notify",
    startDate: "budget.startDate",
  });
  add(AwsMonitoring.validate(sections.monitoring), { latencyP90Ms: "monitoring.latencyP90Ms", gpuHighPercent: "monitoring.gpuHighPercent", gpuIdlePercent: "monitoring.gpuIdlePercent", storageFreePercent: "monitoring.storageFreePercent" });
  add(AwsAlertTopic.validate({ emails: sections.monitoring.notify }), { emails: "monitoring.notify" });
  add(AwsObjectStore.validate(sections), { checkpointVersionDays: "checkpointVersionDays" });
  const retention = retentionProblem(sections.logRetentionDays);
  if (retention) problems.add("logRetentionDays", retention);
  for (const p of awsTagProblems(spec.tags ?? {})) problems.add(p.path, p.message);
}

/** The AWS resolver: AWS presets from the AWS constructs, and the AWS rules checked at spec paths. */
export const resolveAws: CloudResolver = (context) => {
  const { spec } = context;
  const preset = awsPreset(spec.tier);
  const sections = portable(context, preset);
  const given = spec.aws ?? {};
  const minCapacity = given.vectorStore?.minCapacity ?? preset.vectorMinCapacity;
  const aws: ResolvedAwsSection = {
    stateBackend: stateBackend(context),
    clusterAdminRoleArns: given.clusterAdminRoleArns ?? [],
    vectorStoreRoleArns: given.vectorStoreRoleArns ?? [],
    vectorStore: {
      standbyReplicas: given.vectorStore?.standbyReplicas ?? preset.vectorStandbyReplicas,
      minCapacity,
      maxCapacity: given.vectorStore?.maxCapacity ?? Math.max(preset.vectorMaxCapacity, minCapacity),
    },
    activateCostTag: given.activateCostTag ?? preset.activateCostTag,
  };
  checkWithConstructs(context, sections, aws);
  return { ...sections, aws };
};

registerCloudPart("aws", "resolver", resolveAws);
