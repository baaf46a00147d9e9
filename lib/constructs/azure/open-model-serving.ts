import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import type { Tier } from "../../util/tier";
import { markComponent, type EnvironmentIdentity } from "../common";
import { Checks, isUnknown } from "../private/checks";
import { AZURE_POOL_LABEL, NVIDIA_GPU_RESOURCE, azureTolerationsFor, type AzureGpuPoolScheduling } from "./gpu-scheduling";
import { HF_TOKEN_KEY, KAITO_AZURE_SKUS, KAITO_PRESETS, KAITO_TOLERATED_TAINTS, KAITO_WORKSPACE_API_VERSION, VLLM_IMAGE, VLLM_PORT } from "./private/serving";

export { HF_TOKEN_KEY, KAITO_AZURE_SKUS, KAITO_PRESETS, KAITO_WORKSPACE_API_VERSION, VLLM_IMAGE, type KaitoPreset } from "./private/serving";

/** How the model is served: a KAITO Workspace (AI toolchain operator add-on) or the stock vLLM container. */
export type AzureServingEngine = "kaito" | "vllm";

/** Props of {@link AzureOpenModelServing}. */
export interface AzureOpenModelServingProps {
  /** The environment. */
  readonly environment: EnvironmentIdentity;
  /** The GPU pool the model runs on ({@link AzureGpuNodePool.scheduling}). */
  readonly pool: AzureGpuPoolScheduling;
  /** The pool's node count bounds (its autoscaler's min and max). */
  readonly poolNodes: { readonly min: number; readonly max: number };
  /** Hugging Face model id, `<owner>/<model>`. */
  readonly huggingFace: string;
  /** Serving engine. @default - "kaito" when the model has a KAITO preset, the pool's size is one KAITO knows and the pool keeps at least `replicas` nodes; "vllm" otherwise */
  readonly engine?: AzureServingEngine;
  /** Name of the Workspace or Deployment and its Service (a DNS label). @default - from the model id, e.g. `phi-4-mini-instruct` */
  readonly name?: string;
  /** Namespace the server runs in (made here). @default "inference" */
  readonly namespace?: string;
  /** Replicas; each takes a whole node's GPUs. @default 1 */
  readonly replicas?: number;
  /** Name of a Kubernetes secret in the namespace holding a Hugging Face token under the key `HF_TOKEN` (made outside Terraform, so the token stays out of state); gated models need it. @default - none */
  readonly huggingFaceTokenSecret?: string;
  /** vLLM's `--max-model-len` (context length). @default - the model's own */
  readonly maxModelLen?: number;
  /** The vLLM image. @default VLLM_IMAGE */
  readonly vllmImage?: string;
}

/** The props {@link AzureOpenModelServing.validate} checks. */
export type AzureOpenModelServingSettings = Partial<Omit<AzureOpenModelServingProps, "environment">>;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const MODEL_ID = /^[\w.-]+\/[\w.-]+$/;

/**
 * An open model from Hugging Face served on an AKS GPU pool, behind a ClusterIP Service
 * (OpenAI-compatible API, reachable inside the VNet only):
 * - KAITO, when the model maps to a preset of the KAITO release the AKS AI toolchain
 *   operator add-on runs: a `kaito.sh/v1beta1` Workspace whose `resource.labelSelector`
 *   matches the pool's label and whose `instanceType` is the pool's VM size, so KAITO
 *   takes the pool's ready nodes (without `preferredNodes`, KAITO 0.6.0 qualifies every
 *   ready node carrying the selector's labels and `node.kubernetes.io/instance-type` =
 *   `instanceType`: `getAllQualifiedNodes` in `pkg/workspace/controllers`). Its preset
 *   pods tolerate the `nvidia.com/gpu` and `sku=gpu` taints only, so a Spot pool (its
 *   taint) takes vLLM. KAITO does not wait for the cluster autoscaler: with
 *   fewer ready nodes than replicas it provisions a node pool of its own (billed outside
 *   the pool's bounds, and left running when the Workspace is deleted), so this path
 *   needs the pool's `min` at least `replicas`. The cluster needs the add-on
 *   (`ai_toolchain_operator_enabled`), which installs the Workspace CRD before this plans.
 * - vLLM otherwise: a Deployment of the pinned `vllm/vllm-openai` image asking for all
 *   of a node's GPUs (tensor parallel = GPUs per node), selecting the pool's label and
 *   tolerating its taints, readiness on `/health`; a Pending replica makes the pool's
 *   autoscaler add a node, so a pool at `min` 0 scales from zero. A running replica
 *   keeps a GPU node up: set replicas 0 to let the pool go back to zero.
 * Checks: the model's GPU memory (from the preset table, where known) fits a node's;
 * replicas fit the pool's maximum.
 */
export class AzureOpenModelServing extends Construct {
  public readonly engine: AzureServingEngine;
  public readonly name: string;
  public readonly namespace: string;
  public readonly replicas: number;
  /** Tensor parallelism of the vLLM server: the pool's GPUs per node. */
  public readonly tensorParallel: number;
  /** Where clients reach the server inside the cluster: `http://<name>.<namespace>.svc.cluster.local` (KAITO's Service listens on 80, vLLM's on 80 too). */
  public readonly url: string;

  /** What the serving uses for each prop left unset (the same in every tier). */
  public static defaults(_tier: Tier): { readonly namespace: string; readonly replicas: number; readonly vllmImage: string } {
    return { namespace: "inference", replicas: 1, vllmImage: VLLM_IMAGE };
  }

  /** The engine used when none is given: KAITO when the model has a preset, the pool's size is known to KAITO, the pool is not Spot (KAITO's pods do not tolerate its taint) and keeps `replicas` nodes up. */
  public static defaultEngine(huggingFace: string, pool: Pick<AzureGpuPoolScheduling, "vmSize"> & { readonly spot?: boolean }, poolMin: number, replicas: number): AzureServingEngine {
    return KAITO_PRESETS[huggingFace] && KAITO_AZURE_SKUS.includes(pool.vmSize) && !pool.spot && poolMin >= replicas ? "kaito" : "vllm";
  }

  /** A DNS label from a model id: `microsoft/Phi-4-mini-instruct` -> `phi-4-mini-instruct`. */
  public static nameOf(huggingFace: string): string {
    const model = huggingFace.split("/").pop() ?? huggingFace;
    return model.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "").slice(0, 63).replace(/-$/, "") || "model";
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: AzureOpenModelServingSettings): readonly ValidationProblem[] {
    const checks = new Checks()
      .check("huggingFace", settings.huggingFace, (m) => (MODEL_ID.test(m) ? undefined : `takes a Hugging Face model id "<owner>/<model>" (got ${show(m)})`))
      .oneOf("engine", settings.engine, ["kaito", "vllm"], "The serving engine")
      .check("name", settings.name, (n) => (DNS_LABEL.test(n) ? undefined : `takes a DNS label: lowercase letters, digits and hyphens, at most 63 (got ${show(n)})`))
      .check("namespace", settings.namespace, (n) => (DNS_LABEL.test(n) ? undefined : `takes a Kubernetes namespace: lowercase letters, digits and hyphens, at most 63 (got ${show(n)})`))
      .check("huggingFaceTokenSecret", settings.huggingFaceTokenSecret, (n) => (/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(n) ? undefined : `takes a Kubernetes secret name (got ${show(n)})`))
      .int("maxModelLen", settings.maxModelLen, 1, undefined, "vLLM's context length");
    const pool = settings.pool;
    const nodes = settings.poolNodes;
    const replicas = settings.replicas;
    if (nodes && !isUnknown(nodes.max)) checks.int("replicas", replicas, 0, nodes.max, `Each replica takes a whole node of pool ${pool?.pool ?? ""}; the pool's maximum`);
    else checks.int("replicas", replicas, 0, undefined, "Replicas");
    const preset = settings.huggingFace ? KAITO_PRESETS[settings.huggingFace] : undefined;
    if (preset && pool && !isUnknown(pool.gpusPerNode)) {
      const nodeGiB = pool.gpusPerNode * pool.gpuMemoryGiB;
      if (preset.totalGpuMemoryGiB > nodeGiB) checks.add("huggingFace", settings.huggingFace, `needs ${preset.totalGpuMemoryGiB} GiB of GPU memory, more than a node of pool ${pool.pool} has (${pool.gpusPerNode} x ${pool.gpuMemoryGiB} GiB on ${pool.vmSize}); pick a pool with more GPUs per node`);
    }
    if (preset?.gated && settings.huggingFaceTokenSecret === undefined) checks.add("huggingFaceTokenSecret", settings.huggingFace, `${settings.huggingFace} is a gated Hugging Face model: name a secret holding a token with access under the key ${HF_TOKEN_KEY}`);
    if (settings.engine === "kaito") {
      if (settings.huggingFace && !preset) checks.add("engine", settings.huggingFace, `KAITO has no preset for ${show(settings.huggingFace)} (presets: ${Object.keys(KAITO_PRESETS).join(", ")}); use engine "vllm"`);
      if (pool && !KAITO_AZURE_SKUS.includes(pool.vmSize)) checks.add("engine", pool.vmSize, `KAITO does not know the VM size ${pool.vmSize} of pool ${pool.pool} (known: ${KAITO_AZURE_SKUS.join(", ")}); use engine "vllm"`);
      const untolerated = (pool?.taints ?? []).filter((t) => !KAITO_TOLERATED_TAINTS.some((k) => k.key === t.key && (k.value === undefined || k.value === t.value)));
      if (pool && untolerated.length > 0) {
        checks.add("engine", pool.pool, `KAITO's preset pods tolerate only the nvidia.com/gpu and sku=gpu taints, not ${untolerated.map((t) => `${t.key}=${t.value}`).join(", ")} of pool ${pool.pool} (a Spot pool's taint): they would stay Pending; use engine "vllm", or a pool without that taint (training.capacity on-demand)`);
      }
      const want = replicas ?? 1;
      if (nodes && !isUnknown(nodes.min) && !isUnknown(want) && nodes.min < want) {
        checks.add("engine", nodes.min, `KAITO serves on the pool only from nodes already ready and provisions a node pool of its own otherwise; pool ${pool?.pool ?? ""} keeps ${nodes.min} node(s) up for ${want} replica(s): raise the pool's minimum to ${want}, or use engine "vllm" (scales the pool from zero)`);
      }
      if (settings.maxModelLen !== undefined) checks.add("maxModelLen", settings.maxModelLen, `is a vLLM setting; KAITO presets set their own (engine "kaito")`);
    }
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AzureOpenModelServingProps) {
    super(scope, id);
    markComponent(this, "inference");
    const d = AzureOpenModelServing.defaults(props.environment.tier);
    this.replicas = props.replicas ?? d.replicas;
    this.namespace = props.namespace ?? d.namespace;
    this.name = props.name ?? AzureOpenModelServing.nameOf(props.huggingFace);
    this.engine = props.engine ?? AzureOpenModelServing.defaultEngine(props.huggingFace, props.pool, props.poolNodes.min, this.replicas);
    this.tensorParallel = props.pool.gpusPerNode;
    const problems = new ProblemCollector();
    problems.addAll(AzureOpenModelServing.validate({ ...props, engine: this.engine, name: this.name, namespace: this.namespace, replicas: this.replicas }));
    problems.throwIfAny(`AzureOpenModelServing ${this.node.path}`);
    this.url = `http://${this.name}.${this.namespace}.svc.cluster.local`;

    const ns = new NamespaceV1(this, "namespace", { metadata: { name: this.namespace, labels: { "app.kubernetes.io/managed-by": "llmops-constructs" } } });
    if (this.engine === "kaito") this.kaitoWorkspace(props, ns);
    else this.vllm(props, ns, props.vllmImage ?? d.vllmImage);
  }

  private kaitoWorkspace(props: AzureOpenModelServingProps, ns: NamespaceV1): void {
    const preset = KAITO_PRESETS[props.huggingFace];
    new Manifest(this, "workspace", {
      manifest: {
        apiVersion: KAITO_WORKSPACE_API_VERSION,
        kind: "Workspace",
        metadata: { name: this.name, namespace: this.namespace, labels: { "app.kubernetes.io/managed-by": "llmops-constructs" } },
        resource: {
          count: this.replicas,
          instanceType: props.pool.vmSize,
          labelSelector: { matchLabels: { [AZURE_POOL_LABEL]: props.pool.pool } },
        },
        inference: { preset: { name: preset.preset, ...(props.huggingFaceTokenSecret ? { presetOptions: { modelAccessSecret: props.huggingFaceTokenSecret } } : {}) } },
      },
      // The CRD defaults these when unset (KAITO 0.6.0 `api/v1beta1`): left out of the plan, so the apply result matches it.
      computedFields: ["metadata.annotations", "metadata.labels", "inference.preset.accessMode"],
      dependsOn: [ns],
    });
  }

  private vllm(props: AzureOpenModelServingProps, ns: NamespaceV1, image: string): void {
    const labels = { "app.kubernetes.io/name": this.name, "app.kubernetes.io/component": "inference", "app.kubernetes.io/managed-by": "llmops-constructs" };
    const gpus = String(props.pool.gpusPerNode);
    const args = ["--model", props.huggingFace, "--served-model-name", props.huggingFace, "--port", String(VLLM_PORT), "--tensor-parallel-size", gpus, ...(props.maxModelLen ? ["--max-model-len", String(props.maxModelLen)] : [])];
    const probe = { httpGet: { path: "/health", port: String(VLLM_PORT) }, periodSeconds: 10, timeoutSeconds: 5 };
    new DeploymentV1(this, "deployment", {
      metadata: { name: this.name, namespace: ns.metadata.name, labels },
      spec: {
        replicas: String(this.replicas),
        selector: { matchLabels: { "app.kubernetes.io/name": this.name } },
        // One replica per node: a rolling update must free the node's GPUs before the new pod can take them.
        strategy: { type: "Recreate" },
        template: {
          metadata: { labels },
          spec: {
            nodeSelector: { [AZURE_POOL_LABEL]: props.pool.pool },
            toleration: azureTolerationsFor(props.pool),
            container: [
              {
                name: "vllm",
                image,
                args,
                port: [{ containerPort: VLLM_PORT, name: "http" }],
                env: props.huggingFaceTokenSecret ? [{ name: HF_TOKEN_KEY, valueFrom: { secretKeyRef: { name: props.huggingFaceTokenSecret, key: HF_TOKEN_KEY } } }] : undefined,
                resources: { limits: { [NVIDIA_GPU_RESOURCE]: gpus }, requests: { [NVIDIA_GPU_RESOURCE]: gpus } },
                // Downloading weights and loading them onto the GPUs takes minutes: up to 30 before the pod counts as failed.
                startupProbe: { ...probe, failureThreshold: 180 },
                readinessProbe: { ...probe, failureThreshold: 3 },
                volumeMount: [
                  { name: "shm", mountPath: "/dev/shm" },
                  { name: "cache", mountPath: "/root/.cache/huggingface" },
                ],
              },
            ],
            // Tensor parallel workers talk through shared memory; the container default (64 MiB) is too small.
            volume: [
              { name: "shm", emptyDir: { medium: "Memory", sizeLimit: "16Gi" } },
              { name: "cache", emptyDir: {} },
            ],
          },
        },
      },
      // A replica may wait for the pool to scale from zero and download its weights: do not hold the apply on it.
      waitForRollout: false,
    });
    new ServiceV1(this, "service", {
      metadata: { name: this.name, namespace: ns.metadata.name, labels },
      spec: { type: "ClusterIP", selector: { "app.kubernetes.io/name": this.name }, port: [{ name: "http", port: 80, targetPort: String(VLLM_PORT) }] },
    });
  }
}
