import type { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { SearchService } from "@cdktf/provider-azurerm/lib/search-service";
import { Construct } from "../../cdk";
import { ProblemCollector, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import { perTier, type Tier } from "../../util/tier";
import { markComponent, resolveProtection, type EnvironmentIdentity, type Grant, type IPrincipal, type IVectorStore } from "../common";
import { Checks, isUnknown } from "../private/checks";
import { keep } from "../private/stateful";
import { privateEndpoint, type IAzurePrivateEndpointNetwork } from "./private/endpoint";
import { ROLES } from "./private/facts";
import { assignRole, grantOf, roleWait } from "./private/roles";
import type { IAzureEncryptionKey, IAzureIdentity } from "./key-vault";

/**
 * Azure AI Search SKUs with private endpoints and customer-managed keys (every billable
 * tier; `free` has neither, shares a cluster, may be deleted when idle: not offered),
 * and their replica and partition limits (learn.microsoft.com/azure/search/search-limits-quotas-capacity:
 * Basic 3 × 3 for services made since 2024-04-03; Standard up to 12 × 12 and 36 search units).
 */
export const SEARCH_SKUS = {
  basic: { maxReplicas: 3, maxPartitions: 3 },
  standard: { maxReplicas: 12, maxPartitions: 12 },
  standard2: { maxReplicas: 12, maxPartitions: 12 },
  standard3: { maxReplicas: 12, maxPartitions: 12 },
  storage_optimized_l1: { maxReplicas: 12, maxPartitions: 12 },
  storage_optimized_l2: { maxReplicas: 12, maxPartitions: 12 },
} as const;
/** An Azure AI Search SKU this construct makes. */
export type SearchSku = keyof typeof SEARCH_SKUS;
/** Partition counts azurerm and the service accept. */
export const SEARCH_PARTITIONS = [1, 2, 3, 4, 6, 12] as const;
/** Most search units (replicas × partitions) of a dedicated service. */
export const SEARCH_MAX_UNITS = 36;

/** Props of {@link AzureAiSearch}. */
export interface AzureAiSearchProps {
  /** The environment; the service is named `<name>-<tier>-search`. */
  readonly environment: EnvironmentIdentity;
  /** The network: the service's private endpoint goes in its endpoints subnet, its record in the `search` zone. */
  readonly network: IAzurePrivateEndpointNetwork;
  /** The key indexes are encrypted with (CMK is set per index and synonym map, in the data plane; the service enforces it). */
  readonly encryptionKey: IAzureEncryptionKey;
  /** User-assigned identity the service reads the key as (granted encrypt/decrypt on it here); name it in each index's `encryptionKey.identity`. */
  readonly keyIdentity: IAzureIdentity;
  /** The SKU (`free` is refused: no private endpoint, no CMK). @default - basic in dev, standard otherwise */
  readonly sku?: SearchSku;
  /** Replicas: 2 give the query SLA, 3 the query and indexing SLA. @default - 1 in dev, 2 in staging, 3 in prod */
  readonly replicaCount?: number;
  /** Partitions: 1, 2, 3, 4, 6 or 12. @default 1 */
  readonly partitionCount?: number;
  /** Semantic ranker plan (`free`: 1,000 queries a month). @default - off */
  readonly semanticSearchSku?: "free" | "standard";
  /** Embedding dimensions the indexes store, 2-4096. @default 1024 */
  readonly dimensions?: number;
  /** Put `lifecycle.prevent_destroy` on the service. @default - on in prod */
  readonly preventDestroy?: boolean;
}

type Settings = Pick<AzureAiSearchProps, "sku" | "replicaCount" | "partitionCount" | "semanticSearchSku" | "dimensions">;

/**
 * An Azure AI Search service as a vector store: public network access off (a private
 * endpoint in the network's endpoints subnet, record in `privatelink.search.windows.net`),
 * API keys off (Entra ID only), customer-managed key enforcement on, a user-assigned
 * identity granted on the key; replicas per tier for the SLA (2 for queries, 3 for queries
 * and indexing). The index itself (fields, vector profile with `dimensions`, its
 * `encryptionKey`) is data plane: create it from CI with the data-plane API.
 * `grantReadWrite` gives Search Index Data Contributor on the service, keyed by value.
 *
 * Idle cost: a billable service runs (and bills) all the time; Basic is the smallest with
 * a private endpoint.
 */
export class AzureAiSearch extends Construct implements IVectorStore {
  public readonly engine = "managed-search" as const;
  public readonly service = "azure-ai-search" as const;
  public readonly searchService: SearchService;
  public readonly privateEndpoint: PrivateEndpoint;
  public readonly serviceName: string;
  /** `https://<name>.search.windows.net` (resolves privately through the linked zone). */
  public readonly endpoint: string;
  public readonly sku: SearchSku;
  public readonly replicaCount: number;
  public readonly partitionCount: number;
  public readonly dimensions: number;
  public readonly preventDestroy: boolean;

  /** What the service uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly sku: SearchSku; readonly replicaCount: number; readonly partitionCount: number; readonly dimensions: number; readonly preventDestroy: boolean } {
    return {
      sku: tier === "dev" ? "basic" : "standard",
      replicaCount: perTier(tier, { dev: 1, staging: 2, prod: 3 }),
      partitionCount: 1,
      dimensions: 1024,
      preventDestroy: resolveProtection(tier, {}).preventDestroy,
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks();
    if ((settings.sku as string) === "free") checks.add("sku", settings.sku, `"free" has no private endpoint and no customer-managed keys, shares a cluster and may be deleted when idle; use "basic" or higher`);
    else checks.oneOf("sku", settings.sku, Object.keys(SEARCH_SKUS) as SearchSku[], "The Azure AI Search SKU");
    const limits = settings.sku !== undefined && settings.sku in SEARCH_SKUS ? SEARCH_SKUS[settings.sku] : SEARCH_SKUS.standard;
    checks
      .int("replicaCount", settings.replicaCount, 1, limits.maxReplicas, `Replicas of a ${settings.sku ?? "standard"} service`)
      .oneOf("partitionCount", settings.partitionCount, SEARCH_PARTITIONS.filter((p) => p <= limits.maxPartitions), `Partitions of a ${settings.sku ?? "standard"} service`)
      .oneOf("semanticSearchSku", settings.semanticSearchSku, ["free", "standard"], "The semantic ranker plan")
      .int("dimensions", settings.dimensions, 2, 4096, "Vector field dimensions");
    const { replicaCount: r, partitionCount: p } = settings;
    if (r !== undefined && p !== undefined && !isUnknown(r) && !isUnknown(p) && r * p > SEARCH_MAX_UNITS) {
      checks.add("replicaCount", r, `times partitionCount is ${r * p} search units, above the ${SEARCH_MAX_UNITS} a service takes (got replicaCount ${r}, partitionCount ${p})`);
    }
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AzureAiSearchProps) {
    super(scope, id);
    markComponent(this, "vector-store");
    const d = AzureAiSearch.defaults(props.environment.tier);
    this.sku = props.sku ?? d.sku;
    this.replicaCount = props.replicaCount ?? d.replicaCount;
    this.partitionCount = props.partitionCount ?? d.partitionCount;
    this.dimensions = props.dimensions ?? d.dimensions;
    this.preventDestroy = props.preventDestroy ?? d.preventDestroy;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.serviceName = namer.name("azure-search-service", "environment.name", "search");
    problems.addAll(namer.found);
    problems.addAll(AzureAiSearch.validate({ ...this, semanticSearchSku: props.semanticSearchSku }));
    problems.throwIfAny(`AzureAiSearch ${this.node.path}`);

    const keyGrant = props.encryptionKey.grantEncryptDecrypt(props.keyIdentity);
    this.searchService = keep(
      new SearchService(this, "service", {
        resourceGroupName: props.network.resourceGroupName,
        location: props.network.location,
        name: this.serviceName,
        sku: this.sku,
        replicaCount: this.replicaCount,
        partitionCount: this.partitionCount,
        semanticSearchSku: props.semanticSearchSku,
        publicNetworkAccessEnabled: false,
        localAuthenticationEnabled: false,
        customerManagedKeyEnforcementEnabled: true,
        networkRuleBypassOption: "None",
        identity: { type: "UserAssigned", identityIds: [props.keyIdentity.identityId] },
        dependsOn: [...props.encryptionKey.dependables, ...roleWait(this, keyGrant.dependables)],
      }),
      this.preventDestroy,
    );
    this.endpoint = `https://${this.serviceName}.search.windows.net`;
    this.privateEndpoint = privateEndpoint(this, "endpoint", props.network, "search", `${this.serviceName}-pe`, this.searchService.id);
  }

  /** Lets a principal read and write index documents (Search Index Data Contributor on the service), keyed by value. */
  public grantReadWrite(principal: IPrincipal): Grant {
    return grantOf(assignRole(this, "writer", principal, ROLES.searchIndexDataContributor, this.searchService.id));
  }

  /** Lets a principal create and change indexes (Search Service Contributor on the service: the CI job that defines the index), keyed by value. */
  public grantManageIndexes(principal: IPrincipal): Grant {
    return grantOf(assignRole(this, "manager", principal, ROLES.searchServiceContributor, this.searchService.id));
  }

  /** Lets a principal query indexes (Search Index Data Reader on the service), keyed by value. */
  public grantRead(principal: IPrincipal): Grant {
    return grantOf(assignRole(this, "reader", principal, ROLES.searchIndexDataReader, this.searchService.id));
  }
}

