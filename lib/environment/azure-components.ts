import { AzureAiSearch } from "../constructs/azure/ai-search";
import { AzureLustreFileSystem, LUSTRE_SKUS, type LustreSku } from "../constructs/azure/lustre-file-system";
import { COSMOS_DB_OBJECT_ID_COMMAND } from "../constructs/azure/ml-workspace";
import { AzureNetwork } from "../constructs/azure/network";
import { AzureOpenAiDeployment } from "../constructs/azure/openai-deployment";
import { today } from "../catalog/kubernetes";
import { AzureOpenModelServing } from "../constructs/azure/open-model-serving";
import { AzurePostgresVectorStore } from "../constructs/azure/postgres-vector-store";
import { remapProblems } from "../constructs/private/checks";
import { show } from "../errors";
import type { PortableSections } from "./portable";
import type { ResolveContext } from "./resolve";
import type { ResolvedAzureSection } from "./resolved";

/** The Azure Managed Lustre SKU of a throughput per TiB (`AMLFS-Durable-Premium-<MB/s per TiB>`), if Azure sells one. */
export function azureLustreSkuOf(throughputMBpsPerTiB: number): LustreSku | undefined {
  const sku = `AMLFS-Durable-Premium-${throughputMBpsPerTiB}`;
  return sku in LUSTRE_SKUS ? (sku as LustreSku) : undefined;
}

/** The blob integration import prefix of a resolved `importPrefix`, a path inside the datasets container ("" for all of it): `/` and the path. */
export function azureLustreImportPrefix(importPrefix: string): string {
  return `/${importPrefix.replace(/^\/+/, "")}`;
}

/**
 * Shared storage against Azure Managed Lustre's and the Blob CSI mount's checks, at spec
 * paths. A Lustre capacity left unset is the smallest size of the SKU the throughput names.
 */
export function checkAzureSharedStorage({ spec, problems }: ResolveContext, sections: PortableSections): PortableSections["sharedStorage"] {
  const s = sections.sharedStorage;
  if (!s) return s;
  if (!sections.training) problems.add("sharedStorage", `mounts into the AKS training cluster's pods: add training, or set sharedStorage: false (got kind: ${s.kind} without training)`);
  // An object mount has nothing to check from the spec: the containers and the service account are the stack's.
  if (s.kind === "object-mount") return s;
  const given = spec.sharedStorage === false ? undefined : spec.sharedStorage;
  const sku = azureLustreSkuOf(s.throughputMBpsPerTiB);
  if (!sku) {
    const offered = Object.values(LUSTRE_SKUS).map((k) => k.mbpsPerTiB).join(", ");
    problems.add("sharedStorage.throughputMBpsPerTiB", `Azure Managed Lustre sells ${offered} MB/s per TiB (AMLFS-Durable-Premium-<n>) (got ${show(s.throughputMBpsPerTiB)})`);
    return s;
  }
  const capacityGiB = given?.capacityGiB ?? LUSTRE_SKUS[sku].stepTiB * 1024;
  // The datasets are a container of their own on Azure: the prefix is a path inside it, and unset means all of it.
  const importPrefix = given?.importPrefix ?? "";
  if (capacityGiB % 1024 !== 0) {
    problems.add("sharedStorage.capacityGiB", `Azure Managed Lustre sizes are whole TiB: give a multiple of 1024 GiB, of ${LUSTRE_SKUS[sku].stepTiB * 1024} for ${sku} (got ${show(capacityGiB)})`);
  } else {
    const found = AzureLustreFileSystem.validate({ sku, capacityTiB: capacityGiB / 1024, importPrefix: azureLustreImportPrefix(importPrefix) });
    for (const p of found) {
      const path = p.path === "capacityTiB" ? "sharedStorage.capacityGiB" : p.path === "blobIntegration.importPrefix" ? "sharedStorage.importPrefix" : "sharedStorage.throughputMBpsPerTiB";
      problems.add(path, p.path === "capacityTiB" ? `${p.message.replace(/\(got [^)]*\)/, `(got ${capacityGiB} GiB = ${capacityGiB / 1024} TiB)`)}; capacityGiB is 1024 x TiB` : p.message);
    }
    problems.addAll(remapProblems(AzureNetwork.validate({ cidr: sections.network.cidr, lustreCapacityTiB: capacityGiB / 1024 }), { cidr: "network.cidr", lustreCapacityTiB: "sharedStorage.capacityGiB" }));
  }
  if (s.backupRetentionDays > 0) {
    problems.add("sharedStorage.backupRetentionDays", `Azure Managed Lustre has no automatic backups in azurerm 4.55 (got ${s.backupRetentionDays}; allowed: 0); blob integration exports to the datasets container: keep what must survive in the checkpoints container`);
  }
  return { ...s, capacityGiB, importPrefix };
}

/** The spec tag naming the data's classification (`confidential`, `restricted`, ...): Azure OpenAI deployments follow it. */
export const DATA_CLASSIFICATION_TAG = "data-classification";

/** The vector store against AzurePostgresVectorStore's or AzureAiSearch's checks; PostgreSQL needs its Entra ID administrator. */
export function checkAzureVectorStore({ spec, problems }: ResolveContext, sections: PortableSections): void {
  const v = sections.vectorStore;
  if (!v) return;
  if (v.engine === "postgres-pgvector") {
    problems.addAll(remapProblems(AzurePostgresVectorStore.validate({ dimensions: v.dimensions }), { dimensions: "vectorStore.dimensions" }));
    if (!spec.azure?.postgresAdmin) {
      problems.add("azure.postgresAdmin", "is required with vectorStore.engine: postgres-pgvector: password authentication is off, so an Entra ID user, group or service principal administers the server ({ objectId, principalName, principalType }); or use engine: managed-search");
    }
  } else {
    problems.addAll(remapProblems(AzureAiSearch.validate({ dimensions: v.dimensions }), { dimensions: "vectorStore.dimensions" }));
  }
  if (v.engine !== "postgres-pgvector" && spec.azure?.postgresAdmin) problems.add("azure.postgresAdmin", `applies to vectorStore.engine: postgres-pgvector only (got engine: ${v.engine}); remove it`);
}

/**
 * Inference on Azure: a Hugging Face model on the training cluster's GPU pool (the
 * platform stack serves it), checked against AzureOpenModelServing; a model image has
 * no Azure target; `azure.openAi` against AzureOpenAiDeployment's checks.
 */
export function checkAzureInference({ spec, problems, warnings }: ResolveContext, sections: PortableSections): void {
  const i = sections.inference;
  const openAi = spec.azure?.openAi;
  if (openAi) {
    const deployment = { name: openAi.model, model: openAi.model, version: openAi.version, capacity: openAi.capacity, sku: openAi.sku };
    const paths = { "deployments.0.name": "azure.openAi.model", "deployments.0.version": "azure.openAi.version", "deployments.0.capacity": "azure.openAi.capacity", "deployments.0.sku": "azure.openAi.sku" };
    const day = today();
    problems.addAll(remapProblems(AzureOpenAiDeployment.validate({ deployments: [deployment], tier: spec.tier, today: day }), paths));
    for (const w of remapProblems(AzureOpenAiDeployment.warnings([deployment], spec.tags?.[DATA_CLASSIFICATION_TAG], day, spec.region), paths)) warnings.push(`${w.path}: ${w.message}`);
  }
  const served = i !== undefined && "huggingFace" in i.model;
  if (spec.azure?.huggingFaceTokenSecret !== undefined && !served) problems.add("azure.huggingFaceTokenSecret", `applies to a served Hugging Face model (inference.model: { huggingFace }); remove it (got ${show(spec.azure.huggingFaceTokenSecret)})`);
  if (!i) return;
  if ("image" in i.model) {
    const how = spec.inference?.model === undefined ? "inference.model is unset, which means { image }" : `got { image: ${show(i.model.image)} }`;
    problems.add(
      "inference.model",
      `{ image } needs an Azure ML online endpoint, which azurerm 4.55 has no resource for (${how}); serve an open model on the AKS GPU pool with inference.model: { huggingFace: <owner>/<model> }, or a managed model with azure.openAi: { model, version, capacity } and no inference section`,
    );
    return;
  }
  const t = sections.training;
  if (!t) {
    problems.add("inference", `serves ${i.model.huggingFace} on the training cluster's GPU pool on Azure: add training (its accelerator serves the model), or use azure.openAi for a managed model`);
    return;
  }
  if (i.accelerator !== t.accelerator || i.machine.machineType !== t.machine.machineType) {
    problems.add(
      "inference.accelerator",
      `the model runs on the training GPU pool (${t.machine.machineType}, ${t.accelerator}): a separate serving pool is not built for Azure in this release (got ${i.accelerator}${spec.inference?.acceleratorsPerNode === undefined ? "" : ` x ${spec.inference.acceleratorsPerNode}`} on ${i.machine.machineType}); set inference.accelerator and acceleratorsPerNode to the training pool's`,
    );
  }
  if (i.scaleDownSchedule) problems.add("inference.scaleDownSchedule", `the platform stack serves a fixed replica count (inference.replicas.min); scheduled scaling is not built for Azure in this release (got ${show(spec.inference?.scaleDownSchedule)}); set scaleDownSchedule: false`);
  if (spec.inference?.targetInvocationsPerReplica !== undefined) warnings.push("inference.targetInvocationsPerReplica: the Azure platform stack runs inference.replicas.min replicas and does not autoscale on requests: the value is not used on Azure");
  const found = AzureOpenModelServing.validate({ huggingFace: i.model.huggingFace, replicas: i.replicas.min, poolNodes: t.nodes, huggingFaceTokenSecret: spec.azure?.huggingFaceTokenSecret });
  problems.addAll(remapProblems(found, { huggingFace: "inference.model.huggingFace", replicas: "inference.replicas.min", huggingFaceTokenSecret: "azure.huggingFaceTokenSecret" }));
  if (i.deploy && i.replicas.min > 0) {
    warnings.push(`inference.model: ${i.model.huggingFace} runs ${i.replicas.min} replica(s) on the training pool, each keeping a ${t.machine.machineType} node up while it runs (the pool cannot scale to zero under it)`);
  }
}

/** The Azure section's component fields, resolved. */
export function azureComponentSection(context: ResolveContext, sections: PortableSections): Pick<ResolvedAzureSection, "postgresAdmin" | "openAi" | "lustreResourceProviderObjectId" | "cosmosDbObjectId" | "huggingFaceTokenSecret"> {
  const a = context.spec.azure;
  // The data classification tag picks the deployment type: prompts of confidential or restricted data stay in a data zone.
  const openAi = a?.openAi ? { ...a.openAi, sku: a.openAi.sku ?? AzureOpenAiDeployment.defaultSku(context.spec.tags?.[DATA_CLASSIFICATION_TAG], context.spec.region) } : undefined;
  const lustre = sections.sharedStorage?.kind === "lustre";
  if (a?.lustreResourceProviderObjectId !== undefined && !lustre) context.problems.add("azure.lustreResourceProviderObjectId", "applies to sharedStorage.kind: lustre only (its blob integration); remove it");
  // Managed Lustre's blob integration fails at create unless the HPC Cache Resource Provider holds its two roles on the account (azurerm 4.55 docs).
  if (lustre && a?.lustreResourceProviderObjectId === undefined) {
    context.problems.add("azure.lustreResourceProviderObjectId", 'Managed Lustre imports from the datasets container only when the "HPC Cache Resource Provider" service principal holds Storage Account Contributor and Storage Blob Data Contributor on the account; set it to that principal\'s object id in your tenant (az ad sp list --display-name "HPC Cache Resource Provider" --query "[].id" -o tsv) and the stack assigns both roles');
  }
  // The model registry's workspace is CMK-encrypted: its metadata store encrypts as the Azure Cosmos DB principal, whose object id differs per tenant.
  if (a?.cosmosDbObjectId === undefined) {
    context.problems.add(
      "azure.cosmosDbObjectId",
      `is required on Azure: the model registry (an Azure Machine Learning workspace encrypted with the environment's key) fails at create unless the "Azure Cosmos DB" service principal may encrypt and decrypt with the key; set it to that principal's object id in your tenant (${COSMOS_DB_OBJECT_ID_COMMAND}) and the stack grants it on the key`,
    );
  }
  return { postgresAdmin: a?.postgresAdmin, openAi, lustreResourceProviderObjectId: a?.lustreResourceProviderObjectId?.toLowerCase(), cosmosDbObjectId: a?.cosmosDbObjectId?.toLowerCase() ?? "", huggingFaceTokenSecret: a?.huggingFaceTokenSecret };
}
