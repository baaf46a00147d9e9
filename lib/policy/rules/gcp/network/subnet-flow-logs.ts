import { fail, pass, skip, type ResourceRule } from "../../../types";
import { blocks, isTrue } from "../../helpers";

/** Subnet purposes that carry no VM traffic (proxy-only and Private Service Connect subnets take no flow logs or Private Google Access). */
const SPECIAL_PURPOSES = ["REGIONAL_MANAGED_PROXY", "GLOBAL_MANAGED_PROXY", "INTERNAL_HTTPS_LOAD_BALANCER", "PRIVATE_SERVICE_CONNECT", "PRIVATE_NAT"];

/** LLM-GCP-NET-1: subnets have VPC flow logs and Private Google Access. */
export const gcpSubnetFlowLogs: ResourceRule = {
  id: "LLM-GCP-NET-1",
  title: "VPC subnets have flow logs and Private Google Access",
  rationale: "Flow logs are the record of who talked to what when an incident is investigated; Private Google Access lets nodes without public IPs reach Cloud Storage, Artifact Registry and the other Google APIs without a route to the internet.",
  fix: "Add a log_config block (aggregation_interval, flow_sampling, metadata) and set private_ip_google_access = true on the google_compute_subnetwork (GcpNetwork does).",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  appliesTo: ["google_compute_subnetwork"],
  check(subnet) {
    const purpose = subnet.attributes.purpose;
    if (typeof purpose === "string" && SPECIAL_PURPOSES.includes(purpose)) return skip;
    const problems: string[] = [];
    if (blocks(subnet.attributes.log_config).length === 0) problems.push("has no flow logs (no log_config block)");
    if (!isTrue(subnet.attributes.private_ip_google_access)) problems.push("has no Private Google Access (private_ip_google_access is not true)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
