import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeForwardingRule } from "@cdktf/provider-google/lib/compute-forwarding-rule";
import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { VertexAiIndex } from "@cdktf/provider-google/lib/vertex-ai-index";
import { VertexAiIndexEndpoint } from "@cdktf/provider-google/lib/vertex-ai-index-endpoint";
import { VertexAiIndexEndpointDeployedIndex } from "@cdktf/provider-google/lib/vertex-ai-index-endpoint-deployed-index";
import { Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import { perTier, type Tier } from "../../util/tier";
import { markComponent, resolveProtection, type EnvironmentIdentity, type Grant, type IPrincipal, type IVectorStore } from "../common";
import { Checks } from "../private/checks";
import { stableId, stableKey } from "../private/stable-id";
import { keep } from "../private/stateful";
import { memberOf } from "./data-bucket";
import type { IGcpPrivateServicesNetwork } from "./network";
import { checkLabels } from "./private/labels";

/** Distance measures a Vector Search index takes (provider doc, `distance_measure_type`). */
export const DISTANCE_MEASURES = ["DOT_PRODUCT_DISTANCE", "COSINE_DISTANCE", "SQUARED_L2_DISTANCE", "L1_DISTANCE"] as const;
export type DistanceMeasure = (typeof DISTANCE_MEASURES)[number];

/** The project role a grant gives: query and upsert datapoints (Vector Search indexes take no resource-level IAM in provider 6.50). */
export const VECTOR_SEARCH_ROLE = "roles/aiplatform.user";

/** Props of {@link GcpVectorSearch}. */
export interface GcpVectorSearchProps {
  /** The environment; the index and endpoint are `<name>-<tier>-vectors`. */
  readonly environment: EnvironmentIdentity;
  /** The project that owns the index. */
  readonly project: string;
  /** The index's region. */
  readonly region: string;
  /** Reach the index through VPC peering on this network (after its private services access peering). @default - Private Service Connect, allowing the project itself */
  readonly network?: IGcpPrivateServicesNetwork & { readonly networkName: string };
  /** Embedding dimensions. @default 1024 */
  readonly dimensions?: number;
  /** How neighbours are measured. @default "DOT_PRODUCT_DISTANCE" (with unit-length vectors, the cosine ranking) */
  readonly distanceMeasure?: DistanceMeasure;
  /** Neighbours the tree-AH algorithm looks at before reordering. @default 150 */
  readonly approximateNeighborsCount?: number;
  /** Replicas serving the deployed index, at least one (no scale to zero; no SLA at one). @default - { min: 1, max: 1 } dev, { min: 1, max: 2 } staging, { min: 2, max: 4 } prod */
  readonly replicas?: { readonly min: number; readonly max: number };
  /** Machine of each replica; small shards (2 GB) run on e2-standard-2. @default "e2-standard-2" */
  readonly machineType?: string;
  /** With Private Service Connect, the VPC subnet where clients reach the index: an internal address there and a forwarding rule to the deployed index's service attachment (the PSC consumer endpoint). @default - none: clients make their own forwarding rule to `serviceAttachment` */
  readonly consumerSubnet?: { readonly networkId: string; readonly subnetId: string };
  /** Labels of the index and its endpoint, beside the provider's default labels. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Put `lifecycle.prevent_destroy` on the index. @default - on in prod */
  readonly preventDestroy?: boolean;
}

type Settings = Pick<GcpVectorSearchProps, "dimensions" | "distanceMeasure" | "approximateNeighborsCount" | "replicas" | "labels">;

/**
 * Vertex AI Vector Search as a vector store: a streaming index (upserts apply in near
 * real time) of small shards, an index endpoint with no public endpoint (VPC peering
 * by project number, or Private Service Connect), and the index deployed on dedicated
 * replicas (at least one: Vector Search does not scale to zero; one replica has no SLA).
 *
 * Not encrypted with a customer-managed key: the index and endpoint `encryption_spec`
 * arrived in hashicorp/google 7.5, these bindings wrap 6.50; a guardrail warning belongs
 * on it. With Private Service Connect and `consumerSubnet`, an internal address and a
 * forwarding rule to the deployed index's service attachment make it reachable from the
 * VPC (`endpoint` is that address). Index creation can take an hour or more.
 */
export class GcpVectorSearch extends Construct implements IVectorStore {
  public readonly engine = "managed-search" as const;
  /** The service behind the portable engine name. */
  public readonly service = "vertex-ai-vector-search" as const;
  public readonly index: VertexAiIndex;
  public readonly indexEndpoint: VertexAiIndexEndpoint;
  public readonly deployedIndex: VertexAiIndexEndpointDeployedIndex;
  /** Where clients send match requests: the peered gRPC address, the PSC consumer endpoint's IP address (with `consumerSubnet`), or else the service attachment to make one for. */
  public readonly endpoint: string;
  /** The deployed index's Private Service Connect service attachment (Private Service Connect only). */
  public readonly serviceAttachment?: string;
  /** The PSC consumer endpoint: an internal address in the subnet and a forwarding rule to the service attachment (with `consumerSubnet`). */
  public readonly consumer?: { readonly address: ComputeAddress; readonly forwardingRule: ComputeForwardingRule };
  public readonly deployedIndexId: string;
  public readonly dimensions: number;
  public readonly distanceMeasure: DistanceMeasure;
  public readonly replicas: { readonly min: number; readonly max: number };
  public readonly machineType: string;
  public readonly preventDestroy: boolean;
  /** Whether a customer-managed key encrypts the index: never under provider 6.50. */
  public readonly customerManagedKey = false;
  private readonly project: string;
  private readonly granted = new Set<string>();

  /** What the store uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): Required<Omit<Settings, "labels">> & { readonly machineType: string; readonly preventDestroy: boolean } {
    return {
      dimensions: 1024,
      distanceMeasure: "DOT_PRODUCT_DISTANCE",
      approximateNeighborsCount: 150,
      replicas: perTier(tier, { dev: { min: 1, max: 1 }, staging: { min: 1, max: 2 }, prod: { min: 2, max: 4 } }),
      machineType: "e2-standard-2",
      preventDestroy: resolveProtection(tier, {}).preventDestroy,
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks()
      .int("dimensions", settings.dimensions, 1, undefined, "A Vector Search index (dimensions)")
      .oneOf("distanceMeasure", settings.distanceMeasure, DISTANCE_MEASURES, "A Vector Search distance measure")
      .int("approximateNeighborsCount", settings.approximateNeighborsCount, 1, undefined, "Tree-AH neighbours")
      .bounds("replicas", settings.replicas, 1, "Deployed index replicas (at least one: no scale to zero)");
    if (settings.replicas && settings.replicas.max > 1000) checks.add("replicas.max", settings.replicas.max, `a deployed index takes at most 1000 replicas (got ${settings.replicas.max})`);
    checkLabels(checks, "labels", settings.labels);
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: GcpVectorSearchProps) {
    super(scope, id);
    markComponent(this, "vector-store");
    const d = GcpVectorSearch.defaults(props.environment.tier);
    this.dimensions = props.dimensions ?? d.dimensions;
    this.distanceMeasure = props.distanceMeasure ?? d.distanceMeasure;
    this.replicas = props.replicas ?? d.replicas;
    this.machineType = props.machineType ?? d.machineType;
    this.preventDestroy = props.preventDestroy ?? d.preventDestroy;
    this.project = props.project;
    const neighbours = props.approximateNeighborsCount ?? d.approximateNeighborsCount;
    const name = `${props.environment.name}-${props.environment.tier}-vectors`;
    // Letters, digits and underscores, starting with a letter, at most 128 (provider doc, `deployed_index_id`).
    this.deployedIndexId = name.replace(/-/g, "_");

    const problems = new ProblemCollector();
    problems.addAll(GcpVectorSearch.validate({ ...props, dimensions: this.dimensions, distanceMeasure: this.distanceMeasure, replicas: this.replicas, approximateNeighborsCount: neighbours }));
    if (!/^[A-Za-z]\w{0,127}$/.test(this.deployedIndexId)) problems.add("environment.name", `a deployed index id starts with a letter and holds letters, digits and underscores, at most 128 (got ${show(this.deployedIndexId)})`);
    problems.throwIfAny(`GcpVectorSearch ${this.node.path}`);

    const labels = props.labels && Object.keys(props.labels).length > 0 ? { ...props.labels } : undefined;
    this.index = keep(
      new VertexAiIndex(this, "index", {
        project: props.project,
        region: props.region,
        displayName: name,
        description: `Embeddings of ${props.environment.name}-${props.environment.tier} (llmops-constructs)`,
        indexUpdateMethod: "STREAM_UPDATE",
        metadata: {
          config: {
            dimensions: this.dimensions,
            approximateNeighborsCount: neighbours,
            shardSize: "SHARD_SIZE_SMALL",
            distanceMeasureType: this.distanceMeasure,
            featureNormType: this.distanceMeasure === "DOT_PRODUCT_DISTANCE" ? "UNIT_L2_NORM" : "NONE",
            algorithmConfig: { treeAhConfig: { leafNodeEmbeddingCount: 1000 } },
          },
        },
        labels,
        // Index creation takes long (magic-modules PR #7657 raised the default for it).
        timeouts: { create: "180m", update: "180m" },
      }),
      this.preventDestroy,
    );
    // Peering names the network by project number (provider doc, `network`).
    const network = props.network ? `projects/${new DataGoogleProject(this, "project", { projectId: props.project }).number}/global/networks/${props.network.networkName}` : undefined;
    this.indexEndpoint = new VertexAiIndexEndpoint(this, "endpoint", {
      project: props.project,
      region: props.region,
      displayName: name,
      description: `Private endpoint of ${name} (llmops-constructs)`,
      publicEndpointEnabled: false,
      network,
      privateServiceConnectConfig: props.network ? undefined : { enablePrivateServiceConnect: true, projectAllowlist: [props.project] },
      labels,
      dependsOn: props.network ? [props.network.privateServicesConnection] : undefined,
    });
    this.deployedIndex = new VertexAiIndexEndpointDeployedIndex(this, "deployed", {
      region: props.region,
      indexEndpoint: this.indexEndpoint.id,
      index: this.index.id,
      deployedIndexId: this.deployedIndexId,
      displayName: name,
      enableAccessLogging: false,
      dedicatedResources: { machineSpec: { machineType: this.machineType }, minReplicaCount: this.replicas.min, maxReplicaCount: this.replicas.max },
      timeouts: { create: "120m", update: "120m" },
    });
    const privateEndpoint = this.deployedIndex.privateEndpoints.get(0);
    this.serviceAttachment = props.network ? undefined : privateEndpoint.serviceAttachment;
    this.consumer = this.serviceAttachment && props.consumerSubnet ? this.connect(props, name, this.serviceAttachment, props.consumerSubnet) : undefined;
    this.endpoint = props.network ? privateEndpoint.matchGrpcAddress : (this.consumer?.address.address ?? privateEndpoint.serviceAttachment);
  }

  /**
   * The PSC consumer side, made in the same apply from the deployed index's
   * `private_endpoints[0].service_attachment`: an internal address in the subnet and a
   * forwarding rule (`load_balancing_scheme = ""`) targeting the attachment (provider doc,
   * "Forwarding Rule Vpc Psc"). Clients send match requests to the address.
   */
  private connect(props: GcpVectorSearchProps, name: string, serviceAttachment: string, subnet: { readonly networkId: string; readonly subnetId: string }): { address: ComputeAddress; forwardingRule: ComputeForwardingRule } {
    const namer = new Namer(props.environment);
    const resourceName = namer.name("gce-resource", "environment.name", "vectors-psc");
    const problems = new ProblemCollector();
    problems.addAll(namer.found);
    problems.throwIfAny(`GcpVectorSearch ${this.node.path}`);
    const address = new ComputeAddress(this, "psc-address", { project: props.project, region: props.region, name: resourceName, subnetwork: subnet.subnetId, addressType: "INTERNAL", description: `Private Service Connect endpoint of ${name}` });
    const forwardingRule = new ComputeForwardingRule(this, "psc-forwarding-rule", {
      project: props.project,
      region: props.region,
      name: resourceName,
      network: subnet.networkId,
      ipAddress: address.id,
      target: serviceAttachment,
      loadBalancingScheme: "",
      description: `Private Service Connect endpoint of ${name}`,
    });
    return { address, forwardingRule };
  }

  /** Lets the principal query and upsert datapoints: `roles/aiplatform.user` on the project (no index-level IAM in provider 6.50), keyed by value. */
  public grantReadWrite(principal: IPrincipal): Grant {
    const key = stableKey(this, principal.principalId);
    const problems = new ProblemCollector();
    if (this.granted.has(key)) problems.add("grantReadWrite", `${show(key)} already has ${VECTOR_SEARCH_ROLE}: grant it once`);
    problems.throwIfAny(`GcpVectorSearch ${this.node.path}`);
    this.granted.add(key);
    const member = new ProjectIamMember(this, stableId("grant", JSON.stringify([key, VECTOR_SEARCH_ROLE]), "aiplatform-user"), { project: this.project, role: VECTOR_SEARCH_ROLE, member: memberOf(principal.principalId) });
    return { policy: member, dependables: [member] };
  }
}
