import { registerCloudPart } from "../cloud-modules";
import { GcpAcceleratorNodePool } from "../constructs/gcp/accelerator-node-pool";
import { GcpBudget } from "../constructs/gcp/budget";
import { GcpLogRetention } from "../constructs/gcp/log-retention";
import { GcpLustreFileSystem } from "../constructs/gcp/lustre-file-system";
import { GcpInferenceEndpoint } from "../constructs/gcp/inference-endpoint";
import { GcpMonitoring } from "../constructs/gcp/monitoring";
import { LUSTRE_TIERS } from "../constructs/gcp/private/facts";
import { GcpNetwork } from "../constructs/gcp/network";
import { GcpObjectStore } from "../constructs/gcp/object-store";
import { GcpPostgresVectorStore } from "../constructs/gcp/postgres-vector-store";
import { GcpVectorSearch } from "../constructs/gcp/vector-search";
import { GcpGpuNetworks } from "../constructs/gcp/gpu-networks";
import { TPU_MACHINES, gpuNicProfileOf } from "../constructs/gcp/private/accelerators";
import { encodeLabel, LABEL_LIMITS } from "../constructs/gcp/private/labels";
import { remapProblems } from "../constructs/private/checks";
import { GCP_ZONES_AS_OF, gcpZonesOf } from "../catalog/zones";
import { show } from "../errors";
import { buildName, checkName } from "../naming";
import { gcpPreset } from "./gcp-preset";
import { gcpTagProblems } from "./tag-limits";
import { portable, type PortableSections } from "./portable";
import type { CloudResolver, ResolveContext } from "./resolve";
import type { ResolvedGcpSection, ResolvedTraining } from "./resolved";

/** GKE runs a zonal cluster (one zone) or a regional one, whose node pools GKE spreads over three zones of the region. */
const GKE_ZONES = [1, 3];

function stateBackend({ spec, problems }: ResolveContext): ResolvedGcpSection["stateBackend"] {
  const bucket = spec.gcp?.stateBucket;
  if (bucket === undefined) return undefined;
  if (/^gs:\/\//i.test(bucket)) problems.add("gcp.stateBucket", `must be the bucket name, not a gs:// URL (got ${show(bucket)}; write ${show(bucket.replace(/^gs:\/\//i, "").split("/")[0])})`);
  else for (const message of checkName("gcs-bucket", bucket)) problems.add("gcp.stateBucket", message);
  return { bucket, prefix: `${spec.name}-${spec.tier}` };
}

/** Names the stack builds from the spec's name, tier and project: a name too long for its rule is reported at the spec field to shorten. */
function checkNames({ spec, problems }: ResolveContext, project: string, sections: PortableSections): void {
  const prefix = { name: spec.name, tier: spec.tier };
  const built: [Parameters<typeof buildName>[0], string, string[]][] = [
    ["gcs-bucket", "name", ["checkpoints", project]],
    ["gcs-bucket", "name", ["artifacts", project]],
    ["gcs-bucket", "name", ["datasets", project]],
    ["artifact-registry-repository", "name", ["images"]],
    ["pubsub-topic", "name", ["budget"]],
  ];
  if (sections.sharedStorage?.kind === "object-mount") built.push(["gcp-service-account", "name", ["gcs-fuse"]]);
  if (sections.sharedStorage?.kind === "lustre") built.push(["lustre-instance", "name", ["lustre"]]);
  if (spec.vectorStore !== false && (spec.vectorStore?.engine ?? "postgres-pgvector") === "postgres-pgvector") built.push(["cloud-sql-instance", "name", ["vectors"]]);
  if (spec.training) built.push(["gcp-service-account", "name", ["gke-nodes"]], ["gcp-service-account", "name", ["train-jobs"]], ["gke-cluster", "name", ["training"]]);
  if (spec.training && spec.vectorStore !== false) built.push(["gcp-service-account", "name", ["vec-index"]]);
  const seen = new Set<string>();
  for (const [kind, path, parts] of built) {
    for (const message of buildName(kind, prefix, ...parts).problems) {
      const text = `${message}; shorten the environment name${kind === "gcs-bucket" ? " or the project id (bucket names carry both)" : ""}`;
      if (!seen.has(text)) problems.add(path, text);
      seen.add(text);
    }
  }
}

function checkTraining(context: ResolveContext, t: ResolvedTraining): ResolvedTraining {
  const { spec, problems } = context;
  const add = (found: readonly { path: string; message: string }[], paths: Record<string, string>) => problems.addAll(remapProblems(found, paths));
  if (spec.training?.kubernetesVersion !== undefined) {
    problems.add(
      "training.kubernetesVersion",
      `GKE clusters follow a release channel (REGULAR in dev and staging, STABLE in prod), which picks and upgrades the version; the version is not pinned on Google Cloud (got ${show(spec.training.kubernetesVersion)}); remove it`,
    );
  }
  let nodes = t.nodes;
  const topology = spec.gcp?.tpuTopology;
  if (t.vendor === "google-tpu") {
    const machineType = t.machine.machineType;
    const given = topology ?? TPU_MACHINES[machineType]?.singleHost[0];
    const found = GcpAcceleratorNodePool.validateTopology(machineType, given, spec.training?.nodes === undefined ? undefined : nodes);
    add(found, { tpuTopology: "gcp.tpuTopology", nodes: "training.nodes" });
    // A multi-host slice is all or nothing: with no bounds written, the pool scales from 0 to the whole slice.
    const hosts = given === undefined ? undefined : sliceHosts(machineType, given);
    if (spec.training?.nodes === undefined && hosts !== undefined && hosts > 1) nodes = { min: 0, max: hosts };
  } else if (topology !== undefined) {
    problems.add("gcp.tpuTopology", `applies to TPU training pools only (got ${show(topology)} for ${show(t.accelerator)})`);
  }
  const capacity = t.capacity;
  add(GcpAcceleratorNodePool.validate({ nodes, capacity: typeof capacity === "object" && "capacityBlock" in capacity ? undefined : capacity }), { nodes: "training.nodes", capacity: "training.capacity" });
  if (typeof capacity === "object" && "reservation" in capacity) {
    const region = spec.region;
    if (/^cr-[0-9a-f]{17}$/.test(capacity.reservation)) {
      problems.add("training.capacity.reservation", `is an EC2 capacity reservation id; on Google Cloud name the Compute Engine reservation (as gcloud compute reservations list shows it) (got ${show(capacity.reservation)})`);
    }
    if (capacity.zone === undefined) {
      problems.add("training.capacity.zone", `name the reservation's zone (e.g. ${region}-a, as gcloud compute reservations list shows it): GPU and TPU capacity is zonal, and the pool (and a zonal cluster) go there (got none)`);
    } else if (!(capacity.zone.startsWith(`${region}-`) && /^[a-z]$/.test(capacity.zone.slice(region.length + 1)))) {
      problems.add("training.capacity.zone", `must be a zone of ${region}, the region, a hyphen and one letter like ${region}-a (got ${show(capacity.zone)})`);
    }
  }
  return nodes === t.nodes ? t : { ...t, nodes };
}

/**
 * The extra GPU NICs of a multi-node A3 or A4 pool (the stack makes them when the pool can
 * hold more than one node): their space against the primary network and the machine; the
 * field is an error where no such pool is asked for. Returns the space to resolve.
 */
function checkGpuNetworks({ spec, problems }: ResolveContext, sections: PortableSections, t: ResolvedTraining | undefined): string | undefined {
  const given = spec.gcp?.gpuNetworksCidr;
  const needed = t !== undefined && t.vendor === "nvidia" && gpuNicProfileOf(t.machine.machineType) !== undefined && t.nodes.max > 1;
  if (!needed) {
    if (given !== undefined) problems.add("gcp.gpuNetworksCidr", `applies to multi-node A3 and A4 training pools (8-GPU a3-highgpu, a3-megagpu, a3-ultragpu, a4-highgpu, training.nodes.max above 1), which carry extra GPU NICs (got ${show(given)} for ${t ? `${t.machine.machineType}, up to ${t.nodes.max} node(s)` : "no training"}); remove it`);
    return undefined;
  }
  const defaults = GcpGpuNetworks.defaults(spec.tier);
  const cidr = given ?? defaults.cidr;
  const found = GcpGpuNetworks.validate({ cidr, subnetPrefixLength: defaults.subnetPrefixLength, machineType: t.machine.machineType, avoid: [sections.network.cidr] });
  // Reported at the field that moves the extra subnets, given or not (its default may meet a network.cidr in 192.168.0.0/16).
  problems.addAll(remapProblems(found, { cidr: "gcp.gpuNetworksCidr" }));
  return cidr;
}

/**
 * The training pool's zone: the reservation's, checked against the catalog's zones of the
 * machine, or the catalog's default zone of the region (GPU and TPU capacity is zonal).
 */
function trainingZone({ spec, problems, warnings }: ResolveContext, t: ResolvedTraining): { readonly zone?: string; readonly unlisted: boolean } {
  const given = typeof t.capacity === "object" ? t.capacity.zone : undefined;
  const allow = spec.training?.allowUnlistedRegion === true;
  const machineType = t.machine.machineType;
  const choice = GcpAcceleratorNodePool.zoneFor(machineType, spec.region, given, allow);
  for (const p of choice.problems) {
    problems.add(given !== undefined ? "training.capacity.zone" : "region", p.message.replace("set allowUnlistedRegion: true", "set training.allowUnlistedRegion: true").replace("name a zone you know offers it", "reserve capacity in a zone you know offers it (training.capacity: { reservation, zone })"));
  }
  const listed = gcpZonesOf(machineType, spec.region);
  const unlisted = choice.zone !== undefined && listed !== undefined && !listed.includes(choice.zone);
  if (unlisted) warnings.push(`training.capacity.zone: ${machineType} is not listed in ${choice.zone} by the catalog of ${GCP_ZONES_AS_OF}; accepted because training.allowUnlistedRegion is set`);
  return { zone: choice.zone, unlisted };
}

function sliceHosts(machineType: string, topology: string): number | undefined {
  const machine = TPU_MACHINES[machineType];
  if (!machine || GcpAcceleratorNodePool.validateTopology(machineType, topology).length > 0) return undefined;
  return topology.split("x").reduce((p, d) => p * Number(d), 1) / machine.chipsPerHost;
}

/**
 * Shared storage against Managed Lustre's data (per-tier minimum and step) at spec paths.
 * A capacity left unset is the minimum of the throughput tier asked for.
 */
function checkSharedStorage({ spec, problems, warnings }: ResolveContext, sections: PortableSections): PortableSections["sharedStorage"] {
  const s = sections.sharedStorage;
  if (!s) return s;
  if (!sections.training) problems.add("sharedStorage", `mounts into the training cluster's pods (Lustre sits in the accelerator pool's zone): add training, or set sharedStorage: false (got kind: ${s.kind} without training)`);
  if (s.kind !== "lustre") return s;
  const given = spec.sharedStorage === false ? undefined : spec.sharedStorage;
  const capacityGiB = given?.capacityGiB ?? LUSTRE_TIERS[s.throughputMBpsPerTiB]?.min ?? s.capacityGiB;
  problems.addAll(remapProblems(GcpLustreFileSystem.validate({ perUnitStorageThroughput: s.throughputMBpsPerTiB as never, capacityGib: capacityGiB }), { capacityGib: "sharedStorage.capacityGiB", perUnitStorageThroughput: "sharedStorage.throughputMBpsPerTiB" }));
  if (given?.backupRetentionDays !== undefined && given.backupRetentionDays > 0) {
    problems.add("sharedStorage.backupRetentionDays", `Managed Lustre has no automatic backups in provider 6.50 (got ${given.backupRetentionDays}; allowed: 0); keep what must survive in the checkpoints bucket`);
  }
  if (given?.importPrefix !== undefined) warnings.push("sharedStorage.importPrefix: Managed Lustre imports from Cloud Storage by a transfer job (gcloud lustre instances import-data), not by a Terraform link in provider 6.50: the prefix is not used on Google Cloud");
  warnings.push("sharedStorage: Managed Lustre takes no customer-managed key in provider 6.50 (kms_key came in 7.13): the data is encrypted with a Google-managed key, and an organization policy gcp.restrictNonCmekServices blocks it");
  return { ...s, capacityGiB };
}

/** Hours in the month the idle-cost figures use. */
const MONTH_HOURS = 730;

/**
 * Inference against the Vertex AI endpoint's checks. A model image gets a private,
 * CMEK-encrypted endpoint that CI deploys to; a Hugging Face model a Model Garden
 * deployment, which in provider 6.50 has no key and no Private Service Connect and keeps
 * at least one replica running: both are warnings, the second with its monthly cost.
 */
function checkInference({ spec, problems, warnings }: ResolveContext, sections: PortableSections): void {
  const i = sections.inference;
  if (!i) return;
  problems.addAll(remapProblems(GcpInferenceEndpoint.validate({ replicas: i.replicas }), { "model.replicas": "inference.replicas" }));
  if (i.scaleDownSchedule) problems.add("inference.scaleDownSchedule", `Vertex AI endpoints have no scheduled scaling in Terraform: replicas stay between inference.replicas.min and max (got ${show(spec.inference?.scaleDownSchedule)}); set scaleDownSchedule: false`);
  if (spec.inference?.targetInvocationsPerReplica !== undefined) warnings.push("inference.targetInvocationsPerReplica: Vertex AI autoscales on CPU and accelerator duty cycle, not on requests: the value is not used on Google Cloud");
  const idle = i.replicas.min * i.machine.price.usdPerHour * MONTH_HOURS;
  // Vertex AI offers carry the Compute Engine rate of their machine, a lower bound of Vertex AI's own (a derived price).
  const idleText = `${i.machine.price.status === "derived" ? "at least" : "about"} $${idle.toFixed(0)} a month idle at list price`;
  const tokenSecret = spec.gcp?.huggingFaceTokenSecret;
  if ("huggingFace" in i.model && i.deploy) {
    const found = GcpInferenceEndpoint.validateOpenModel({ huggingFace: i.model.huggingFace, acceptEula: i.model.acceptEula, huggingFaceTokenSecret: tokenSecret });
    problems.addAll(remapProblems(found, { "model.acceptEula": "inference.model.acceptEula", "model.huggingFaceTokenSecret": "gcp.huggingFaceTokenSecret" }));
  } else if (tokenSecret !== undefined) {
    problems.add("gcp.huggingFaceTokenSecret", `applies to a deployed Hugging Face model (inference.model: { huggingFace }); remove it (got ${show(tokenSecret)})`);
  }
  if ("huggingFace" in i.model && i.deploy) {
    warnings.push(
      `inference.model: a Model Garden deployment in provider 6.50 takes no customer-managed key and no Private Service Connect: its endpoint answers on the public Vertex AI API to callers holding aiplatform.endpoints.predict (put aiplatform.googleapis.com in a VPC Service Controls perimeter), and it keeps at least ${i.replicas.min} ${i.machine.machineType} replica(s) running, ${idleText}`,
    );
  } else if ("image" in i.model) {
    warnings.push(
      `inference.model: Terraform cannot deploy a custom model to Vertex AI: the stack makes a private, CMEK-encrypted endpoint and CI deploys the model to it (output inference_deploy_command: ${i.machine.machineType}, ${i.replicas.min}-${i.replicas.max} replicas, image tag ${show(i.model.image)} in the environment's repository); once deployed, at least one replica runs, ${idleText}`,
    );
  }
}

/** The vector store against its construct's checks; Vector Search's missing customer-managed key is a warning. */
function checkVectorStore({ problems, warnings }: ResolveContext, sections: PortableSections): void {
  const v = sections.vectorStore;
  if (!v) return;
  const found = v.engine === "managed-search" ? GcpVectorSearch.validate({ dimensions: v.dimensions }) : GcpPostgresVectorStore.validate({ dimensions: v.dimensions });
  problems.addAll(remapProblems(found, { dimensions: "vectorStore.dimensions" }));
  if (v.engine === "managed-search") {
    warnings.push(
      "vectorStore.engine: Vertex AI Vector Search takes no customer-managed key in provider 6.50 (encryption_spec came in 7.5): the index is encrypted with a Google-managed key, and an organization policy gcp.restrictNonCmekServices blocks it; postgres-pgvector (Cloud SQL) takes the environment's key. It also keeps at least one replica running (no scale to zero)",
    );
  }
}

/** The budget and monitoring sections against GcpBudget's and GcpMonitoring's own checks, at spec paths. */
function checkBudgetAndMonitoring({ spec, problems, warnings }: ResolveContext, sections: PortableSections): void {
  const add = (found: readonly { path: string; message: string }[], paths: Record<string, string>) => problems.addAll(remapProblems(found, paths));
  const b = sections.budget;
  add(GcpBudget.validate({ billingAccount: spec.gcp?.billingAccount, monthlyAmount: b.monthlyUsd, thresholdsPercent: spec.budget.thresholdsPercent, forecastPercent: b.forecastPercent, emails: b.notify }), {
    billingAccount: "gcp.billingAccount",
    monthlyAmount: "budget.monthlyUsd",
    thresholdsPercent: "budget.thresholdsPercent",
    forecastPercent: "budget.forecastPercent",
    emails: "budget.notify",
  });
  if (b.startDate !== undefined) warnings.push(`budget.startDate: a Cloud Billing budget counts each calendar month from the one it is created in; the start date is not used on Google Cloud (got ${show(b.startDate)})`);
  const m = sections.monitoring;
  add(GcpMonitoring.validate({ emails: m.notify, latencyP90Ms: m.latencyP90Ms, gpuSaturatedPercent: m.gpuHighPercent, gpuIdlePercent: m.gpuIdlePercent, storageFreePercent: m.storageFreePercent }), {
    emails: "monitoring.notify",
    latencyP90Ms: "monitoring.latencyP90Ms",
    gpuSaturatedPercent: "monitoring.gpuHighPercent",
    gpuIdlePercent: "monitoring.gpuIdlePercent",
    storageFreePercent: "monitoring.storageFreePercent",
  });
}

/** Checks every section against the GCP constructs' own validation and Google Cloud's limits, reported at spec paths. */
function checkWithConstructs(context: ResolveContext, sections: PortableSections): void {
  const { spec, problems, warnings } = context;
  const add = (found: readonly { path: string; message: string }[], paths: Record<string, string>) => problems.addAll(remapProblems(found, paths));
  add(GcpNetwork.validate({ cidr: sections.network.cidr }), { cidr: "network.cidr" });
  if (!GKE_ZONES.includes(sections.network.zones)) {
    problems.add("network.zones", `GKE runs a zonal cluster (1) or a regional cluster whose nodes spread over three zones of the region (3) (got ${sections.network.zones}; allowed: 1, 3)`);
  }
  if (spec.network?.natGateways === "per-zone") warnings.push("network.natGateways: Cloud NAT is a regional service with no zonal single point of failure: one gateway serves every zone, so per-zone needs nothing more on Google Cloud");
  add(GcpObjectStore.validate(sections), { checkpointVersionDays: "checkpointVersionDays" });
  add(GcpLogRetention.validate({ retentionDays: sections.logRetentionDays }), { retentionDays: "logRetentionDays" });
  checkBudgetAndMonitoring(context, sections);
  checkVectorStore(context, sections);
  checkInference(context, sections);
  for (const p of gcpTagProblems(spec.tags ?? {})) problems.add(p.path, p.message);
  for (const [field, value] of [["owner", spec.owner], ["costCenter", spec.costCenter]] as const) {
    const encoded = encodeLabel(value);
    if (encoded.length > LABEL_LIMITS.valueLength) warnings.push(`${field}: encoded as a label value it has ${encoded.length} characters; Google Cloud labels keep the first 63`);
  }
}

function zoneFields(context: ResolveContext, training: ResolvedTraining): Pick<ResolvedGcpSection, "trainingZone" | "trainingZoneUnlisted"> {
  const { zone, unlisted } = trainingZone(context, training);
  return { trainingZone: zone, trainingZoneUnlisted: unlisted };
}

/** The Google Cloud resolver: GCP presets from the GCP constructs, and the Google Cloud rules checked at spec paths. */
export const resolveGcp: CloudResolver = (context) => {
  const { spec, problems } = context;
  if (!spec.gcp) {
    problems.add("gcp", "is required when cloud is gcp: name the project the environment lives in (gcp.project) and the billing account its budget watches (gcp.billingAccount)");
    return undefined;
  }
  const sections = portable(context, gcpPreset(spec.tier));
  const training = sections.training && checkTraining(context, sections.training);
  const sharedStorage = checkSharedStorage(context, sections);
  const gcp: ResolvedGcpSection = {
    project: spec.gcp.project,
    billingAccount: spec.gcp.billingAccount,
    stateBackend: stateBackend(context),
    tpuTopology: training?.vendor === "google-tpu" ? (spec.gcp.tpuTopology ?? TPU_MACHINES[training.machine.machineType]?.singleHost[0]) : undefined,
    gpuNetworksCidr: checkGpuNetworks(context, sections, training),
    ...(training ? zoneFields(context, training) : {}),
    huggingFaceTokenSecret: spec.gcp.huggingFaceTokenSecret,
  };
  checkWithConstructs(context, sections);
  checkNames(context, gcp.project, sections);
  return { ...sections, training, sharedStorage, gcp };
};

registerCloudPart("gcp", "resolver", resolveGcp);
