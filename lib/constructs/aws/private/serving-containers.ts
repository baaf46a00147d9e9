/**
 * Stock serving containers for open models on SageMaker (AWS Deep Learning Containers),
 * read from aws/sagemaker-python-sdk `image_uri_config` and the DLC release notes:
 * - NVIDIA GPUs: LMI (DJL Serving with vLLM, its default async mode),
 *   `djl-inference:0.36.0-lmi28.0.0-cu130` (DLC release 2026-08-05; TGI is in maintenance
 *   mode upstream);
 * - AWS Inferentia2 / Trainium: Hugging Face TGI on optimum-neuron,
 *   `huggingface-pytorch-tgi-inference:2.7.0-optimum3.3.6-neuronx-py310-ubuntu22.04`
 *   (LMI dropped Neuron in 2025); it serves weights compiled for Neuron.
 * Both read the weights from `/opt/ml/model`, where SageMaker puts the S3 prefix of
 * the model, and never reach the Hugging Face Hub (`HF_HUB_OFFLINE=1`): the endpoint has
 * network isolation.
 */
import type { AcceleratorVendor } from "../../../catalog/types";

/** DLC registry accounts that differ from 763104351884, by region. */
const DLC_ACCOUNTS: Readonly<Record<string, string>> = {
  "af-south-1": "626614931356",
  "ap-east-1": "871362719292",
  "ap-east-2": "975050140332",
  "ap-northeast-3": "364406365360",
  "ap-south-2": "772153158452",
  "ap-southeast-3": "907027046896",
  "ap-southeast-4": "457447274322",
  "ap-southeast-5": "550225433462",
  "ap-southeast-6": "633930458069",
  "ap-southeast-7": "590183813437",
  "ca-west-1": "204538143572",
  "eu-central-2": "380420809688",
  "eu-south-1": "692866216735",
  "eu-south-2": "503227376785",
  "il-central-1": "780543022126",
  "me-central-1": "914824155844",
  "me-south-1": "217643126080",
  "mx-central-1": "637423239942",
  "cn-north-1": "727897471807",
  "cn-northwest-1": "727897471807",
  "us-gov-east-1": "446045086412",
  "us-gov-west-1": "442386744353",
};

const IMAGES = {
  nvidia: { repository: "djl-inference", tag: "0.36.0-lmi28.0.0-cu130" },
  "aws-neuron": { repository: "huggingface-pytorch-tgi-inference", tag: "2.7.0-optimum3.3.6-neuronx-py310-ubuntu22.04" },
} as const;

/**
 * Context length the GPU container serves (vLLM's `max_model_len`). LMI sets none, so vLLM
 * takes the model's own (128k tokens for Llama 3.1), whose KV cache does not fit beside the
 * weights on one 24 GB GPU and vLLM refuses to start. 8192 tokens fits an 8B model in bf16
 * on one L4 or A10G; larger machines can serve more (set the container's environment).
 */
export const MAX_MODEL_LENGTH = 8192;

/** NeuronCores per Inferentia2 or Trainium chip. */
const NEURON_CORES_PER_CHIP = 2;

/** A container SageMaker runs: its image, the ECR repository to allow pulls from, and its environment. */
export interface ServingContainer {
  readonly image: string;
  readonly repositoryArn: string;
  readonly environment: Readonly<Record<string, string>>;
}

/** The stock container that serves an open model on `vendor` accelerators in `region`; undefined for vendors SageMaker has none for. */
export function openModelContainer(region: string, vendor: AcceleratorVendor, accelerators: number, modelId: string): ServingContainer | undefined {
  if (vendor === "google-tpu") return undefined;
  const { repository, tag } = IMAGES[vendor];
  const account = DLC_ACCOUNTS[region] ?? "763104351884";
  const china = region.startsWith("cn-");
  const domain = china ? "amazonaws.com.cn" : "amazonaws.com";
  const partition = china ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  const common = { HF_MODEL_ID: "/opt/ml/model", HF_HUB_OFFLINE: "1", LLMOPS_MODEL: modelId };
  const environment =
    vendor === "nvidia"
      ? { ...common, TENSOR_PARALLEL_DEGREE: String(accelerators), OPTION_MAX_MODEL_LEN: String(MAX_MODEL_LENGTH) }
      : { ...common, HF_NUM_CORES: String(accelerators * NEURON_CORES_PER_CHIP), HF_AUTO_CAST_TYPE: "bf16", MAX_BATCH_SIZE: "4", MAX_INPUT_TOKENS: "3072", MAX_TOTAL_TOKENS: "4096" };
  return {
    image: `${account}.dkr.ecr.${region}.${domain}/${repository}:${tag}`,
    repositoryArn: `arn:${partition}:ecr:${region}:${account}:repository/${repository}`,
    environment,
  };
}

/** Where an open model's weights go in the artifacts bucket: `models/huggingface/<org>/<name>/`. */
export function openModelPrefix(modelId: string): string {
  return `models/huggingface/${modelId}/`;
}
