import { today } from "../catalog/kubernetes";
import { registerCloudPart } from "../cloud-modules";
import { AzureBudget } from "../constructs/azure/budget";
import { AzureGpuNodePool } from "../constructs/azure/gpu-node-pool";
import { AzureMonitoring } from "../constructs/azure/monitoring";
import { AzureNetwork } from "../constructs/azure/network";
import { AzureStorage } from "../constructs/azure/storage";
import { AzureTrainingCluster } from "../constructs/azure/training-cluster";
import { remapProblems } from "../constructs/private/checks";
import { show, type ValidationProblem } from "../errors";
import { buildName, checkName, compactName, type NameKind } from "../naming";
import { azureComponentSection, checkAzureInference, checkAzureSharedStorage, checkAzureVectorStore } from "./azure-components";
import { azurePreset } from "./azure-preset";
import { portable, type PortableSections } from "./portable";
import type { CloudResolver, ResolveContext } from "./resolve";
import type { ResolvedAzureSection } from "./resolved";
import { azureTagProblems } from "./tag-limits";

function stateBackend({ spec, problems }: ResolveContext): ResolvedAzureSection["stateBackend"] {
  const given = spec.azure?.stateBackend;
  if (!given) return undefined;
  const resolved = { resourceGroupName: given.resourceGroupName, storageAccountName: given.storageAccountName, containerName: given.containerName ?? "tfstate", key: given.key ?? `${spec.name}-${spec.tier}.tfstate` };
  const checks: [NameKind, string, string][] = [
    ["azure-resource-group", "azure.stateBackend.resourceGroupName", resolved.resourceGroupName],
    ["azure-storage-account", "azure.stateBackend.storageAccountName", resolved.storageAccountName],
    ["azure-storage-container", "azure.stateBackend.containerName", resolved.containerName],
  ];
  for (const [kind, path, value] of checks) for (const message of checkName(kind, value)) problems.add(path, message);
  return resolved;
}

/**
 * The runner VNets against the network's checks, at spec paths. Without any, the first
 * apply only works from inside the environment's VNet, which that apply makes: a warning.
 */
function runnerNetworks({ spec, problems, warnings }: ResolveContext): string[] {
  const ids = spec.azure?.runnerVirtualNetworkIds ?? [];
  problems.addAll(remapProblems(AzureNetwork.validate({ runnerVirtualNetworkIds: ids }), { runnerVirtualNetworkIds: "azure.runnerVirtualNetworkIds" }));
  if (ids.length === 0) {
    warnings.push(
      "azure.runnerVirtualNetworkIds: none given, so the first terraform apply must run from inside the environment's VNet, which that same apply makes: the Key Vault key (data plane, public access off) and the private AKS API server are reachable only through it; list the VNet of your self-hosted runner or operator VM (it must exist, and its address space must not overlap network.cidr) and the stack peers it and links every private DNS zone to it",
    );
  }
  return [...ids];
}

/** Names the stack builds from the spec's name and tier: one too long or malformed is reported at the field to change. */
function checkNames({ spec, problems }: ResolveContext, resourceGroupName: string): void {
  const prefix = { name: spec.name, tier: spec.tier };
  const path = spec.azure?.resourceGroup === undefined ? "name" : "azure.resourceGroup";
  for (const message of checkName("azure-resource-group", resourceGroupName)) problems.add(path, message);
  const built: { name: string; problems: string[] }[] = [
    buildName("azure-key-vault", prefix, "kv"),
    compactName("azure-storage-account", prefix, "data"),
    buildName("azure-log-analytics-workspace", prefix, "logs"),
    buildName("azure-monitor", prefix, "dashboard"),
    buildName("azure-consumption-budget", prefix, "monthly"),
    buildName("aks-cluster", prefix, "aks"),
    compactName("azure-container-registry", prefix, "acr"),
    // The model registry: the ML workspace and its own storage account.
    buildName("azure-ml-workspace", prefix, "mlw"),
    compactName("azure-storage-account", prefix, "mlw"),
  ];
  const storage = spec.sharedStorage === false ? undefined : (spec.sharedStorage?.kind ?? (spec.training ? azurePreset(spec.tier).storageKind : undefined));
  if (storage === "lustre") built.push(buildName("azure-managed-lustre", prefix, "lustre"));
  const engine = spec.vectorStore === false ? undefined : (spec.vectorStore?.engine ?? azurePreset(spec.tier).vectorEngine);
  if (engine === "postgres-pgvector") built.push(buildName("azure-postgres-flexible", prefix, "pg"));
  if (engine === "managed-search") built.push(buildName("azure-search-service", prefix, "search"));
  if (spec.azure?.openAi) built.push(buildName("azure-cognitive-account", prefix, "content-filter"));
  const seen = new Set<string>();
  for (const b of built) {
    for (const message of b.problems) {
      const text = `${message}; shorten the environment name (Azure names carry the name and the tier)`;
      if (!seen.has(text)) problems.add("name", text);
      seen.add(text);
    }
  }
}

function checkNetworkAndTraining(context: ResolveContext, sections: PortableSections): void {
  const { spec, problems } = context;
  const add = (found: readonly ValidationProblem[], paths: Record<string, string>) => problems.addAll(remapProblems(found, paths));
  add(AzureNetwork.validate({ cidr: sections.network.cidr }), { cidr: "network.cidr" });
  const zones = azurePreset(spec.tier).zones;
  if (spec.network?.zones !== undefined && spec.network.zones !== zones) {
    problems.add("network.zones", `the AKS system pool runs in zones 1-3 outside dev and unpinned in dev; choosing the zones is not built for Azure in this release (got ${spec.network.zones}; allowed for ${spec.tier}: ${zones}); remove network.zones`);
  }
  if (spec.network?.natGateways === "per-zone") problems.add("network.natGateways", "per-zone is not built for Azure in this release: the network has one NAT gateway (its public IP spans zones 1-3 in prod); set natGateways: single");
  const t = sections.training;
  if (!t) return;
  // The cluster's pod and service CIDRs are its defaults: the VNet must stay clear of them.
  const { podCidr, serviceCidr } = AzureTrainingCluster.defaults(spec.tier);
  for (const p of AzureTrainingCluster.validate({ podCidr, serviceCidr, vnetCidr: sections.network.cidr })) {
    const range = p.path === "podCidr" ? `the AKS pod CIDR ${podCidr}` : `the AKS service CIDR ${serviceCidr}`;
    problems.add("network.cidr", `overlaps ${range} (got ${show(sections.network.cidr)}); give the VNet another private block, e.g. 10.20.0.0/16`);
  }
  add(AzureGpuNodePool.validate({ nodes: t.nodes }), { nodes: "training.nodes", "nodes.max": "training.nodes.max" });
  if (t.vendor !== "nvidia") problems.add("training.accelerator", `AKS GPU pools take NVIDIA GPUs (got ${show(t.accelerator)})`);
  if (typeof t.capacity === "object") {
    problems.add("training.capacity.reservation", `naming an existing reservation is not built for Azure in this release (got ${show(t.capacity)}); use spot or on-demand`);
  }
  const version = spec.training?.kubernetesVersion;
  if (version !== undefined && !/^1\.\d{1,2}(\.\d{1,3})?$/.test(version)) problems.add("training.kubernetesVersion", `takes an AKS Kubernetes version like 1.33 (got ${show(version)}); az aks get-versions --location ${spec.region} lists them`);
}

/**
 * Subscription features the cluster needs and the stack does not register (a warning,
 * never a resource): `azurerm_resource_provider_registration` (azurerm 4.55) refuses to
 * create a namespace that is already registered (Microsoft.Compute is, in practically every
 * subscription: it needs an import instead), conflicts with the provider's own registration
 * of the namespace, and unregisters the namespace for the whole subscription on destroy;
 * a per-environment stack must not own a subscription-wide switch.
 */
export function azureSubscriptionFeatureWarnings(sections: Pick<PortableSections, "training">, region: string): string[] {
  const t = sections.training;
  if (!t) return [];
  const size = t.machine.machineType;
  const warnings = [
    `training: every AKS node pool encrypts at the host, which needs the subscription feature Microsoft.Compute/EncryptionAtHost registered before the apply (az feature register --namespace Microsoft.Compute --name EncryptionAtHost, wait until az feature show --namespace Microsoft.Compute --name EncryptionAtHost says Registered, then az provider register --namespace Microsoft.Compute), and a VM size that supports it (az vm list-skus -l ${region} --size ${size} --query "[].capabilities[?name=='EncryptionAtHostSupported'].value" must say True); the stack does not register subscription features`,
  ];
  if (t.machine.fabric === "infiniband") {
    warnings.push(
      `training: ${size} is an InfiniBand size: the AKS pool needs the subscription feature Microsoft.ContainerService/AKSInfinibandSupport registered before the apply (az feature register --namespace Microsoft.ContainerService --name AKSInfinibandSupport, then az provider register --namespace Microsoft.ContainerService)`,
    );
  }
  return warnings;
}

const NIL_GUID = "00000000-0000-0000-0000-000000000000";

/** Azure ids of the spec still holding the nil GUID of the examples: a warning each (Azure refuses them at apply). */
export function azureNilGuidWarnings(azure: NonNullable<ResolveContext["spec"]["azure"]>): string[] {
  const ids: [string, string | undefined][] = [
    ["azure.subscriptionId", azure.subscriptionId],
    ["azure.tenantId", azure.tenantId],
    ["azure.postgresAdmin.objectId", azure.postgresAdmin?.objectId],
    ["azure.lustreResourceProviderObjectId", azure.lustreResourceProviderObjectId],
    ...(azure.clusterAdminGroupObjectIds ?? []).map((id, i): [string, string] => [`azure.clusterAdminGroupObjectIds.${i}`, id]),
  ];
  return ids.filter(([, id]) => id === NIL_GUID).map(([path]) => `${path}: is the nil GUID ${NIL_GUID}, a placeholder no Azure subscription, tenant or principal has: replace it with the real id before you apply`);
}

/** A budget start in a month before today's: a warning (Azure takes a past start only within the current month when the budget is made). */
export function azureBudgetStartWarning(startDate: string | undefined, day: string): string | undefined {
  if (startDate === undefined || !/^\d{4}-\d{2}/.test(startDate) || startDate.slice(0, 7) >= day.slice(0, 7)) return undefined;
  return `budget.startDate: ${startDate} is in a past month (today ${day}): the budget Azure already holds keeps it, but making the budget again (a new name or resource group, or its first apply) fails, because a start date must lie in the current month or later; set the first day of the current month (${day.slice(0, 7)}-01) then`;
}

/** Budget and monitoring against AzureBudget's and AzureMonitoring's own checks, at spec paths. */
function checkBudgetAndMonitoring({ spec, problems }: ResolveContext, sections: PortableSections): void {
  const add = (found: readonly ValidationProblem[], paths: Record<string, string>) => problems.addAll(remapProblems(found, paths));
  const b = sections.budget;
  if (b.startDate === undefined) {
    problems.add("budget.startDate", "is required on Azure: a consumption budget starts on the first day of a month and Azure cannot change it later; write the month of the first apply, e.g. 2026-12-01 (it is never read from the clock, so synth stays byte-stable)");
  }
  add(AzureBudget.validate({ monthlyAmount: b.monthlyUsd, startDate: b.startDate, thresholdsPercent: spec.budget.thresholdsPercent, forecastPercent: b.forecastPercent, emails: b.notify }), {
    monthlyAmount: "budget.monthlyUsd",
    startDate: "budget.startDate",
    thresholdsPercent: "budget.thresholdsPercent",
    forecastPercent: "budget.forecastPercent",
    emails: "budget.notify",
  });
  const m = sections.monitoring;
  add(AzureMonitoring.validate({ emails: m.notify, retentionDays: sections.logRetentionDays, gpuSaturatedPercent: m.gpuHighPercent, gpuIdlePercent: m.gpuIdlePercent }), {
    emails: "monitoring.notify",
    retentionDays: "logRetentionDays",
    gpuSaturatedPercent: "monitoring.gpuHighPercent",
    gpuIdlePercent: "monitoring.gpuIdlePercent",
  });
}

/** The Azure resolver: Azure presets from the Azure constructs, and Azure's rules checked at spec paths. */
export const resolveAzure: CloudResolver = (context) => {
  const { spec, problems } = context;
  if (!spec.azure) {
    problems.add("azure", "is required when cloud is azure: name the subscription the environment lives in (azure.subscriptionId)");
    return undefined;
  }
  const sections = portable(context, azurePreset(spec.tier));
  checkNetworkAndTraining(context, sections);
  context.warnings.push(...azureSubscriptionFeatureWarnings(sections, spec.region), ...azureNilGuidWarnings(spec.azure));
  const budgetStart = azureBudgetStartWarning(sections.budget.startDate, today());
  if (budgetStart) context.warnings.push(budgetStart);
  const sharedStorage = checkAzureSharedStorage(context, sections);
  checkAzureVectorStore(context, sections);
  checkAzureInference(context, sections);
  checkBudgetAndMonitoring(context, sections);
  problems.addAll(remapProblems(AzureStorage.validate({ versionRetentionDays: sections.checkpointVersionDays }), { versionRetentionDays: "checkpointVersionDays" }));
  for (const p of azureTagProblems(spec.tags ?? {})) problems.add(p.path, p.message);
  const resourceGroupName = spec.azure.resourceGroup ?? buildName("azure-resource-group", { name: spec.name, tier: spec.tier }, "rg").name;
  const azure: ResolvedAzureSection = {
    subscriptionId: spec.azure.subscriptionId.toLowerCase(),
    tenantId: spec.azure.tenantId?.toLowerCase(),
    resourceGroupName,
    stateBackend: stateBackend(context),
    clusterAdminGroupObjectIds: spec.azure.clusterAdminGroupObjectIds ?? [],
    runnerVirtualNetworkIds: runnerNetworks(context),
    ...azureComponentSection(context, sections),
  };
  checkNames(context, resourceGroupName);
  return { ...sections, sharedStorage, azure };
};

registerCloudPart("azure", "resolver", resolveAzure);
