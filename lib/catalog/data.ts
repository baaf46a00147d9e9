/**
 * Accelerator catalog data: which machine types carry each logical accelerator on
 * AWS, Google Cloud and Azure, for training nodes and for managed inference.
 *
 * Prices are ON-DEMAND LIST PRICES per node-hour in US dollars (no Savings Plans,
 * committed-use, reserved, spot or negotiated discounts), read for us-east-1 (AWS),
 * us-central1 (GCP) and eastus (Azure) unless an offer's `price.region` says otherwise.
 * Each offer records the date its price was read (`price.asOf`) and the cloud's
 * pricing page (`price.source`).
 *
 * Where the facts come from:
 * - AWS EC2: Amazon EC2 accelerated-computing instance specifications and the EC2
 *   on-demand price list (read through the AWS Price List data republished in
 *   skypilot-org/skypilot-catalog `catalogs/v7|v8/aws/vms.csv` and dated price
 *   snapshots); EFA network-card counts from the EC2 instance-type specifications.
 * - Amazon SageMaker: the SageMaker pricing page (real-time inference, us-east-1).
 * - Google Cloud: Compute Engine GPU machine types / TPU docs, the Compute Engine GPU
 *   and Cloud TPU pricing pages (read through the Cloud Billing catalog, the
 *   Cyclenerd/google-cloud-pricing-cost-calculator `pricing.yml` and
 *   skypilot-org/skypilot-catalog `catalogs/v8/gcp`).
 * - Azure: Azure VM size docs (NC A100 v4, NDm A100 v4, ND A100 v4, NC H100 v5,
 *   ND H100 v5, NVadsA10 v5) and the Azure Linux VM pricing page (read through the
 *   Azure Retail Prices data republished in skypilot-org/skypilot-catalog
 *   `catalogs/v6/azure/vms.csv` and dated price snapshots). Azure ML managed online
 *   endpoints bill the underlying VM price with no surcharge.
 *
 * Regions are the cloud's region ids, sorted alphabetically. The lists are a SUBSET
 * of where each machine type is offered (opt-in regions, sovereign clouds and
 * recently opened regions may be missing); a region listed here offers the type.
 * Callers that know better can use `allowUnlistedRegion`.
 */
import type { AcceleratorEntry, ListPrice } from "./types";

/** Date of the newest price data used in this file. */
export const CATALOG_AS_OF = "2026-11-09";

// ---------------------------------------------------------------------------
// Price sources and dates
// ---------------------------------------------------------------------------

const AWS_EC2_PRICE_SRC = "https://aws.amazon.com/ec2/pricing/on-demand/";
const AWS_SAGEMAKER_PRICE_SRC = "https://aws.amazon.com/sagemaker/pricing/";
const GCP_GPU_PRICE_SRC = "https://cloud.google.com/compute/gpus-pricing";
const GCP_TPU_PRICE_SRC = "https://cloud.google.com/tpu/pricing";
const VERTEX_RULE =
  "lower bound: the Compute Engine (Cloud TPU) on-demand rate of the same machine and accelerators; Vertex AI prediction bills its own, higher node-hour rate (cloud.google.com/vertex-ai/pricing), which was not found in the stored copies of that page (checked 2026-11-30)";
const AZURE_VM_PRICE_SRC = "https://azure.microsoft.com/en-us/pricing/details/virtual-machines/linux/";
const AZURE_ML_PRICE_SRC = "https://azure.microsoft.com/en-us/pricing/details/machine-learning/";

/** AWS P-family (p4d, p4de, p5, p5en) EC2 prices. */
const AWS_P_ASOF = "2026-11-09";
// NOTE: g5/g6/g6e/inf2 EC2 prices come from a price snapshot taken around mid-2025
// (exact day unknown; date approximate). The g5/g6/g6e us-east-1 rates were seen
// unchanged in 2026 snapshots.
const AWS_G_INF_ASOF = "2025-06-01";
const AWS_TRN1_ASOF = "2026-10-03";
const AWS_SAGEMAKER_ASOF = "2026-09-27";
/** a2-highgpu, a2-ultragpu, a3-highgpu prices (pricing.yml generated on this date). */
const GCP_A2_A3_ASOF = "2025-03-06";
const GCP_G2_ASOF = "2026-04-15";
const GCP_A3_ULTRA_ASOF = "2026-10-13";
// NOTE: TPU per-chip list rates (v5e $1.20, v5p $4.20, v6e $2.70 per chip-hour in
// us-central1) come from a late-2025 catalog snapshot; exact day unknown (approximate).
const GCP_TPU_ASOF = "2025-10-01";
const AZURE_ASOF = "2026-11-09";
// NOTE: ND96amsr_A100_v4 and NVadsA10 v5 prices come from an older Azure retail-price
// snapshot (around late 2024; exact day unknown, date approximate).
const AZURE_OLD_ASOF = "2024-10-01";

const awsEc2 = (usdPerHour: number, asOf: string): ListPrice => ({ usdPerHour, region: "us-east-1", asOf, source: AWS_EC2_PRICE_SRC });
const awsSageMaker = (usdPerHour: number, region = "us-east-1", asOf = AWS_SAGEMAKER_ASOF): ListPrice => ({ usdPerHour, region, asOf, source: AWS_SAGEMAKER_PRICE_SRC });
const gcpGpu = (usdPerHour: number, asOf: string): ListPrice => ({ usdPerHour, region: "us-central1", asOf, source: GCP_GPU_PRICE_SRC });
const gcpTpu = (usdPerHour: number): ListPrice => ({ usdPerHour, region: "us-central1", asOf: GCP_TPU_ASOF, source: GCP_TPU_PRICE_SRC });
/** A Vertex AI prediction node at the Compute Engine (or Cloud TPU) rate of its machine: a lower bound of Vertex AI's own node-hour rate, which was not found. */
const vertex = (p: ListPrice): ListPrice => ({ ...p, status: "derived", rule: VERTEX_RULE });
const azureVm = (usdPerHour: number, asOf = AZURE_ASOF): ListPrice => ({ usdPerHour, region: "eastus", asOf, source: AZURE_VM_PRICE_SRC });
const azureMl = (usdPerHour: number, asOf = AZURE_ASOF): ListPrice => ({ usdPerHour, region: "eastus", asOf, source: AZURE_ML_PRICE_SRC });

// ---------------------------------------------------------------------------
// Region lists (alphabetical)
// ---------------------------------------------------------------------------

const AWS_P5_REGIONS = ["ap-northeast-1", "ap-south-1", "ap-southeast-2", "ap-southeast-3", "ca-central-1", "eu-north-1", "eu-west-2", "us-east-1", "us-east-2", "us-west-1", "us-west-2"] as const;
const AWS_P5_4XL_REGIONS = ["ap-northeast-1", "ap-south-1", "ap-southeast-2", "ap-southeast-3", "eu-west-2", "us-east-1", "us-east-2", "us-west-2"] as const;
const AWS_P5EN_REGIONS = ["ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-3", "eu-north-1", "eu-south-2", "us-east-1", "us-east-2", "us-west-1", "us-west-2"] as const;
const AWS_P4D_REGIONS = ["ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-west-1", "us-east-1", "us-east-2", "us-west-2"] as const;
const AWS_P4DE_REGIONS = ["ap-northeast-1", "ap-southeast-1", "eu-central-1", "us-east-1", "us-west-2"] as const;
const AWS_G6E_REGIONS = ["ap-northeast-1", "ap-northeast-2", "eu-central-1", "eu-north-1", "us-east-1", "us-east-2", "us-west-2"] as const;
const AWS_G6_REGIONS = ["ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-2", "eu-west-3", "us-east-1", "us-east-2", "us-west-2"] as const;
const AWS_G5_REGIONS = ["ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-2", "ap-southeast-3", "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "me-central-1", "us-east-1", "us-east-2", "us-west-2"] as const;
const AWS_TRN1_REGIONS = ["us-east-1", "us-east-2", "us-west-2"] as const;
const AWS_INF2_REGIONS = ["ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "us-east-1", "us-east-2", "us-west-2"] as const;
const AWS_INF2_XL_REGIONS = ["ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "us-east-1", "us-east-2", "us-west-2"] as const;

// NOTE: SageMaker region lists are deliberately conservative: only regions where a
// SageMaker hosting price for the type was seen. SageMaker offers most of these types
// in more regions; use `allowUnlistedRegion` for others.
const SM_G5_G6_REGIONS = ["us-east-1", "us-east-2", "us-west-2"] as const;
const SM_G6E_REGIONS = ["us-east-1", "us-west-2"] as const;
const SM_US_EAST_1 = ["us-east-1"] as const;
const SM_P5EN_REGIONS = ["us-east-2"] as const;

const GCP_A2_HIGHGPU_REGIONS = ["asia-northeast1", "asia-northeast3", "asia-southeast1", "europe-west4", "me-west1", "us-central1", "us-east1", "us-west1", "us-west3", "us-west4"] as const;
const GCP_A2_ULTRAGPU_REGIONS = ["asia-southeast1", "europe-west4", "us-central1", "us-east4", "us-east5"] as const;
const GCP_A3_HIGHGPU_REGIONS = ["asia-east1", "asia-northeast1", "asia-south1", "asia-south2", "asia-southeast1", "australia-southeast1", "europe-north1", "europe-west1", "europe-west3", "europe-west4", "europe-west8", "europe-west9", "us-central1", "us-east4", "us-east5", "us-west1", "us-west4"] as const;
const GCP_A3_ULTRAGPU_REGIONS = ["asia-south1", "asia-south2", "europe-west1", "europe-west4", "us-central1", "us-east4", "us-east5", "us-south1", "us-west1"] as const;
const GCP_G2_REGIONS = ["asia-east1", "asia-northeast1", "asia-northeast3", "asia-south1", "asia-southeast1", "europe-west1", "europe-west2", "europe-west3", "europe-west4", "europe-west6", "me-central2", "northamerica-northeast1", "northamerica-northeast2", "us-central1", "us-east1", "us-east4", "us-west1", "us-west4"] as const;
const GCP_TPU_V5E_REGIONS = ["asia-east1", "asia-northeast1", "asia-southeast1", "europe-north1", "europe-west1", "europe-west3", "europe-west4", "northamerica-northeast1", "southamerica-west1", "us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "us-west1", "us-west4"] as const;
const GCP_TPU_V5P_REGIONS = ["europe-west1", "europe-west4", "us-central1", "us-east1", "us-east5", "us-south1"] as const;
const GCP_TPU_V6E_REGIONS = ["asia-northeast1", "asia-south1", "asia-southeast1", "europe-west4", "southamerica-west1", "us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "us-west1"] as const;
// NOTE: Vertex AI prediction offers GPUs/TPUs in a subset of the Compute Engine regions
// (Vertex AI "locations" page). The lists below are a conservative subset.
const VERTEX_REGIONS = ["europe-west4", "us-central1"] as const;
const VERTEX_H200_REGIONS = ["us-central1"] as const;

// NOTE: Azure region lists are US regions only (the price data used covered US regions).
const AZURE_NC_A100_V4_REGIONS = ["centralus", "eastus", "eastus2", "southcentralus", "westus", "westus2", "westus3"] as const;
const AZURE_NDM_A100_V4_REGIONS = ["eastus", "eastus2", "southcentralus"] as const;
const AZURE_ND_A100_V4_REGIONS = ["eastus", "southcentralus", "westus2"] as const;
const AZURE_NC_H100_V5_REGIONS = ["eastus", "eastus2", "southcentralus", "westus3"] as const;
const AZURE_ND_H100_V5_REGIONS = ["eastus", "eastus2", "westus"] as const;
const AZURE_NV_A10_V5_REGIONS = ["eastus", "eastus2", "northcentralus", "southcentralus", "westus", "westus2", "westus3"] as const;

// ---------------------------------------------------------------------------
// Catalog
// ---------------------------------------------------------------------------

export const CATALOG: readonly AcceleratorEntry[] = [
  {
    id: "nvidia-h100",
    vendor: "nvidia",
    displayName: "NVIDIA H100 80GB",
    offers: {
      aws: [
        // NOTE: p5.4xlarge supports EFA on its one network card (eksctl's instance table from the EC2 API, EFASupported: true).
        { machineType: "p5.4xlarge", use: "training", acceleratorsPerNode: 1, acceleratorMemoryGiB: 80, vcpus: 16, memoryGiB: 256, fabric: "efa", efaInterfaces: 1, price: awsEc2(6.88, AWS_P_ASOF), regions: AWS_P5_4XL_REGIONS },
        { machineType: "p5.48xlarge", use: "training", acceleratorsPerNode: 8, acceleratorMemoryGiB: 80, vcpus: 192, memoryGiB: 2048, fabric: "efa", efaInterfaces: 32, price: awsEc2(55.04, AWS_P_ASOF), regions: AWS_P5_REGIONS },
        { machineType: "ml.p5.4xlarge", use: "inference", acceleratorsPerNode: 1, acceleratorMemoryGiB: 80, vcpus: 16, memoryGiB: 256, fabric: "none", efaInterfaces: 0, price: awsSageMaker(7.912), regions: SM_US_EAST_1 },
        { machineType: "ml.p5.48xlarge", use: "inference", acceleratorsPerNode: 8, acceleratorMemoryGiB: 80, vcpus: 192, memoryGiB: 2048, fabric: "none", efaInterfaces: 0, price: awsSageMaker(63.296), regions: SM_US_EAST_1 },
      ],
      gcp: [
        // NOTE: a3-highgpu-1g/2g/4g are only sold as Spot / Flex-start (no on-demand list price): omitted.
        { machineType: "a3-highgpu-8g", use: "training", acceleratorsPerNode: 8, acceleratorMemoryGiB: 80, vcpus: 208, memoryGiB: 1872, fabric: "gpudirect-tcpx", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_H100_80GB", price: gcpGpu(88.49, GCP_A2_A3_ASOF), regions: GCP_A3_HIGHGPU_REGIONS },
        { machineType: "a3-highgpu-8g", use: "inference", acceleratorsPerNode: 8, acceleratorMemoryGiB: 80, vcpus: 208, memoryGiB: 1872, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_H100_80GB", price: vertex(gcpGpu(88.49, GCP_A2_A3_ASOF)), regions: VERTEX_REGIONS },
      ],
      azure: [
        // NOTE: NC H100 v5 carries H100 NVL (94 GiB HBM3), not H100 SXM 80GB.
        { machineType: "Standard_NC40ads_H100_v5", use: "training", acceleratorsPerNode: 1, acceleratorMemoryGiB: 94, vcpus: 40, memoryGiB: 320, fabric: "none", efaInterfaces: 0, price: azureVm(6.98), regions: AZURE_NC_H100_V5_REGIONS },
        { machineType: "Standard_NC80adis_H100_v5", use: "training", acceleratorsPerNode: 2, acceleratorMemoryGiB: 94, vcpus: 80, memoryGiB: 640, fabric: "none", efaInterfaces: 0, price: azureVm(13.96), regions: AZURE_NC_H100_V5_REGIONS },
        { machineType: "Standard_ND96isr_H100_v5", use: "training", acceleratorsPerNode: 8, acceleratorMemoryGiB: 80, vcpus: 96, memoryGiB: 1900, fabric: "infiniband", efaInterfaces: 0, price: azureVm(98.32), regions: AZURE_ND_H100_V5_REGIONS },
        { machineType: "Standard_NC40ads_H100_v5", use: "inference", acceleratorsPerNode: 1, acceleratorMemoryGiB: 94, vcpus: 40, memoryGiB: 320, fabric: "none", efaInterfaces: 0, price: azureMl(6.98), regions: AZURE_NC_H100_V5_REGIONS },
        { machineType: "Standard_NC80adis_H100_v5", use: "inference", acceleratorsPerNode: 2, acceleratorMemoryGiB: 94, vcpus: 80, memoryGiB: 640, fabric: "none", efaInterfaces: 0, price: azureMl(13.96), regions: AZURE_NC_H100_V5_REGIONS },
        { machineType: "Standard_ND96isr_H100_v5", use: "inference", acceleratorsPerNode: 8, acceleratorMemoryGiB: 80, vcpus: 96, memoryGiB: 1900, fabric: "none", efaInterfaces: 0, price: azureMl(98.32), regions: AZURE_ND_H100_V5_REGIONS },
      ],
    },
  },
  {
    id: "nvidia-h200",
    vendor: "nvidia",
    displayName: "NVIDIA H200 141GB",
    offers: {
      aws: [
        // NOTE: p5e.48xlarge (8x H200, 4 EFA cards x 8) is sold through EC2 Capacity Blocks only
        // (no on-demand list price): omitted.
        { machineType: "p5en.48xlarge", use: "training", acceleratorsPerNode: 8, acceleratorMemoryGiB: 141, vcpus: 192, memoryGiB: 2048, fabric: "efa", efaInterfaces: 16, price: awsEc2(63.296, AWS_P_ASOF), regions: AWS_P5EN_REGIONS },
        // NOTE: no public SageMaker hosting price for ml.p5en.48xlarge was found: derived from the EC2 rate.
        { machineType: "ml.p5en.48xlarge", use: "inference", acceleratorsPerNode: 8, acceleratorMemoryGiB: 141, vcpus: 192, memoryGiB: 2048, fabric: "none", efaInterfaces: 0, price: { ...awsSageMaker(72.7904, "us-east-2", "2026-10-03"), status: "derived", rule: "1.15 × the EC2 p5en.48xlarge on-demand rate ($63.296 × 1.15); no public SageMaker hosting price for this type was found" }, regions: SM_P5EN_REGIONS },
      ],
      gcp: [
        // NOTE: A3 Ultra uses GPUDirect RDMA (RoCE over ConnectX-7), not GPUDirect-TCPX; the
        // `Fabric` type has no RDMA value for GCP, so the closest value is used.
        { machineType: "a3-ultragpu-8g", use: "training", acceleratorsPerNode: 8, acceleratorMemoryGiB: 141, vcpus: 224, memoryGiB: 2952, fabric: "gpudirect-rdma", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_H200_141GB", price: gcpGpu(83.492, GCP_A3_ULTRA_ASOF), regions: GCP_A3_ULTRAGPU_REGIONS },
        // NOTE: the Vertex offer lists us-central1 only (conservative).
        { machineType: "a3-ultragpu-8g", use: "inference", acceleratorsPerNode: 8, acceleratorMemoryGiB: 141, vcpus: 224, memoryGiB: 2952, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_H200_141GB", price: vertex(gcpGpu(83.492, GCP_A3_ULTRA_ASOF)), regions: VERTEX_H200_REGIONS },
      ],
      // NOTE: Azure Standard_ND96isr_H200_v5 (8x H200 141GB, 96 vCPU, InfiniBand) exists, but no
      // verified on-demand list price was found (sources disagreed): Azure omitted.
    },
  },
  {
    id: "nvidia-a100",
    vendor: "nvidia",
    displayName: "NVIDIA A100 (40GB / 80GB)",
    offers: {
      aws: [
        { machineType: "p4d.24xlarge", use: "training", acceleratorsPerNode: 8, acceleratorMemoryGiB: 40, vcpus: 96, memoryGiB: 1152, fabric: "efa", efaInterfaces: 4, price: awsEc2(21.957642, AWS_P_ASOF), regions: AWS_P4D_REGIONS },
        { machineType: "p4de.24xlarge", use: "training", acceleratorsPerNode: 8, acceleratorMemoryGiB: 80, vcpus: 96, memoryGiB: 1152, fabric: "efa", efaInterfaces: 4, price: awsEc2(27.44705, AWS_P_ASOF), regions: AWS_P4DE_REGIONS },
        { machineType: "ml.p4d.24xlarge", use: "inference", acceleratorsPerNode: 8, acceleratorMemoryGiB: 40, vcpus: 96, memoryGiB: 1152, fabric: "none", efaInterfaces: 0, price: awsSageMaker(25.2513), regions: SM_US_EAST_1 },
        { machineType: "ml.p4de.24xlarge", use: "inference", acceleratorsPerNode: 8, acceleratorMemoryGiB: 80, vcpus: 96, memoryGiB: 1152, fabric: "none", efaInterfaces: 0, price: awsSageMaker(31.5641), regions: SM_US_EAST_1 },
      ],
      gcp: [
        { machineType: "a2-highgpu-1g", use: "training", acceleratorsPerNode: 1, acceleratorMemoryGiB: 40, vcpus: 12, memoryGiB: 85, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_TESLA_A100", price: gcpGpu(3.673385, GCP_A2_A3_ASOF), regions: GCP_A2_HIGHGPU_REGIONS },
        { machineType: "a2-highgpu-2g", use: "training", acceleratorsPerNode: 2, acceleratorMemoryGiB: 40, vcpus: 24, memoryGiB: 170, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_TESLA_A100", price: gcpGpu(7.34677, GCP_A2_A3_ASOF), regions: GCP_A2_HIGHGPU_REGIONS },
        { machineType: "a2-highgpu-4g", use: "training", acceleratorsPerNode: 4, acceleratorMemoryGiB: 40, vcpus: 48, memoryGiB: 340, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_TESLA_A100", price: gcpGpu(14.69354, GCP_A2_A3_ASOF), regions: GCP_A2_HIGHGPU_REGIONS },
        { machineType: "a2-highgpu-8g", use: "training", acceleratorsPerNode: 8, acceleratorMemoryGiB: 40, vcpus: 96, memoryGiB: 680, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_TESLA_A100", price: gcpGpu(29.38708, GCP_A2_A3_ASOF), regions: GCP_A2_HIGHGPU_REGIONS },
        // NOTE: a2-ultragpu prices are from the 2025-03-06 price list; a 2026 Cloud Billing
        // catalog snapshot showed a lower A100 80GB GPU SKU rate in us-central1 (not verified).
        { machineType: "a2-ultragpu-1g", use: "training", acceleratorsPerNode: 1, acceleratorMemoryGiB: 80, vcpus: 12, memoryGiB: 170, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_A100_80GB", price: gcpGpu(5.0688, GCP_A2_A3_ASOF), regions: GCP_A2_ULTRAGPU_REGIONS },
        { machineType: "a2-ultragpu-2g", use: "training", acceleratorsPerNode: 2, acceleratorMemoryGiB: 80, vcpus: 24, memoryGiB: 340, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_A100_80GB", price: gcpGpu(10.1375958, GCP_A2_A3_ASOF), regions: GCP_A2_ULTRAGPU_REGIONS },
        { machineType: "a2-ultragpu-4g", use: "training", acceleratorsPerNode: 4, acceleratorMemoryGiB: 80, vcpus: 48, memoryGiB: 680, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_A100_80GB", price: gcpGpu(20.2751916, GCP_A2_A3_ASOF), regions: GCP_A2_ULTRAGPU_REGIONS },
        { machineType: "a2-ultragpu-8g", use: "training", acceleratorsPerNode: 8, acceleratorMemoryGiB: 80, vcpus: 96, memoryGiB: 1360, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_A100_80GB", price: gcpGpu(40.5503831, GCP_A2_A3_ASOF), regions: GCP_A2_ULTRAGPU_REGIONS },
        { machineType: "a2-highgpu-1g", use: "inference", acceleratorsPerNode: 1, acceleratorMemoryGiB: 40, vcpus: 12, memoryGiB: 85, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_TESLA_A100", price: vertex(gcpGpu(3.673385, GCP_A2_A3_ASOF)), regions: VERTEX_REGIONS },
        { machineType: "a2-highgpu-2g", use: "inference", acceleratorsPerNode: 2, acceleratorMemoryGiB: 40, vcpus: 24, memoryGiB: 170, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_TESLA_A100", price: vertex(gcpGpu(7.34677, GCP_A2_A3_ASOF)), regions: VERTEX_REGIONS },
        { machineType: "a2-highgpu-4g", use: "inference", acceleratorsPerNode: 4, acceleratorMemoryGiB: 40, vcpus: 48, memoryGiB: 340, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_TESLA_A100", price: vertex(gcpGpu(14.69354, GCP_A2_A3_ASOF)), regions: VERTEX_REGIONS },
        { machineType: "a2-highgpu-8g", use: "inference", acceleratorsPerNode: 8, acceleratorMemoryGiB: 40, vcpus: 96, memoryGiB: 680, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_TESLA_A100", price: vertex(gcpGpu(29.38708, GCP_A2_A3_ASOF)), regions: VERTEX_REGIONS },
        { machineType: "a2-ultragpu-1g", use: "inference", acceleratorsPerNode: 1, acceleratorMemoryGiB: 80, vcpus: 12, memoryGiB: 170, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_A100_80GB", price: vertex(gcpGpu(5.0688, GCP_A2_A3_ASOF)), regions: VERTEX_REGIONS },
        { machineType: "a2-ultragpu-8g", use: "inference", acceleratorsPerNode: 8, acceleratorMemoryGiB: 80, vcpus: 96, memoryGiB: 1360, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_A100_80GB", price: vertex(gcpGpu(40.5503831, GCP_A2_A3_ASOF)), regions: VERTEX_REGIONS },
      ],
      azure: [
        { machineType: "Standard_NC24ads_A100_v4", use: "training", acceleratorsPerNode: 1, acceleratorMemoryGiB: 80, vcpus: 24, memoryGiB: 220, fabric: "none", efaInterfaces: 0, price: azureVm(3.673), regions: AZURE_NC_A100_V4_REGIONS },
        { machineType: "Standard_NC48ads_A100_v4", use: "training", acceleratorsPerNode: 2, acceleratorMemoryGiB: 80, vcpus: 48, memoryGiB: 440, fabric: "none", efaInterfaces: 0, price: azureVm(7.346), regions: AZURE_NC_A100_V4_REGIONS },
        { machineType: "Standard_NC96ads_A100_v4", use: "training", acceleratorsPerNode: 4, acceleratorMemoryGiB: 80, vcpus: 96, memoryGiB: 880, fabric: "none", efaInterfaces: 0, price: azureVm(14.692), regions: AZURE_NC_A100_V4_REGIONS },
        { machineType: "Standard_ND96asr_v4", use: "training", acceleratorsPerNode: 8, acceleratorMemoryGiB: 40, vcpus: 96, memoryGiB: 900, fabric: "infiniband", efaInterfaces: 0, price: azureVm(27.197), regions: AZURE_ND_A100_V4_REGIONS },
        // NOTE: the NDm A100 v4 size page lists 1900 GiB host memory; the Azure resource-SKU
        // data reports 1800 GB.
        { machineType: "Standard_ND96amsr_A100_v4", use: "training", acceleratorsPerNode: 8, acceleratorMemoryGiB: 80, vcpus: 96, memoryGiB: 1900, fabric: "infiniband", efaInterfaces: 0, price: azureVm(32.77, AZURE_OLD_ASOF), regions: AZURE_NDM_A100_V4_REGIONS },
        { machineType: "Standard_NC24ads_A100_v4", use: "inference", acceleratorsPerNode: 1, acceleratorMemoryGiB: 80, vcpus: 24, memoryGiB: 220, fabric: "none", efaInterfaces: 0, price: azureMl(3.673), regions: AZURE_NC_A100_V4_REGIONS },
        { machineType: "Standard_NC48ads_A100_v4", use: "inference", acceleratorsPerNode: 2, acceleratorMemoryGiB: 80, vcpus: 48, memoryGiB: 440, fabric: "none", efaInterfaces: 0, price: azureMl(7.346), regions: AZURE_NC_A100_V4_REGIONS },
        { machineType: "Standard_NC96ads_A100_v4", use: "inference", acceleratorsPerNode: 4, acceleratorMemoryGiB: 80, vcpus: 96, memoryGiB: 880, fabric: "none", efaInterfaces: 0, price: azureMl(14.692), regions: AZURE_NC_A100_V4_REGIONS },
        { machineType: "Standard_ND96amsr_A100_v4", use: "inference", acceleratorsPerNode: 8, acceleratorMemoryGiB: 80, vcpus: 96, memoryGiB: 1900, fabric: "none", efaInterfaces: 0, price: azureMl(32.77, AZURE_OLD_ASOF), regions: AZURE_NDM_A100_V4_REGIONS },
      ],
    },
  },
  {
    id: "nvidia-l40s",
    vendor: "nvidia",
    displayName: "NVIDIA L40S 48GB",
    offers: {
      aws: [
        { machineType: "g6e.xlarge", use: "training", acceleratorsPerNode: 1, acceleratorMemoryGiB: 48, vcpus: 4, memoryGiB: 32, fabric: "none", efaInterfaces: 0, price: awsEc2(1.861, AWS_G_INF_ASOF), regions: AWS_G6E_REGIONS },
        { machineType: "g6e.12xlarge", use: "training", acceleratorsPerNode: 4, acceleratorMemoryGiB: 48, vcpus: 48, memoryGiB: 384, fabric: "efa", efaInterfaces: 1, price: awsEc2(10.49264, AWS_G_INF_ASOF), regions: AWS_G6E_REGIONS },
        // NOTE: G6e supports up to four network cards, one EFA each (EC2 UG, "Maximize network bandwidth on accelerated instances with EFA").
        { machineType: "g6e.48xlarge", use: "training", acceleratorsPerNode: 8, acceleratorMemoryGiB: 48, vcpus: 192, memoryGiB: 1536, fabric: "efa", efaInterfaces: 4, price: awsEc2(30.13118, AWS_G_INF_ASOF), regions: AWS_G6E_REGIONS },
        { machineType: "ml.g6e.xlarge", use: "inference", acceleratorsPerNode: 1, acceleratorMemoryGiB: 48, vcpus: 4, memoryGiB: 32, fabric: "none", efaInterfaces: 0, price: awsSageMaker(2.61), regions: SM_G6E_REGIONS },
        { machineType: "ml.g6e.12xlarge", use: "inference", acceleratorsPerNode: 4, acceleratorMemoryGiB: 48, vcpus: 48, memoryGiB: 384, fabric: "none", efaInterfaces: 0, price: awsSageMaker(13.12), regions: SM_G6E_REGIONS },
        { machineType: "ml.g6e.48xlarge", use: "inference", acceleratorsPerNode: 8, acceleratorMemoryGiB: 48, vcpus: 192, memoryGiB: 1536, fabric: "none", efaInterfaces: 0, price: awsSageMaker(37.66), regions: SM_G6E_REGIONS },
      ],
      // NOTE: no Google Cloud or Azure machine type carries the L40S.
    },
  },
  {
    id: "nvidia-l4",
    vendor: "nvidia",
    displayName: "NVIDIA L4 24GB",
    offers: {
      aws: [
        { machineType: "g6.xlarge", use: "training", acceleratorsPerNode: 1, acceleratorMemoryGiB: 24, vcpus: 4, memoryGiB: 16, fabric: "none", efaInterfaces: 0, price: awsEc2(0.8048, AWS_G_INF_ASOF), regions: AWS_G6_REGIONS },
        { machineType: "g6.12xlarge", use: "training", acceleratorsPerNode: 4, acceleratorMemoryGiB: 24, vcpus: 48, memoryGiB: 192, fabric: "efa", efaInterfaces: 1, price: awsEc2(4.6016, AWS_G_INF_ASOF), regions: AWS_G6_REGIONS },
        { machineType: "g6.48xlarge", use: "training", acceleratorsPerNode: 8, acceleratorMemoryGiB: 24, vcpus: 192, memoryGiB: 768, fabric: "efa", efaInterfaces: 1, price: awsEc2(13.3504, AWS_G_INF_ASOF), regions: AWS_G6_REGIONS },
        { machineType: "ml.g6.xlarge", use: "inference", acceleratorsPerNode: 1, acceleratorMemoryGiB: 24, vcpus: 4, memoryGiB: 16, fabric: "none", efaInterfaces: 0, price: awsSageMaker(1.1267), regions: SM_G5_G6_REGIONS },
        { machineType: "ml.g6.12xlarge", use: "inference", acceleratorsPerNode: 4, acceleratorMemoryGiB: 24, vcpus: 48, memoryGiB: 192, fabric: "none", efaInterfaces: 0, price: awsSageMaker(5.752), regions: SM_G5_G6_REGIONS },
        { machineType: "ml.g6.48xlarge", use: "inference", acceleratorsPerNode: 8, acceleratorMemoryGiB: 24, vcpus: 192, memoryGiB: 768, fabric: "none", efaInterfaces: 0, price: awsSageMaker(16.688), regions: SM_G5_G6_REGIONS },
      ],
      gcp: [
        { machineType: "g2-standard-4", use: "training", acceleratorsPerNode: 1, acceleratorMemoryGiB: 24, vcpus: 4, memoryGiB: 16, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_L4", price: gcpGpu(0.706824, GCP_G2_ASOF), regions: GCP_G2_REGIONS },
        { machineType: "g2-standard-8", use: "training", acceleratorsPerNode: 1, acceleratorMemoryGiB: 24, vcpus: 8, memoryGiB: 32, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_L4", price: gcpGpu(0.853608, GCP_G2_ASOF), regions: GCP_G2_REGIONS },
        { machineType: "g2-standard-24", use: "training", acceleratorsPerNode: 2, acceleratorMemoryGiB: 24, vcpus: 24, memoryGiB: 96, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_L4", price: gcpGpu(2.000784, GCP_G2_ASOF), regions: GCP_G2_REGIONS },
        { machineType: "g2-standard-48", use: "training", acceleratorsPerNode: 4, acceleratorMemoryGiB: 24, vcpus: 48, memoryGiB: 192, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_L4", price: gcpGpu(4.001568, GCP_G2_ASOF), regions: GCP_G2_REGIONS },
        { machineType: "g2-standard-96", use: "training", acceleratorsPerNode: 8, acceleratorMemoryGiB: 24, vcpus: 96, memoryGiB: 384, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_L4", price: gcpGpu(8.003136, GCP_G2_ASOF), regions: GCP_G2_REGIONS },
        { machineType: "g2-standard-4", use: "inference", acceleratorsPerNode: 1, acceleratorMemoryGiB: 24, vcpus: 4, memoryGiB: 16, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_L4", price: vertex(gcpGpu(0.706824, GCP_G2_ASOF)), regions: VERTEX_REGIONS },
        { machineType: "g2-standard-8", use: "inference", acceleratorsPerNode: 1, acceleratorMemoryGiB: 24, vcpus: 8, memoryGiB: 32, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_L4", price: vertex(gcpGpu(0.853608, GCP_G2_ASOF)), regions: VERTEX_REGIONS },
        { machineType: "g2-standard-24", use: "inference", acceleratorsPerNode: 2, acceleratorMemoryGiB: 24, vcpus: 24, memoryGiB: 96, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_L4", price: vertex(gcpGpu(2.000784, GCP_G2_ASOF)), regions: VERTEX_REGIONS },
        { machineType: "g2-standard-48", use: "inference", acceleratorsPerNode: 4, acceleratorMemoryGiB: 24, vcpus: 48, memoryGiB: 192, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "NVIDIA_L4", price: vertex(gcpGpu(4.001568, GCP_G2_ASOF)), regions: VERTEX_REGIONS },
      ],
      // NOTE: Azure has no L4 VM size.
    },
  },
  {
    id: "nvidia-a10g",
    vendor: "nvidia",
    displayName: "NVIDIA A10G 24GB",
    offers: {
      aws: [
        { machineType: "g5.xlarge", use: "training", acceleratorsPerNode: 1, acceleratorMemoryGiB: 24, vcpus: 4, memoryGiB: 16, fabric: "none", efaInterfaces: 0, price: awsEc2(1.006, AWS_G_INF_ASOF), regions: AWS_G5_REGIONS },
        { machineType: "g5.12xlarge", use: "training", acceleratorsPerNode: 4, acceleratorMemoryGiB: 24, vcpus: 48, memoryGiB: 192, fabric: "efa", efaInterfaces: 1, price: awsEc2(5.672, AWS_G_INF_ASOF), regions: AWS_G5_REGIONS },
        { machineType: "g5.48xlarge", use: "training", acceleratorsPerNode: 8, acceleratorMemoryGiB: 24, vcpus: 192, memoryGiB: 768, fabric: "efa", efaInterfaces: 1, price: awsEc2(16.288, AWS_G_INF_ASOF), regions: AWS_G5_REGIONS },
        { machineType: "ml.g5.xlarge", use: "inference", acceleratorsPerNode: 1, acceleratorMemoryGiB: 24, vcpus: 4, memoryGiB: 16, fabric: "none", efaInterfaces: 0, price: awsSageMaker(1.408), regions: SM_G5_G6_REGIONS },
        { machineType: "ml.g5.12xlarge", use: "inference", acceleratorsPerNode: 4, acceleratorMemoryGiB: 24, vcpus: 48, memoryGiB: 192, fabric: "none", efaInterfaces: 0, price: awsSageMaker(7.09), regions: SM_G5_G6_REGIONS },
        { machineType: "ml.g5.48xlarge", use: "inference", acceleratorsPerNode: 8, acceleratorMemoryGiB: 24, vcpus: 192, memoryGiB: 768, fabric: "none", efaInterfaces: 0, price: awsSageMaker(20.36), regions: SM_G5_G6_REGIONS },
      ],
      azure: [
        // NOTE: A10G is AWS naming; Azure NVadsA10 v5 carries the closely related NVIDIA A10
        // (24 GiB). Listed for training only (Azure ML online endpoints were not verified for it).
        { machineType: "Standard_NV36ads_A10_v5", use: "training", acceleratorsPerNode: 1, acceleratorMemoryGiB: 24, vcpus: 36, memoryGiB: 440, fabric: "none", efaInterfaces: 0, price: azureVm(3.2, AZURE_OLD_ASOF), regions: AZURE_NV_A10_V5_REGIONS },
        { machineType: "Standard_NV72ads_A10_v5", use: "training", acceleratorsPerNode: 2, acceleratorMemoryGiB: 24, vcpus: 72, memoryGiB: 880, fabric: "none", efaInterfaces: 0, price: azureVm(6.52, AZURE_OLD_ASOF), regions: AZURE_NV_A10_V5_REGIONS },
      ],
    },
  },
  {
    id: "aws-trainium",
    vendor: "aws-neuron",
    displayName: "AWS Trainium",
    exclusiveTo: "aws",
    offers: {
      aws: [
        { machineType: "trn1.2xlarge", use: "training", acceleratorsPerNode: 1, acceleratorMemoryGiB: 32, vcpus: 8, memoryGiB: 32, fabric: "none", efaInterfaces: 0, price: awsEc2(1.34375, AWS_TRN1_ASOF), regions: AWS_TRN1_REGIONS },
        { machineType: "trn1.32xlarge", use: "training", acceleratorsPerNode: 16, acceleratorMemoryGiB: 32, vcpus: 128, memoryGiB: 512, fabric: "efa", efaInterfaces: 8, price: awsEc2(21.5, AWS_TRN1_ASOF), regions: AWS_TRN1_REGIONS },
        { machineType: "ml.trn1.2xlarge", use: "inference", acceleratorsPerNode: 1, acceleratorMemoryGiB: 32, vcpus: 8, memoryGiB: 32, fabric: "none", efaInterfaces: 0, price: awsSageMaker(1.54), regions: SM_US_EAST_1 },
        { machineType: "ml.trn1.32xlarge", use: "inference", acceleratorsPerNode: 16, acceleratorMemoryGiB: 32, vcpus: 128, memoryGiB: 512, fabric: "none", efaInterfaces: 0, price: awsSageMaker(24.73), regions: SM_US_EAST_1 },
      ],
    },
  },
  {
    id: "aws-trainium2",
    vendor: "aws-neuron",
    displayName: "AWS Trainium2",
    exclusiveTo: "aws",
    // trn2.48xlarge (16 Trainium2 chips x 96 GiB, 192 vCPU, 2048 GiB, 16 EFA cards) is sold
    // through EC2 Capacity Blocks for ML only: the price is the Capacity Block rate seen in
    // us-east-2 on 2026-10-08, and a spec must target a capacity block. No SageMaker
    // hosting offer was found.
    offers: {
      aws: [
        {
          machineType: "trn2.48xlarge",
          use: "training",
          acceleratorsPerNode: 16,
          acceleratorMemoryGiB: 96,
          vcpus: 192,
          memoryGiB: 2048,
          fabric: "efa",
          efaInterfaces: 16,
          purchase: "capacity-block",
          price: { usdPerHour: 35.7608, region: "us-east-2", asOf: "2026-10-08", source: "https://aws.amazon.com/ec2/capacityblocks/pricing/" },
          regions: ["us-east-2"],
        },
      ],
    },
  },
  {
    id: "aws-inferentia2",
    vendor: "aws-neuron",
    displayName: "AWS Inferentia2",
    exclusiveTo: "aws",
    offers: {
      aws: [
        // NOTE: EC2 inf2 instances are listed with use "training" because that is the EC2-node
        // use of this catalog; Inferentia2 is an inference chip (self-managed serving on EC2).
        { machineType: "inf2.xlarge", use: "training", acceleratorsPerNode: 1, acceleratorMemoryGiB: 32, vcpus: 4, memoryGiB: 16, fabric: "none", efaInterfaces: 0, price: awsEc2(0.7582, AWS_G_INF_ASOF), regions: AWS_INF2_XL_REGIONS },
        { machineType: "inf2.8xlarge", use: "training", acceleratorsPerNode: 1, acceleratorMemoryGiB: 32, vcpus: 32, memoryGiB: 128, fabric: "none", efaInterfaces: 0, price: awsEc2(1.96786, AWS_G_INF_ASOF), regions: AWS_INF2_REGIONS },
        { machineType: "inf2.24xlarge", use: "training", acceleratorsPerNode: 6, acceleratorMemoryGiB: 32, vcpus: 96, memoryGiB: 384, fabric: "none", efaInterfaces: 0, price: awsEc2(6.49063, AWS_G_INF_ASOF), regions: AWS_INF2_REGIONS },
        { machineType: "inf2.48xlarge", use: "training", acceleratorsPerNode: 12, acceleratorMemoryGiB: 32, vcpus: 192, memoryGiB: 768, fabric: "none", efaInterfaces: 0, price: awsEc2(12.98127, AWS_G_INF_ASOF), regions: AWS_INF2_REGIONS },
        { machineType: "ml.inf2.xlarge", use: "inference", acceleratorsPerNode: 1, acceleratorMemoryGiB: 32, vcpus: 4, memoryGiB: 16, fabric: "none", efaInterfaces: 0, price: awsSageMaker(0.99), regions: SM_US_EAST_1 },
        { machineType: "ml.inf2.8xlarge", use: "inference", acceleratorsPerNode: 1, acceleratorMemoryGiB: 32, vcpus: 32, memoryGiB: 128, fabric: "none", efaInterfaces: 0, price: awsSageMaker(2.36), regions: SM_US_EAST_1 },
        { machineType: "ml.inf2.24xlarge", use: "inference", acceleratorsPerNode: 6, acceleratorMemoryGiB: 32, vcpus: 96, memoryGiB: 384, fabric: "none", efaInterfaces: 0, price: awsSageMaker(7.79), regions: SM_US_EAST_1 },
        { machineType: "ml.inf2.48xlarge", use: "inference", acceleratorsPerNode: 12, acceleratorMemoryGiB: 32, vcpus: 192, memoryGiB: 768, fabric: "none", efaInterfaces: 0, price: awsSageMaker(15.58), regions: SM_US_EAST_1 },
      ],
    },
  },
  {
    id: "google-tpu-v5e",
    vendor: "google-tpu",
    displayName: "Google Cloud TPU v5e",
    exclusiveTo: "gcp",
    offers: {
      gcp: [
        // GKE TPU node-pool machine types (single-host slices v5litepod-1 / -4 / -8).
        { machineType: "ct5lp-hightpu-1t", use: "training", acceleratorsPerNode: 1, acceleratorMemoryGiB: 16, vcpus: 24, memoryGiB: 48, fabric: "ici", efaInterfaces: 0, cloudAcceleratorType: "TPU_V5_LITEPOD", price: gcpTpu(1.2), regions: GCP_TPU_V5E_REGIONS },
        { machineType: "ct5lp-hightpu-4t", use: "training", acceleratorsPerNode: 4, acceleratorMemoryGiB: 16, vcpus: 112, memoryGiB: 192, fabric: "ici", efaInterfaces: 0, cloudAcceleratorType: "TPU_V5_LITEPOD", price: gcpTpu(4.8), regions: GCP_TPU_V5E_REGIONS },
        { machineType: "ct5lp-hightpu-8t", use: "training", acceleratorsPerNode: 8, acceleratorMemoryGiB: 16, vcpus: 224, memoryGiB: 384, fabric: "ici", efaInterfaces: 0, cloudAcceleratorType: "TPU_V5_LITEPOD", price: gcpTpu(9.6), regions: GCP_TPU_V5E_REGIONS },
        { machineType: "ct5lp-hightpu-1t", use: "inference", acceleratorsPerNode: 1, acceleratorMemoryGiB: 16, vcpus: 24, memoryGiB: 48, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "TPU_V5_LITEPOD", price: vertex(gcpTpu(1.2)), regions: VERTEX_REGIONS },
        { machineType: "ct5lp-hightpu-4t", use: "inference", acceleratorsPerNode: 4, acceleratorMemoryGiB: 16, vcpus: 112, memoryGiB: 192, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "TPU_V5_LITEPOD", price: vertex(gcpTpu(4.8)), regions: VERTEX_REGIONS },
        { machineType: "ct5lp-hightpu-8t", use: "inference", acceleratorsPerNode: 8, acceleratorMemoryGiB: 16, vcpus: 224, memoryGiB: 384, fabric: "none", efaInterfaces: 0, cloudAcceleratorType: "TPU_V5_LITEPOD", price: vertex(gcpTpu(9.6)), regions: VERTEX_REGIONS },
      ],
    },
  },
  {
    id: "google-tpu-v5p",
    vendor: "google-tpu",
    displayName: "Google Cloud TPU v5p",
    exclusiveTo: "gcp",
    offers: {
      gcp: [
        // NOTE: host vCPU/memory of ct5p-hightpu-4t not verified against the docs. The Vertex
        // AI AcceleratorType enum has no v5p value, so cloudAcceleratorType is unset (the GKE
        // node label is `cloud.google.com/gke-tpu-accelerator: tpu-v5p-slice`). No Vertex AI
        // prediction offer exists for v5p, so there is no inference offer.
        { machineType: "ct5p-hightpu-4t", use: "training", acceleratorsPerNode: 4, acceleratorMemoryGiB: 95, vcpus: 208, memoryGiB: 448, fabric: "ici", efaInterfaces: 0, price: gcpTpu(16.8), regions: GCP_TPU_V5P_REGIONS },
      ],
    },
  },
  {
    id: "google-tpu-v6e",
    vendor: "google-tpu",
    displayName: "Google Cloud TPU v6e (Trillium)",
    exclusiveTo: "gcp",
    offers: {
      gcp: [
        // NOTE: host vCPU/memory of the ct6e-standard types not verified against the docs. The
        // Vertex AI AcceleratorType enum has no v6e value, so cloudAcceleratorType is unset (GKE
        // node label `tpu-v6e-slice`), and no Vertex AI prediction offer is listed.
        { machineType: "ct6e-standard-1t", use: "training", acceleratorsPerNode: 1, acceleratorMemoryGiB: 32, vcpus: 44, memoryGiB: 176, fabric: "ici", efaInterfaces: 0, price: gcpTpu(2.7), regions: GCP_TPU_V6E_REGIONS },
        { machineType: "ct6e-standard-4t", use: "training", acceleratorsPerNode: 4, acceleratorMemoryGiB: 32, vcpus: 180, memoryGiB: 720, fabric: "ici", efaInterfaces: 0, price: gcpTpu(10.8), regions: GCP_TPU_V6E_REGIONS },
        { machineType: "ct6e-standard-8t", use: "training", acceleratorsPerNode: 8, acceleratorMemoryGiB: 32, vcpus: 180, memoryGiB: 1440, fabric: "ici", efaInterfaces: 0, price: gcpTpu(21.6), regions: GCP_TPU_V6E_REGIONS },
      ],
    },
  },
];
