import { describe, expect, it } from "vitest";
import { Testing, type Construct } from "../../lib/cdk";
import { GcpAcceleratorNodePool, type GcpAcceleratorNodePoolProps } from "../../lib/constructs/gcp/accelerator-node-pool";
import { GcpGpuNetworks, type GcpGpuNetworksProps } from "../../lib/constructs/gcp/gpu-networks";
import { resolveEnvironmentSpec } from "../../lib/environment/resolve";
import type { EnvironmentSpec } from "../../lib/environment/schema";
import { GcpLlmOpsStack } from "../../lib/stacks/gcp-llmops-stack";
import { DEV, problemsOf, resources, synthStack } from "../helpers";
import { PROJECT, REGION, cluster, synthGcp } from "./helpers";

const nets = (s: Construct, props: Partial<GcpGpuNetworksProps> = {}) =>
  new GcpGpuNetworks(s, "gpu-networks", { environment: DEV, project: PROJECT, region: REGION, zone: `${REGION}-b`, machineType: "a3-highgpu-8g", avoid: ["10.10.0.0/16"], ...props });
const pool = (s: Construct, props: Partial<GcpAcceleratorNodePoolProps> = {}, multiNetworking = true) =>
  new GcpAcceleratorNodePool(s, "gpu", { cluster: cluster(s, { multiNetworking }), name: "train", accelerator: "nvidia-h100", nodes: { min: 0, max: 4 }, capacity: { reservation: "h100-res" }, ...props });
const trainPool = (doc: ReturnType<typeof synthGcp>) => resources(doc, "google_container_node_pool").find((p) => p.name === "train") as Record<string, any>;

describe("GcpGpuNetworks", () => {
  it("gives a3-highgpu-8g four GPUDirect-TCPX VPCs at MTU 8244, one subnet each from 192.168.0.0/16, reachable from inside that space only", () => {
    // given / when
    const doc = synthGcp((s) => nets(s));
    // then
    const vpcs = resources(doc, "google_compute_network");
    expect(vpcs.map((n) => n.name)).toEqual(["acme-dev-gpu-1", "acme-dev-gpu-2", "acme-dev-gpu-3", "acme-dev-gpu-4"]);
    for (const n of vpcs) expect(n).toMatchObject({ mtu: 8244, auto_create_subnetworks: false });
    const subnets = resources(doc, "google_compute_subnetwork");
    expect(subnets.map((s) => s.ip_cidr_range)).toEqual(["192.168.0.0/20", "192.168.16.0/20", "192.168.32.0/20", "192.168.48.0/20"]);
    for (const s of subnets) expect(s).toMatchObject({ region: REGION, private_ip_google_access: true, log_config: { metadata: "INCLUDE_ALL_METADATA" } });
    const rules = resources(doc, "google_compute_firewall");
    expect(rules).toHaveLength(4);
    for (const r of rules) expect(r).toMatchObject({ direction: "INGRESS", source_ranges: ["192.168.0.0/16"] });
  });

  it("gives a3-megagpu-8g eight TCPXO VPCs, and names the GKE Network objects vpc1..vpcN as the GKE guides do", () => {
    let n: GcpGpuNetworks | undefined;
    const doc = synthGcp((s) => (n = nets(s, { machineType: "a3-megagpu-8g" })));
    expect(resources(doc, "google_compute_network")).toHaveLength(8);
    expect(n?.profile.kind).toBe("gpudirect-tcpxo");
    expect(n?.kubernetesObjects.map((o) => o.name)).toEqual(["vpc1", "vpc2", "vpc3", "vpc4", "vpc5", "vpc6", "vpc7", "vpc8"]);
    expect(n?.kubernetesManifest()).toMatch(/kind: GKENetworkParamSet\nmetadata: \{ name: vpc1 \}\nspec: \{ vpc: acme-dev-gpu-1, vpcSubnet: acme-dev-gpu-1, deviceMode: NetDevice \}/);
  });

  it("gives a3-ultragpu-8g a RoCE VPC with the zone's network profile and 8 subnets (no firewall), plus a gVNIC VPC, at MTU 8896", () => {
    let n: GcpGpuNetworks | undefined;
    const doc = synthGcp((s) => (n = nets(s, { machineType: "a3-ultragpu-8g", zone: "us-central1-a" })));
    const vpcs = resources(doc, "google_compute_network");
    expect(vpcs.map((v) => v.name)).toEqual(["acme-dev-gvnic", "acme-dev-rdma"]);
    expect(vpcs[1]).toMatchObject({ network_profile: "projects/acme-llm-dev/global/networkProfiles/us-central1-a-vpc-roce", mtu: 8896 });
    expect(vpcs[0].network_profile).toBeUndefined();
    expect(resources(doc, "google_compute_subnetwork")).toHaveLength(9);
    expect(resources(doc, "google_compute_firewall").map((f) => f.name)).toEqual(["acme-dev-gvnic-internal"]);
    expect(n?.kubernetesObjects.map((o) => `${o.name}:${o.deviceMode}`)).toEqual(["gvnic-1:NetDevice", ...Array.from({ length: 8 }, (_, i) => `rdma-${i}:RDMA`)]);
    expect(n?.nodeNetworks).toHaveLength(9);
  });

  it("rejects a machine without GPU NICs, a space overlapping the primary network, one too small or public, and a zone outside the region", () => {
    expect(problemsOf(() => synthGcp((s) => nets(s, { machineType: "a2-highgpu-8g" })))[0]).toMatch(/^machineType: takes a multi-NIC GPU machine type: a3-highgpu-8g/);
    expect(problemsOf(() => synthGcp((s) => nets(s, { machineType: "a3-highgpu-4g" })))[0]).toMatch(/^machineType:/);
    expect(problemsOf(() => synthGcp((s) => nets(s, { cidr: "10.10.128.0/20" })))).toEqual(expect.arrayContaining([expect.stringMatching(/^cidr: overlaps 10\.10\.0\.0\/16, a range of the primary network/), expect.stringMatching(/^cidr: holds 1 \/20 subnets, and a3-highgpu-8g needs 4/)]));
    expect(problemsOf(() => synthGcp((s) => nets(s, { machineType: "a3-ultragpu-8g", cidr: "192.168.0.0/18", subnetPrefixLength: 21 })))[0]).toMatch(/^cidr: holds 8 \/21 subnets, and a3-ultragpu-8g needs 9/);
    expect(problemsOf(() => synthGcp((s) => nets(s, { machineType: "a3-ultragpu-8g", cidr: "192.168.0.0/18" })))[0]).toMatch(/^cidr: holds 4 \/20 subnets, and a3-ultragpu-8g needs 9/);
    expect(problemsOf(() => synthGcp((s) => nets(s, { cidr: "8.8.0.0/16" })))[0]).toMatch(/^cidr: must lie in private/);
    expect(problemsOf(() => synthGcp((s) => nets(s, { zone: "europe-west4-a" })))[0]).toMatch(/^zone: must be a zone of "us-central1"/);
  });
});

describe("GcpAcceleratorNodePool with GPU NICs", () => {
  it("attaches one NIC per extra subnet with gVNIC and COMPACT placement to a multi-node A3 pool", () => {
    const doc = synthGcp((s) => pool(s, { gpuNetworks: nets(s) }));
    const p = trainPool(doc);
    expect(p.network_config.additional_node_network_configs).toHaveLength(4);
    expect(p.network_config.additional_node_network_configs[0]).toEqual({ network: expect.stringMatching(/^\$\{google_compute_network\.gpu-networks_gpu-1_.*\.name\}$/), subnetwork: expect.stringMatching(/^\$\{google_compute_subnetwork\.gpu-networks_gpu-1-subnet_.*\.name\}$/) });
    expect(p.node_config.gvnic).toEqual({ enabled: true });
    expect(p.placement_policy).toEqual({ type: "COMPACT" });
    expect(resources(doc, "google_container_cluster")[0]).toMatchObject({ enable_multi_networking: true, datapath_provider: "ADVANCED_DATAPATH" });
  });

  it("refuses a multi-node A3 pool without its NICs, NICs for another machine, and NICs on a cluster without multi-networking", () => {
    expect(problemsOf(() => synthGcp((s) => pool(s)))[0]).toMatch(/^gpuNetworks: a a3-highgpu-8g pool of up to 4 nodes needs its gpudirect-tcpx NICs/);
    expect(problemsOf(() => synthGcp((s) => pool(s, { gpuNetworks: nets(s, { machineType: "a3-megagpu-8g" }) })))[0]).toMatch(/^gpuNetworks: were made for a3-megagpu-8g, and the pool runs a3-highgpu-8g/);
    expect(problemsOf(() => synthGcp((s) => pool(s, { gpuNetworks: nets(s) }, false)))[0]).toMatch(/^gpuNetworks: need GKE multi-networking/);
    expect(problemsOf(() => synthGcp((s) => pool(s, { accelerator: "nvidia-l4", gpuNetworks: nets(s) })))[0]).toMatch(/^gpuNetworks: apply to multi-NIC GPU machines/);
  });

  it("lets a single-node A3 pool run without extra NICs", () => {
    const p = trainPool(synthGcp((s) => pool(s, { nodes: { min: 0, max: 1 } }, false)));
    expect(p.network_config).toBeUndefined();
    expect(p.node_config.gvnic).toBeUndefined();
  });
});

function spec(overrides: Record<string, unknown> = {}): EnvironmentSpec {
  return <EnvironmentSpec>{
    name: "acme",
    tier: "staging",
    cloud: "gcp",
    region: "us-central1",
    owner: "ml@acme.example",
    costCenter: "cc-1",
    training: { accelerator: "nvidia-h100", nodes: { min: 0, max: 2 }, capacity: { reservation: "h100-res", zone: "us-central1-a" } },
    sharedStorage: false,
    vectorStore: false,
    budget: { monthlyUsd: 100000, notify: ["finops@acme.example"] },
    monitoring: { notify: ["oncall@acme.example"] },
    gcp: { project: "acme-llm-stg", billingAccount: "000000-000000-000000" },
    ...overrides,
  };
}

describe("GcpLlmOpsStack GPU NICs", () => {
  it("makes the TCPX VPCs, multi-networking and the pool's NICs for a multi-node H100 pool, and outputs the GKE Network objects to apply", () => {
    const stack = new GcpLlmOpsStack(Testing.app(), { spec: spec() });
    const doc = synthStack(stack);
    expect(resources(doc, "google_compute_network").map((n) => n.name).sort()).toEqual(["acme-staging-gpu-1", "acme-staging-gpu-2", "acme-staging-gpu-3", "acme-staging-gpu-4", "acme-staging-vpc"]);
    expect(resources(doc, "google_container_cluster")[0].enable_multi_networking).toBe(true);
    expect(trainPool(doc).network_config.additional_node_network_configs).toHaveLength(4);
    expect(trainPool(doc).node_locations).toEqual(["us-central1-a"]);
    expect((doc.output as Record<string, { value: string }>).gpu_network_objects.value).toMatch(/kind: Network\nmetadata: \{ name: vpc4 \}/);
  });

  it("leaves a single-node H100 pool and an L4 pool on the primary network only", () => {
    for (const training of [{ accelerator: "nvidia-h100", nodes: { min: 0, max: 1 } }, { accelerator: "nvidia-l4", nodes: { min: 0, max: 4 } }]) {
      const doc = synthStack(new GcpLlmOpsStack(Testing.app(), { spec: spec({ training }) }));
      expect(resources(doc, "google_compute_network")).toHaveLength(1);
      expect(resources(doc, "google_container_cluster")[0].enable_multi_networking).toBe(false);
    }
  });

  it("checks gcp.gpuNetworksCidr at the spec: apart from network.cidr, and only where a multi-node A3 or A4 pool needs it", () => {
    expect(problemsOf(() => resolveEnvironmentSpec(spec({ network: { cidr: "192.168.0.0/16" } })))).toEqual(expect.arrayContaining([expect.stringMatching(/^gcp\.gpuNetworksCidr: overlaps 192\.168\.0\.0\/16, a range of the primary network/)]));
    const moved = resolveEnvironmentSpec(spec({ network: { cidr: "192.168.0.0/16" }, gcp: { project: "acme-llm-stg", billingAccount: "000000-000000-000000", gpuNetworksCidr: "172.16.0.0/16" } }));
    expect(moved.gcp?.gpuNetworksCidr).toBe("172.16.0.0/16");
    expect(problemsOf(() => resolveEnvironmentSpec(spec({ training: { accelerator: "nvidia-l4" }, gcp: { project: "acme-llm-stg", billingAccount: "000000-000000-000000", gpuNetworksCidr: "172.16.0.0/16" } })))[0]).toMatch(
      /^gcp\.gpuNetworksCidr: applies to multi-node A3 and A4 training pools/,
    );
  });
});
