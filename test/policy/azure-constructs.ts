import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { rmSync } from "node:fs";
import { TerraformStack, Testing } from "../../lib/cdk";
import { AzureAiSearch } from "../../lib/constructs/azure/ai-search";
import { AzureBudget } from "../../lib/constructs/azure/budget";
import { AzureContainerRegistry } from "../../lib/constructs/azure/container-registry";
import { AzureGpuNodePool } from "../../lib/constructs/azure/gpu-node-pool";
import { AzureLustreFileSystem } from "../../lib/constructs/azure/lustre-file-system";
import { AzureMlWorkspace } from "../../lib/constructs/azure/ml-workspace";
import { AzureMonitoring } from "../../lib/constructs/azure/monitoring";
import { AzureObjectMount } from "../../lib/constructs/azure/object-mount";
import { AzureAccessPolicyKey } from "../../lib/constructs/azure/access-policy-key";
import { AzureOpenAiDeployment } from "../../lib/constructs/azure/openai-deployment";
import { AzurePostgresVectorStore } from "../../lib/constructs/azure/postgres-vector-store";
import { AzureStorage } from "../../lib/constructs/azure/storage";
import { AzureTrainingCluster } from "../../lib/constructs/azure/training-cluster";
import { ALL_PRIVATE_ENDPOINT_KINDS } from "../../lib/constructs/azure/private/facts";
import { Guardrails } from "../../lib/policy/guardrails";
import type { Finding, Rule } from "../../lib/policy/types";
import type { Tier } from "../../lib/util/tier";
import { LOCATION, network, RESOURCE_GROUP, vault } from "../azure/helpers";

const RG_ID = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${RESOURCE_GROUP}`;
const INSIGHTS = `${RG_ID}/providers/Microsoft.Insights/components/acme-appi`;
const ADMIN = { objectId: "33333333-3333-3333-3333-333333333333", principalName: "ml-platform-admins", principalType: "Group" } as const;

/**
 * Every Azure construct on its tier's defaults in one stack, wired as an environment
 * wires them (a vault key for each, the storage account shared with Lustre's blob
 * integration, diagnostic settings to one workspace on every resource that has them),
 * synthesized with `rules` in report-only mode: the findings.
 */
export function azureConstructFindings(tier: Tier, rules: readonly Rule[]): readonly Finding[] {
  const stack = new TerraformStack(Testing.app(), "test");
  new AzurermProvider(stack, "azurerm", { features: [{}], storageUseAzuread: true });
  const environment = { name: "acme", tier };
  const net = network(stack, environment, { postgres: true, lustreCapacityTiB: AzureLustreFileSystem.defaults(tier).capacityTiB, privateEndpointKinds: ALL_PRIVATE_ENDPOINT_KINDS });
  const kv = vault(stack, environment, { identities: ["storage", "postgres", "search", "openai", "registry", "mlw", "lustre"] }, net);
  const key = (name: string) => ({ encryptionKey: kv, keyIdentity: kv.identity(name) });
  const training = new AzureTrainingCluster(stack, "training", { environment, network: net, encryptionKey: kv });
  new AzureGpuNodePool(stack, "gpu", { cluster: training, name: "train", accelerator: "nvidia-a100" });
  const st = new AzureStorage(stack, "storage", { environment, network: net, ...key("storage"), sharedKeyAccessFor: "managed-lustre-blob-integration" });
  const base = { environment, resourceGroupName: RESOURCE_GROUP, location: LOCATION };
  new AzureLustreFileSystem(stack, "lustre", { ...base, subnetId: net.lustreSubnet!.id, subnetCidr: net.ranges.lustre!, ...key("lustre"), blobIntegration: { storageAccountId: st.accountId, containerId: st.containerId("datasets"), loggingContainerId: st.containerId("artifacts") } });
  new AzureObjectMount(stack, "mount", { ...base, oidcIssuerUrl: training.oidcIssuerUrl, storageAccountName: st.accountName, containers: [{ name: "datasets", containerId: st.containerId("datasets") }] });
  const pg = new AzurePostgresVectorStore(stack, "vectors", { ...base, delegatedSubnetId: net.postgresSubnet!.id, virtualNetworkId: net.virtualNetwork.id, ...key("postgres"), entraAdmin: ADMIN });
  const search = new AzureAiSearch(stack, "search", { environment, network: net, ...key("search") });
  const openai = new AzureOpenAiDeployment(stack, "openai", { environment, network: net, encryptionKey: new AzureAccessPolicyKey(stack, "openai-key", { environment, network: net, purpose: "openai" }), deployments: [{ name: "chat", model: "gpt-5.2", version: "2025-12-11", capacity: 10 }] });
  const acr = new AzureContainerRegistry(stack, "registry", { environment, network: net, ...key("registry") });
  const mlw = new AzureMlWorkspace(stack, "mlw", { environment, network: net, storageAccountId: st.accountId, keyVaultId: kv.vaultId, applicationInsightsId: INSIGHTS, encryptionKey: kv, identity: kv.identity("mlw"), cosmosDbPrincipalId: "99999999-9999-9999-9999-999999999999" });
  const monitoring = new AzureMonitoring(stack, "monitoring", { ...base, emails: ["oncall@acme.example"], gpuCluster: { clusterId: training.cluster.id, clusterName: training.clusterName } });
  monitoring.addDiagnostics("key-vault", "key-vault", kv.vaultId);
  monitoring.addDiagnostics("storage-blob", "storage-blob", st.accountId);
  monitoring.addDiagnostics("storage-account", "storage-account", st.accountId);
  monitoring.addDiagnostics("virtual-network", "virtual-network", net.virtualNetwork.id);
  monitoring.addDiagnostics("nat-gateway", "nat-gateway", net.natGateway.id);
  monitoring.addDiagnostics("nat-ip", "public-ip", net.egressIp.id);
  for (const nsg of net.node.children.filter((c): c is NetworkSecurityGroup => c instanceof NetworkSecurityGroup)) monitoring.addDiagnostics(`nsg-${nsg.node.id}`, "nsg", nsg.id);
  monitoring.addDiagnostics("aks", "aks", training.cluster.id);
  monitoring.addDiagnostics("postgres", "postgres-flexible", pg.server.id);
  monitoring.addDiagnostics("search", "search-service", search.searchService.id);
  monitoring.addDiagnostics("openai", "cognitive-account", openai.account.id);
  monitoring.addDiagnostics("openai-key-vault", "key-vault", openai.encryptionKey.vaultId);
  monitoring.addDiagnostics("registry", "container-registry", acr.registry.id);
  monitoring.addDiagnostics("mlw", "ml-workspace", mlw.workspace.id);
  new AzureBudget(stack, "budget", { environment, resourceGroupId: RG_ID, monthlyAmount: 2000, startDate: "2026-12-01", emails: ["finops@acme.example"], actionGroupIds: [monitoring.actionGroupId] });
  const guardrails = Guardrails.of(stack, { reportOnly: true, rules, tier });
  rmSync(Testing.fullSynth(stack), { recursive: true, force: true });
  return guardrails.results;
}
