/**
 * Pieces of the Google Cloud environment stack that need no construct scope: how a
 * resolved spec maps to a pool's capacity, and the commands CI runs for what Terraform
 * cannot do on a private Vertex AI endpoint (deploy a custom model, connect to it).
 */
import type { GcpCapacity } from "../constructs/gcp/accelerator-node-pool";
import type { GcpInferenceEndpoint } from "../constructs/gcp/inference-endpoint";
import type { GcpNetwork } from "../constructs/gcp/network";
import type { ResolvedEnvironmentSpec } from "../environment/resolved";

/** Whether inference is a Model Garden deployment (a Hugging Face model, deployed), which makes its own Google-encrypted endpoint. */
export function isModelGarden(inference: NonNullable<ResolvedEnvironmentSpec["inference"]>): boolean {
  return "huggingFace" in inference.model && inference.deploy;
}

/** The pool's capacity for a resolved one (capacity blocks never resolve on Google Cloud). */
export function gcpCapacity(capacity: NonNullable<ResolvedEnvironmentSpec["training"]>["capacity"]): GcpCapacity {
  if (typeof capacity === "string") return capacity;
  if ("reservation" in capacity) return { reservation: capacity.reservation };
  throw new Error("capacity blocks are an EC2 offer: the Google Cloud resolver rejects them");
}

/** What CI runs to deploy a model image to the private endpoint (Terraform cannot upload or deploy a custom model). */
export function inferenceDeployCommand(spec: ResolvedEnvironmentSpec, project: string, endpoint: GcpInferenceEndpoint | undefined, registryUrl: string): string | undefined {
  const i = spec.inference;
  if (!i || !endpoint?.private) return undefined;
  // gcloud spells GPU types in lowercase with hyphens (nvidia-l4); a TPU machine type implies its chips.
  const gpu = i.vendor === "nvidia" ? i.machine.cloudAcceleratorType?.toLowerCase().replace(/_/g, "-") : undefined;
  const accelerator = gpu ? ` --accelerator=type=${gpu},count=${i.machine.acceleratorsPerNode}` : "";
  const image = "image" in i.model ? ` (the model's serving container: ${registryUrl}/<image>:${i.model.image})` : "";
  return `gcloud ai endpoints deploy-model ${endpoint.endpointId} --project=${project} --region=${spec.region} --model=<uploaded model id${image}> --display-name=${endpoint.displayName} --machine-type=${i.machine.machineType}${accelerator} --min-replica-count=${i.replicas.min} --max-replica-count=${i.replicas.max}`;
}

/**
 * What CI runs once a model is deployed to the private endpoint: the endpoint's service
 * attachment appears in `deployed_models[].private_endpoints` only then, so Terraform
 * cannot make the consumer side in the same apply. An internal address in the nodes'
 * subnet and a forwarding rule targeting the attachment (Private Service Connect endpoint).
 */
export function inferencePscCommand(spec: ResolvedEnvironmentSpec, project: string, endpoint: GcpInferenceEndpoint | undefined, network: GcpNetwork): string | undefined {
  if (!endpoint?.private) return undefined;
  const where = `--project=${project} --region=${spec.region}`;
  const name = `${spec.name}-${spec.tier}-inference-psc`;
  return [
    `ATTACHMENT=$(gcloud ai endpoints describe ${endpoint.endpointId} ${where} --format="value(deployedModels[0].privateEndpoints.serviceAttachment)")`,
    `gcloud compute addresses create ${name} ${where} --subnet=${network.subnetName}`,
    `gcloud compute forwarding-rules create ${name} ${where} --network=${network.networkName} --address=${name} --target-service-attachment="$ATTACHMENT"`,
  ].join(" && ");
}
