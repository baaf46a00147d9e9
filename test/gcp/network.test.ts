import { describe, expect, it } from "vitest";
import { GcpNetwork } from "../../lib/constructs/gcp/network";
import { carve, overlaps, parseCidr } from "../../lib/constructs/gcp/private/cidr";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { PROJECT, REGION, synthGcp } from "./helpers";

const build = (props: Partial<ConstructorParameters<typeof GcpNetwork>[2]> = {}) =>
  synthGcp((s) => new GcpNetwork(s, "network", { environment: DEV, project: PROJECT, region: REGION, ...props }));

describe("GcpNetwork", () => {
  it("makes a custom-mode VPC and one subnet with Private Google Access, pods and services ranges and flow logs", () => {
    // given / when
    const doc = build();
    // then
    const vpc = only(doc, "google_compute_network");
    expect(vpc).toMatchObject({ name: "acme-dev-vpc", auto_create_subnetworks: false, project: PROJECT });
    const subnet = only(doc, "google_compute_subnetwork");
    expect(subnet).toMatchObject({
      name: "acme-dev-nodes",
      region: REGION,
      private_ip_google_access: true,
      ip_cidr_range: "10.10.128.0/20",
      secondary_ip_range: [
        { range_name: "pods", ip_cidr_range: "10.10.0.0/17" },
        { range_name: "services", ip_cidr_range: "10.10.144.0/20" },
      ],
      log_config: { flow_sampling: 0.1, metadata: "INCLUDE_ALL_METADATA", aggregation_interval: "INTERVAL_5_SEC" },
    });
  });

  it("gives egress through Cloud NAT on a Cloud Router, logging errors, for the subnet only", () => {
    const doc = build();
    expect(only(doc, "google_compute_router").network).toMatch(/google_compute_network\.network_\w+\.id/);
    const nat = only(doc, "google_compute_router_nat");
    expect(nat).toMatchObject({ nat_ip_allocate_option: "AUTO_ONLY", source_subnetwork_ip_ranges_to_nat: "LIST_OF_SUBNETWORKS", log_config: { enable: true, filter: "ERRORS_ONLY" } });
    expect((nat.subnetwork as { source_ip_ranges_to_nat: string[] }[])[0].source_ip_ranges_to_nat).toEqual(["ALL_IP_RANGES"]);
  });

  it("reserves a /20 private services access range carved from the same space and peers it with service networking", () => {
    const doc = build();
    expect(only(doc, "google_compute_global_address")).toMatchObject({ purpose: "VPC_PEERING", address_type: "INTERNAL", address: "10.10.160.0", prefix_length: 20 });
    const peering = only(doc, "google_service_networking_connection");
    expect(peering).toMatchObject({ service: "servicenetworking.googleapis.com", deletion_policy: "ABANDON" });
    expect(peering.reserved_peering_ranges).toEqual([expect.stringMatching(/google_compute_global_address\.[\w-]+\.name/)]);
  });

  it("denies every ingress at the lowest priority and allows only the network's own ranges", () => {
    const doc = build();
    const rules = resources(doc, "google_compute_firewall");
    const deny = rules.find((r) => r.name === "acme-dev-deny-all-ingress");
    expect(deny).toMatchObject({ direction: "INGRESS", priority: 65534, source_ranges: ["0.0.0.0/0"], deny: [{ protocol: "all" }] });
    const allow = rules.find((r) => r.name === "acme-dev-allow-internal");
    expect(allow?.source_ranges).toEqual(["10.10.128.0/20", "10.10.0.0/17", "10.10.160.0/20"]);
    // no rule allows anything from outside the private space
    for (const r of rules.filter((r) => r.allow)) expect(r.source_ranges).not.toContain("0.0.0.0/0");
    // denied packets are logged outside dev only (a log entry each)
    expect(deny?.log_config).toBeUndefined();
    const prod = resources(synthGcp((s) => new GcpNetwork(s, "network", { environment: PROD, project: PROJECT, region: REGION })), "google_compute_firewall").find((r) => r.name === "acme-prod-deny-all-ingress");
    expect(prod?.log_config).toEqual({ metadata: "INCLUDE_ALL_METADATA" });
  });

  it("samples more flows outside dev", () => {
    expect(GcpNetwork.defaults("dev").flowLogSampling).toBe(0.1);
    expect(GcpNetwork.defaults("prod").flowLogSampling).toBe(0.5);
    const doc = synthGcp((s) => new GcpNetwork(s, "network", { environment: PROD, project: PROJECT, region: REGION }));
    expect((only(doc, "google_compute_subnetwork").log_config as { flow_sampling: number }).flow_sampling).toBe(0.5);
  });

  it("carves the same ranges from another space, none overlapping, largest first", () => {
    const net = { ranges: {} as Record<string, string> };
    synthGcp((s) => Object.assign(net, new GcpNetwork(s, "network", { environment: DEV, project: PROJECT, region: REGION, cidr: "172.16.0.0/14", podsPrefixLength: 15, nodesPrefixLength: 22 })));
    expect(net.ranges).toEqual({ pods: "172.16.0.0/15", services: "172.18.0.0/20", privateServices: "172.18.16.0/20", nodes: "172.18.32.0/22" });
    const blocks = Object.values(net.ranges).map((r) => parseCidr(r)!);
    for (let i = 0; i < blocks.length; i++) for (let j = i + 1; j < blocks.length; j++) expect(overlaps(blocks[i], blocks[j])).toBe(false);
    expect(carve(parseCidr("10.0.0.0/24")!, { a: 23 })).toBeUndefined();
  });

  it("rejects public, misaligned or malformed space and range sizes GKE does not accept, naming each prop", () => {
    expect(problemsOf(() => build({ cidr: "8.8.0.0/16" }))).toEqual([expect.stringMatching(/^cidr: must lie in private \(RFC 1918\) space.*got "8\.8\.0\.0\/16"/)]);
    expect(problemsOf(() => build({ cidr: "10.10.1.0/16" }))).toEqual([expect.stringMatching(/^cidr: must be a network address.*did you mean "10\.10\.0\.0\/16"/)]);
    expect(problemsOf(() => build({ cidr: "10.10.0/16" }))).toEqual([expect.stringMatching(/^cidr: takes an IPv4 CIDR block/)]);
    expect(problemsOf(() => build({ podsPrefixLength: 26, servicesPrefixLength: 12, nodesPrefixLength: 30, privateServicesPrefixLength: 28, flowLogSampling: 0 }))).toEqual([
      expect.stringMatching(/^nodesPrefixLength: .*from 8 to 29 \(got 30\)/),
      expect.stringMatching(/^podsPrefixLength: .*from 11 to 24 \(got 26\)/),
      expect.stringMatching(/^servicesPrefixLength: .*from 16 to 27 \(got 12\)/),
      expect.stringMatching(/^privateServicesPrefixLength: .*from 16 to 24 \(got 28\)/),
      expect.stringMatching(/^flowLogSampling: .*above 0, at most 1 \(got 0\)/),
    ]);
  });

  it("rejects space too small for its ranges, saying how many addresses they need", () => {
    expect(problemsOf(() => build({ cidr: "10.10.0.0/18" }))).toEqual([expect.stringMatching(/^cidr: is too small .* need 45056 addresses, \/18 holds 16384/)]);
  });

  it("rejects an environment name that makes illegal resource names", () => {
    expect(problemsOf(() => synthGcp((s) => new GcpNetwork(s, "n", { environment: { name: "Acme", tier: "dev" }, project: PROJECT, region: REGION })))[0]).toMatch(/^environment\.name: Compute Engine .* names allow lowercase/);
  });
});
