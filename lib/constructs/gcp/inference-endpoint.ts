import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { DataGoogleSecretManagerSecretVersionAccess } from "@cdktf/provider-google/lib/data-google-secret-manager-secret-version-access";
import { VertexAiEndpoint } from "@cdktf/provider-google/lib/vertex-ai-endpoint";
import { VertexAiEndpointWithModelGardenDeployment } from "@cdktf/provider-google/lib/vertex-ai-endpoint-with-model-garden-deployment";
import { findAccelerator, selectMachine, type AcceleratorId, type MachineOffer } from "../../catalog";
import { Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import type { Tier } from "../../util/tier";
import { markComponent, type EnvironmentIdentity } from "../common";
import { Checks, isUnknown } from "../private/checks";
import { hash8 } from "../private/stable-id";
import type { IGcpEncryptionKey } from "./encryption-key";
import type { IGcpPrivateServicesNetwork } from "./network";
import { TPU_MACHINES } from "./private/accelerators";
import { checkLabels } from "./private/labels";

/** An open model Terraform deploys through Vertex AI Model Garden. */
export interface GcpOpenModel {
  /** Hugging Face model id, e.g. `meta-llama/Llama-3.1-8B-Instruct`. */
  readonly huggingFace: string;
  /** Logical accelerator from the catalog's Vertex AI inference offers, e.g. `nvidia-l4`. */
  readonly accelerator: AcceleratorId;
  /** Accelerators per replica: picks the machine. @default - the smallest machine of the catalog */
  readonly acceleratorsPerReplica?: number;
  /** Replica bounds; Vertex AI keeps at least one replica running (no scale to zero in provider 6.50). @default { min: 1, max: 1 } */
  readonly replicas?: { readonly min: number; readonly max: number };
  /** Run replicas on spot VMs. @default - on in dev */
  readonly spot?: boolean;
  /** Hugging Face read token for gated models, as a token (a sensitive Terraform variable, a data source's value), never a literal. @default - none, or the secret's latest version with `huggingFaceTokenSecret` */
  readonly huggingFaceAccessToken?: string;
  /** Secret Manager secret (id in the project, or `projects/<p>/secrets/<id>`) holding the Hugging Face read token; its latest version is read at plan time (the applier needs roles/secretmanager.secretAccessor on it). @default - none */
  readonly huggingFaceTokenSecret?: string;
  /** Accept the model's end-user license agreement; required for gated models (`meta-llama/*`, `google/gemma-*`). @default false */
  readonly acceptEula?: boolean;
  /** Accept a region the catalog does not list for the machine. @default false */
  readonly allowUnlistedRegion?: boolean;
}

/** Props of {@link GcpInferenceEndpoint}. */
export interface GcpInferenceEndpointProps {
  /** The environment; the endpoint's display name is `<name>-<tier>-inference`. */
  readonly environment: EnvironmentIdentity;
  /** The project that owns the endpoint. */
  readonly project: string;
  /** The endpoint's region, the same as the key's. */
  readonly region: string;
  /** Key for the endpoint and everything deployed to it; the endpoint waits for the Vertex AI agent's grant. Not used by an open model (see `model`). */
  readonly encryptionKey: IGcpEncryptionKey;
  /** Reach the endpoint through VPC peering on this network instead of Private Service Connect. @default - Private Service Connect, allowing the project itself */
  readonly network?: IGcpPrivateServicesNetwork & { readonly networkName: string };
  /** Projects whose PSC endpoints may connect. @default - the endpoint's own project */
  readonly projectAllowlist?: readonly string[];
  /** The endpoint's numeric id, at most 10 digits, no leading zero. @default - derived from the project, region and environment (stable) */
  readonly endpointName?: string;
  /** Log requests and responses to BigQuery, `bq://project[.dataset[.table]]`, at a sampling rate in (0, 1]. @default - off */
  readonly requestLogging?: { readonly bigqueryUri: string; readonly samplingRate?: number };
  /** An open model deployed by Terraform through Model Garden instead of the private endpoint. @default - a private, empty endpoint for custom models deployed from CI */
  readonly model?: GcpOpenModel;
  /** Labels of the private endpoint, beside the provider's default labels (the Model Garden resource takes none in 6.50). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A Vertex AI online prediction endpoint, one of two kinds:
 * - without `model`: a private endpoint encrypted with the key (after the Vertex AI
 *   agent's grant), reached through Private Service Connect (or VPC peering with the
 *   project number), with optional request-response logging to BigQuery. Terraform
 *   cannot upload or deploy a custom model (terraform-provider-google #15303): deploy
 *   from CI with `gcloud ai endpoints deploy-model`, at least one replica.
 * - with `model`: a Hugging Face model deployed by `google_vertex_ai_endpoint_with_model_garden_deployment`
 *   on the catalog's machine, with replica bounds (at least one) and spot VMs in dev.
 *   In provider 6.50 that resource takes no key, no network and no Private Service
 *   Connect: its endpoint is Google-encrypted and answers on the public Vertex AI API
 *   (`<region>-aiplatform.googleapis.com`) to any caller holding `aiplatform.endpoints.predict`;
 *   only a VPC Service Controls perimeter around aiplatform.googleapis.com (not made
 *   here) keeps it from the internet. It can only be created and deleted: any change
 *   replaces the deployment. `private` and `customerManagedKey` say which kind this is.
 */
export class GcpInferenceEndpoint extends Construct {
  /** The private endpoint (no `model`). */
  public readonly endpoint?: VertexAiEndpoint;
  /** The Model Garden deployment (with `model`). */
  public readonly deployment?: VertexAiEndpointWithModelGardenDeployment;
  /** The endpoint's numeric id, what metrics (`resource.label.endpoint_id`) and `gcloud ai endpoints` use. */
  public readonly endpointId: string;
  public readonly displayName: string;
  /** Whether only private networks reach the endpoint. */
  public readonly private: boolean;
  /** Whether the key encrypts the endpoint. */
  public readonly customerManagedKey: boolean;
  /** The machine of an open model. */
  public readonly offer?: MachineOffer;
  public readonly replicas?: { readonly min: number; readonly max: number };
  public readonly spot?: boolean;

  /** What the endpoint uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly replicas: { readonly min: number; readonly max: number }; readonly spot: boolean } {
    return { replicas: { min: 1, max: 1 }, spot: tier === "dev" };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Pick<GcpInferenceEndpointProps, "endpointName" | "requestLogging" | "labels" | "network" | "projectAllowlist">> & { readonly replicas?: { readonly min: number; readonly max: number } }): readonly ValidationProblem[] {
    const checks = new Checks()
      .check("endpointName", settings.endpointName, (n) => (/^[1-9]\d{0,9}$/.test(n) ? undefined : `a Vertex AI endpoint name is numeric, at most 10 digits, no leading zero (got ${show(n)})`))
      .check("requestLogging.bigqueryUri", settings.requestLogging?.bigqueryUri, (u) => (/^bq:\/\/[a-z][a-z0-9-]{4,28}[a-z0-9](\.\w+){0,2}$/.test(u) ? undefined : `takes "bq://<project>[.<dataset>[.<table>]]" (got ${show(u)})`))
      .positive("requestLogging.samplingRate", settings.requestLogging?.samplingRate, 1, "Request-response logging (sampling rate)")
      .bounds("model.replicas", settings.replicas, 1, "Vertex AI replicas (at least one: no scale to zero)");
    if (settings.network && settings.projectAllowlist) checks.add("projectAllowlist", settings.projectAllowlist, "applies to Private Service Connect; a peered endpoint (network) takes no allowlist");
    checkLabels(checks, "labels", settings.labels);
    return checks.problems;
  }

  /**
   * Problems of an open model's access settings: a gated Hugging Face model (an
   * organization in {@link GATED_MODEL_PREFIXES}) needs its license accepted and a read
   * token to download; the token comes from a Secret Manager secret or a token, not both.
   */
  public static validateOpenModel(model: Partial<Pick<GcpOpenModel, "huggingFace" | "acceptEula" | "huggingFaceAccessToken" | "huggingFaceTokenSecret">>): readonly ValidationProblem[] {
    const checks = new Checks();
    const id = model.huggingFace;
    if (model.huggingFaceAccessToken !== undefined && model.huggingFaceTokenSecret !== undefined) checks.add("model.huggingFaceTokenSecret", model.huggingFaceTokenSecret, "give the token once: huggingFaceAccessToken or huggingFaceTokenSecret, not both");
    if (model.huggingFaceAccessToken !== undefined && !isUnknown(model.huggingFaceAccessToken) && model.huggingFaceAccessToken.startsWith("hf_")) {
      checks.add("model.huggingFaceAccessToken", "<redacted>", "is a literal token, which would be written into the synthesized Terraform; store it in Secret Manager and name it in huggingFaceTokenSecret, or pass a sensitive Terraform variable");
    }
    checks.check("model.huggingFaceTokenSecret", model.huggingFaceTokenSecret, (v) => (/^([a-zA-Z0-9_-]{1,255}|projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/secrets\/[a-zA-Z0-9_-]{1,255})$/.test(v) ? undefined : `takes a Secret Manager secret id (letters, digits, - and _, up to 255) or projects/<project>/secrets/<id> (got ${show(v)})`));
    if (id === undefined || isUnknown(id) || !isGatedModel(id)) return checks.problems;
    if (model.acceptEula !== true) checks.add("model.acceptEula", model.acceptEula ?? false, `${id} is a gated model whose license must be accepted before Model Garden deploys it: set acceptEula: true once its license is accepted on Hugging Face`);
    if (model.huggingFaceAccessToken === undefined && model.huggingFaceTokenSecret === undefined) {
      checks.add("model.huggingFaceTokenSecret", "none", `${id} is a gated Hugging Face model: its weights download only with a read token of an account granted access; put the token in a Secret Manager secret and name it here`);
    }
    return checks.problems;
  }

  /** The endpoint name derived from where it lives: 10 digits, no leading zero, the same on every synth. */
  public static deriveEndpointName(project: string, region: string, environment: EnvironmentIdentity): string {
    return String(1_000_000_000 + (parseInt(hash8(`${project}/${region}/${environment.name}-${environment.tier}/inference`), 16) % 9_000_000_000));
  }

  constructor(scope: Construct, id: string, props: GcpInferenceEndpointProps) {
    super(scope, id);
    markComponent(this, "inference");
    const d = GcpInferenceEndpoint.defaults(props.environment.tier);
    this.displayName = `${props.environment.name}-${props.environment.tier}-inference`;
    const problems = new ProblemCollector();
    const model = props.model;
    this.replicas = model ? (model.replicas ?? d.replicas) : undefined;
    this.spot = model ? (model.spot ?? d.spot) : undefined;
    problems.addAll(GcpInferenceEndpoint.validate({ ...props, replicas: this.replicas }));
    const keyLocation = props.encryptionKey.location;
    if (!model && !isUnknown(keyLocation) && !isUnknown(props.region) && keyLocation !== props.region) {
      problems.add("encryptionKey", `a Vertex AI endpoint in ${show(props.region)} takes a key in the same region (got a key in ${show(keyLocation)})`);
    }
    if (model) this.offer = this.selectOffer(model, props.region, problems);
    if (model) problems.addAll(GcpInferenceEndpoint.validateOpenModel(model));
    if (model && (props.network || props.projectAllowlist || props.requestLogging || props.endpointName)) {
      problems.add("model", "a Model Garden deployment makes its own public endpoint in provider 6.50: network, projectAllowlist, requestLogging and endpointName do not apply to it");
    }
    problems.throwIfAny(`GcpInferenceEndpoint ${this.node.path}`);

    const labels = props.labels && Object.keys(props.labels).length > 0 ? { ...props.labels } : undefined;
    if (model) {
      this.private = false;
      this.customerManagedKey = false;
      this.deployment = this.deployOpenModel(props, model);
      this.endpointId = this.deployment.endpoint;
      return;
    }
    this.private = true;
    this.customerManagedKey = true;
    const name = props.endpointName ?? GcpInferenceEndpoint.deriveEndpointName(props.project, props.region, props.environment);
    // Peering names the network by project number (provider doc, `network`).
    const networkId = props.network ? `projects/${new DataGoogleProject(this, "project", { projectId: props.project }).number}/global/networks/${props.network.networkName}` : undefined;
    this.endpoint = new VertexAiEndpoint(this, "endpoint", {
      project: props.project,
      location: props.region,
      region: props.region,
      name,
      displayName: this.displayName,
      description: `Online predictions of ${this.displayName} (llmops-constructs)`,
      encryptionSpec: { kmsKeyName: props.encryptionKey.keyId },
      network: networkId,
      privateServiceConnectConfig: props.network ? undefined : { enablePrivateServiceConnect: true, projectAllowlist: [...(props.projectAllowlist ?? [props.project])] },
      dedicatedEndpointEnabled: false,
      predictRequestResponseLoggingConfig: props.requestLogging
        ? { enabled: true, samplingRate: props.requestLogging.samplingRate ?? 1, bigqueryDestination: { outputUri: props.requestLogging.bigqueryUri } }
        : undefined,
      labels,
      // Vertex AI encrypts through its service agent; peering needs the private services access connection.
      dependsOn: [...props.encryptionKey.dependablesFor("vertex"), ...(props.network ? [props.network.privateServicesConnection] : [])],
    });
    this.endpointId = name;
  }

  private selectOffer(model: GcpOpenModel, region: string, problems: ProblemCollector): MachineOffer | undefined {
    const selection = selectMachine({ cloud: "gcp", accelerator: model.accelerator, use: "inference", region, acceleratorsPerNode: model.acceleratorsPerReplica, allowUnlistedRegion: model.allowUnlistedRegion });
    for (const p of selection.problems) problems.add(`model.${p.field === "acceleratorsPerNode" ? "acceleratorsPerReplica" : p.field}`, p.message);
    if (!/^[\w.-]+\/[\w.-]+$/.test(model.huggingFace)) problems.add("model.huggingFace", `takes a Hugging Face model id "<owner>/<model>" (got ${show(model.huggingFace)})`);
    return selection.offer;
  }

  /** The Hugging Face token: the one given, or the latest version of the secret, read by `google_secret_manager_secret_version_access` (Secret Accessor suffices). */
  private accessToken(project: string, model: GcpOpenModel): string | undefined {
    if (model.huggingFaceTokenSecret === undefined) return model.huggingFaceAccessToken;
    return new DataGoogleSecretManagerSecretVersionAccess(this, "hugging-face-token", { project, secret: model.huggingFaceTokenSecret }).secretData;
  }

  private deployOpenModel(props: GcpInferenceEndpointProps, model: GcpOpenModel): VertexAiEndpointWithModelGardenDeployment {
    const offer = this.offer as MachineOffer;
    const tpu = findAccelerator(model.accelerator)?.vendor === "google-tpu";
    const replicas = this.replicas as { min: number; max: number };
    return new VertexAiEndpointWithModelGardenDeployment(this, "deployment", {
      project: props.project,
      location: props.region,
      huggingFaceModelId: model.huggingFace,
      modelConfig: { huggingFaceAccessToken: this.accessToken(props.project, model), acceptEula: model.acceptEula ?? false },
      endpointConfig: { endpointDisplayName: this.displayName, dedicatedEndpointEnabled: false },
      deployConfig: {
        dedicatedResources: {
          machineSpec: {
            machineType: offer.machineType,
            acceleratorType: offer.cloudAcceleratorType,
            acceleratorCount: offer.acceleratorsPerNode,
            tpuTopology: tpu ? TPU_MACHINES[offer.machineType]?.singleHost[0] : undefined,
          },
          minReplicaCount: replicas.min,
          maxReplicaCount: replicas.max,
          spot: this.spot,
        },
      },
      // A model download and server start take longer than the default 20 minutes.
      timeouts: { create: "120m", delete: "60m" },
    });
  }
}

/** Hugging Face organizations and prefixes whose models are gated (access granted per account after accepting a license): not exhaustive. */
export const GATED_MODEL_PREFIXES = ["meta-llama/", "google/gemma"] as const;

/** Whether a Hugging Face model id is one this library knows to be gated. */
export function isGatedModel(huggingFace: string): boolean {
  return GATED_MODEL_PREFIXES.some((prefix) => huggingFace.startsWith(prefix));
}
