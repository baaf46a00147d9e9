import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { TerraformStack, Testing, type Construct } from "../../lib/cdk";
import { AzureNetwork, type AzureNetworkProps } from "../../lib/constructs/azure/network";
import { AzureKeyVault, type AzureKeyVaultProps } from "../../lib/constructs/azure/key-vault";
import { AzureStorage, type AzureStorageProps } from "../../lib/constructs/azure/storage";
import { AzureTrainingCluster, type AzureTrainingClusterProps } from "../../lib/constructs/azure/training-cluster";
import type { EnvironmentSpec } from "../../lib/environment/schema";
import { DEV, type Synthesized } from "../helpers";

export const RESOURCE_GROUP = "acme-dev-rg";
export const LOCATION = "eastus2";
export type Env = { name: string; tier: "dev" | "staging" | "prod" };

/** Builds constructs in a fresh stack with an azurerm provider and returns the parsed Terraform JSON. */
export function synthAzure(build: (scope: Construct) => void): Synthesized {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AzurermProvider(stack, "azurerm", { features: [{}], storageUseAzuread: true });
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

/** A network in `s`. */
export function network(s: Construct, environment: Env = DEV, props: Partial<AzureNetworkProps> = {}): AzureNetwork {
  return new AzureNetwork(s, "network", { environment, resourceGroupName: RESOURCE_GROUP, location: LOCATION, ...props });
}

/** A network and a key vault on it in `s`. */
export function vault(s: Construct, environment: Env = DEV, props: Partial<AzureKeyVaultProps> = {}, net: AzureNetwork = network(s, environment)): AzureKeyVault {
  return new AzureKeyVault(s, "keys", { environment, network: net, ...props });
}

/** A network, a vault with a `storage` identity, and an account on them in `s`. */
export function storage(s: Construct, environment: Env = DEV, props: Partial<AzureStorageProps> = {}): AzureStorage {
  const kv = vault(s, environment, { identities: ["storage"] });
  return new AzureStorage(s, "storage", { environment, network: kv.node.scope!.node.tryFindChild("network") as AzureNetwork, encryptionKey: kv, keyIdentity: kv.identity("storage"), ...props });
}

/** A network, a vault and a training cluster on them in `s`. */
export function cluster(s: Construct, environment: Env = DEV, props: Partial<AzureTrainingClusterProps> = {}): AzureTrainingCluster {
  const net = network(s, environment);
  const kv = vault(s, environment, {}, net);
  return new AzureTrainingCluster(s, "training", { environment, network: net, encryptionKey: kv, ...props });
}

/**
 * The role assignments `resource` depends on: `direct`ly (racing RBAC propagation) and
 * `awaited` through a `time_sleep` of 120s it depends on, as resource addresses.
 */
export function roleDependencies(doc: Synthesized, resource: { depends_on?: unknown }): { direct: string[]; awaited: string[] } {
  const on = (resource.depends_on as string[] | undefined) ?? [];
  const sleeps = doc.resource.time_sleep ?? {};
  const awaited = on
    .filter((d) => d.startsWith("time_sleep."))
    .flatMap((d) => {
      const sleep = sleeps[d.slice("time_sleep.".length)] as { create_duration: string; depends_on?: string[] };
      return sleep.create_duration === "120s" ? (sleep.depends_on ?? []).filter((a) => a.startsWith("azurerm_role_assignment.")) : [];
    });
  return { direct: on.filter((d) => d.startsWith("azurerm_role_assignment.")), awaited };
}

/** An object id for the "Azure Cosmos DB" service principal (`azure.cosmosDbObjectId`), which every Azure environment spec names. */
export const COSMOS_DB = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";

/**
 * A valid Azure dev spec with an A10 training pool and nothing else (budget starting
 * 2026-12-01), in `subscriptionId`; `overrides` replace top-level fields, `azure` adds to
 * the azure section.
 */
export function azureEnvSpec(subscriptionId: string, overrides: Record<string, unknown> = {}, azure: Record<string, unknown> = {}): EnvironmentSpec {
  return <EnvironmentSpec>{
    name: "acme",
    tier: "dev",
    cloud: "azure",
    region: "eastus2",
    owner: "ml@acme.example",
    costCenter: "cc-1",
    training: { accelerator: "nvidia-a10g", acceleratorsPerNode: 1 },
    sharedStorage: false,
    vectorStore: false,
    budget: { monthlyUsd: 3000, notify: ["finops@acme.example"], startDate: "2026-12-01" },
    monitoring: { notify: ["oncall@acme.example"] },
    azure: { subscriptionId, cosmosDbObjectId: COSMOS_DB, ...azure },
    ...overrides,
  };
}
