import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing, type Construct } from "../../lib/cdk";
import { GcpEncryptionKey, type GcpEncryptionKeyProps } from "../../lib/constructs/gcp/encryption-key";
import { GcpNetwork } from "../../lib/constructs/gcp/network";
import { GcpTrainingCluster, type GcpTrainingClusterProps } from "../../lib/constructs/gcp/training-cluster";
import type { EnvironmentSpec } from "../../lib/environment/schema";
import { DEV, type Synthesized } from "../helpers";

/** The project every GCP construct test uses. */
export const PROJECT = "acme-llm-dev";
export const REGION = "us-central1";

/** Builds constructs in a fresh stack with a Google provider and returns the parsed Terraform JSON. */
export function synthGcp(build: (scope: Construct) => void): Synthesized {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new GoogleProvider(stack, "google", { project: PROJECT, region: REGION });
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

/** Every resource of a type keyed by its address. */
export function byAddress(doc: Synthesized, type: string): Record<string, Record<string, unknown>> {
  return doc.resource[type] ?? {};
}

/** A network, a key and a training cluster on them, in `s`. */
export type Env = { name: string; tier: "dev" | "staging" | "prod" };
export function cluster(s: Construct, props: Partial<GcpTrainingClusterProps> = {}, environment: Env = DEV): GcpTrainingCluster {
  const network = new GcpNetwork(s, "network", { environment, project: PROJECT, region: REGION });
  const encryptionKey = new GcpEncryptionKey(s, "key", { environment, project: PROJECT, region: REGION, users: ["gke", "compute", "storage"] });
  return new GcpTrainingCluster(s, "training", { environment, project: PROJECT, region: REGION, network, encryptionKey, ...props });
}

/** A network in `s` (the private services access peering managed services wait for). */
export function network(s: Construct, environment: Env = DEV): GcpNetwork {
  return new GcpNetwork(s, "network", { environment, project: PROJECT, region: REGION });
}

/** A key in `s` granting the given services' agents. */
export function key(s: Construct, users: GcpEncryptionKeyProps["users"], environment: Env = DEV, region = REGION, id = "key"): GcpEncryptionKey {
  return new GcpEncryptionKey(s, id, { environment, project: PROJECT, region, users });
}

/** A valid Google Cloud spec with a training cluster and nothing else; tests override what they exercise. */
export function gcpSpec(overrides: Record<string, unknown> = {}): EnvironmentSpec & Record<string, unknown> {
  return <EnvironmentSpec & Record<string, unknown>>{
    name: "acme",
    tier: "dev",
    cloud: "gcp",
    region: "us-central1",
    owner: "ml@acme.example",
    costCenter: "cc-1",
    training: { accelerator: "nvidia-l4" },
    sharedStorage: false,
    vectorStore: false,
    budget: { monthlyUsd: 100000, notify: ["finops@acme.example"] },
    monitoring: { notify: ["oncall@acme.example"] },
    gcp: { project: "acme-llm-dev", billingAccount: "000000-000000-000000" },
    ...overrides,
  };
}
