import { describe, expect, it } from "vitest";
import { AzureGpuNodePool } from "../../lib/constructs/azure/gpu-node-pool";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { cluster, synthAzure, type Env, roleDependencies } from "./helpers";

type Props = Partial<ConstructorParameters<typeof AzureGpuNodePool>[2]>;
const build = (props: Props = {}, env: Env = DEV) =>
  synthAzure((s) => new AzureGpuNodePool(s, "gpu", { cluster: cluster(s, env), name: "gpu", accelerator: "nvidia-a100", acceleratorsPerNode: 1, ...props }));
const pool = (doc: ReturnType<typeof build>) => only(doc, "azurerm_kubernetes_cluster_node_pool");

describe("AzureGpuNodePool", () => {
  it("scales a catalog GPU size from zero with the driver installed by AKS and the nvidia.com/gpu taint", () => {
    // given / when
    const p = pool(build());
    // then
    expect(p).toMatchObject({
      name: "gpu",
      vm_size: "Standard_NC24ads_A100_v4",
      mode: "User",
      os_sku: "Ubuntu",
      auto_scaling_enabled: true,
      min_count: 0,
      max_count: 1,
      node_count: 0,
      gpu_driver: "Install",
      host_encryption_enabled: true,
      node_public_ip_enabled: false,
      kubernetes_cluster_id: expect.stringMatching(/azurerm_kubernetes_cluster\.training_cluster_\w+\.id/),
      vnet_subnet_id: expect.stringMatching(/azurerm_subnet\.network_nodes_\w+\.id/),
      lifecycle: { ignore_changes: ["node_count"] },
    });
    expect(p.node_taints).toContain("nvidia.com/gpu=present:NoSchedule");
    expect(p.node_labels).toMatchObject({ "llmops/accelerator": "nvidia-a100", "llmops/pool": "gpu" });
  });

  it("runs on Spot in dev with Delete eviction, the on-demand price cap and the Spot label and taint", () => {
    const p = pool(build());
    expect(p).toMatchObject({ priority: "Spot", eviction_policy: "Delete", spot_max_price: -1 });
    expect(p.node_taints).toContain("kubernetes.azure.com/scalesetpriority=spot:NoSchedule");
    expect(p.node_labels).toMatchObject({ "kubernetes.azure.com/scalesetpriority": "spot" });
    expect(p.upgrade_settings).toBeUndefined();
    expect(p.zones).toBeUndefined();
  });

  it("runs on regular VMs in prod", () => {
    const p = pool(build({}, PROD));
    expect(p).toMatchObject({ priority: "Regular", upgrade_settings: { max_surge: "10%" } });
    expect(p.eviction_policy).toBeUndefined();
    expect(p.node_taints).toEqual(["nvidia.com/gpu=present:NoSchedule"]);
    expect(AzureGpuNodePool.defaults("prod").capacity).toBe("on-demand");
    expect(AzureGpuNodePool.defaults("dev").capacity).toBe("spot");
  });

  it("keeps InfiniBand sizes in one zone so the nodes share a fabric", () => {
    const doc = build({ accelerator: "nvidia-h100", acceleratorsPerNode: 8, capacity: "on-demand", nodes: { min: 0, max: 4 } });
    expect(pool(doc)).toMatchObject({ vm_size: "Standard_ND96isr_H100_v5", zones: ["1"], max_count: 4 });
  });

  it("reserves capacity for sizes that support it, in the pool's zone, with the cluster identity as Contributor on the group", () => {
    const doc = build({ capacity: { reservedNodes: 2 }, nodes: { min: 0, max: 2 } }, PROD);
    const group = only(doc, "azurerm_capacity_reservation_group");
    expect(group).toMatchObject({ name: "acme-prod-aks-gpu-crg", zones: ["1"] });
    expect(only(doc, "azurerm_capacity_reservation")).toMatchObject({ zone: "1", sku: { name: "Standard_NC24ads_A100_v4", capacity: 2 } });
    const p = pool(doc);
    expect(p).toMatchObject({ priority: "Regular", zones: ["1"], capacity_reservation_group_id: expect.stringMatching(/azurerm_capacity_reservation_group\.gpu_reservation-group_\w+\.id/) });
    const contributor = resources(doc, "azurerm_role_assignment").find((r) => r.role_definition_name === "Contributor");
    expect(contributor).toMatchObject({ scope: expect.stringMatching(/azurerm_capacity_reservation_group/), principal_id: expect.stringMatching(/training_identity/) });
    expect(p.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_capacity_reservation\./)]));
    expect(roleDependencies(doc, p)).toEqual({ direct: [], awaited: [expect.stringMatching(/^azurerm_role_assignment\.gpu_cluster-contributor/)] });
  });

  it("says clearly that ND-series and NCads H100 v5 take no reservation (Spot cannot ask for one: capacity is one or the other)", () => {
    expect(problemsOf(() => build({ accelerator: "nvidia-h100", acceleratorsPerNode: 1, capacity: { reservedNodes: 1 } }, PROD))).toEqual([
      expect.stringMatching(/^capacity: on-demand capacity reservations do not cover NCads H100 v5 sizes \(got Standard_NC40ads_H100_v5\); use capacity "on-demand".*NC A100 v4/),
    ]);
    expect(problemsOf(() => build({ accelerator: "nvidia-h100", acceleratorsPerNode: 8, capacity: { reservedNodes: 1 } }, PROD))).toEqual([expect.stringMatching(/^capacity: .*do not cover ND-series sizes \(got Standard_ND96isr_H100_v5\)/)]);
    expect(AzureGpuNodePool.reservationProblem("Standard_NV36ads_A10_v5")).toBeUndefined();
  });

  it("rejects bounds, MIG profiles and names AKS does not accept", () => {
    expect(problemsOf(() => build({ name: "gpu-pool-a100x", nodes: { min: 2, max: 1 }, capacity: "preemptible" as never }))).toEqual([
      expect.stringMatching(/^name: AKS Linux node pool names are 1-12 characters/),
      expect.stringMatching(/^name: AKS Linux node pool names allow lowercase letters and digits/),
      expect.stringMatching(/^nodes\.min: must not exceed the maximum/),
      expect.stringMatching(/^capacity: Capacity accepts spot, on-demand \(got "preemptible"\)/),
    ]);
    expect(problemsOf(() => build({ nodes: { min: 0, max: 0 } }))).toEqual([expect.stringMatching(/^nodes\.max: .*at least 1 \(got 0\)/)]);
    expect(problemsOf(() => build({ accelerator: "nvidia-a10g" as never, acceleratorsPerNode: 1, gpuInstance: "MIG1g" }))).toEqual([expect.stringMatching(/^gpuInstance: MIG runs on A100, H100 and H200 sizes only \(got "MIG1g" on Standard_NV36ads_A10_v5\)/)]);
    expect(problemsOf(() => build({ accelerator: "google-tpu-v5e" }))).toEqual([expect.stringMatching(/^accelerator: .*not offered for training on azure/)]);
  });
});
