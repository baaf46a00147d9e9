import { fail, pass, skip, type ResourceRule } from "../../../types";
import { blocks, list } from "../../helpers";
import { isAnywhere } from "../gke/private-cluster";

/** `tcp:22,8888` or `all` for one allow block. */
function what(allow: Record<string, unknown>): string {
  const protocol = String(allow.protocol ?? "all");
  const ports = list(allow.ports ?? []);
  return ports.length > 0 ? `${protocol}:${ports.join(",")}` : `${protocol} (every port)`;
}

/** LLM-GCP-NET-2: no firewall rule allows ingress from the whole internet. */
export const gcpFirewallNoOpenIngress: ResourceRule = {
  id: "LLM-GCP-NET-2",
  title: "Firewall rules allow no ingress from 0.0.0.0/0 or ::/0",
  rationale: "An allow rule open to the internet exposes SSH, Jupyter, model servers or databases on every instance it targets to every scanner; clients of this platform come from inside the VPC or through a load balancer.",
  fix: "Allow ingress from the VPC's ranges or named client CIDR blocks in source_ranges (or from source_tags / source_service_accounts) instead; a deny rule from 0.0.0.0/0 is fine (GcpNetwork allows only its own ranges and denies the rest).",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  appliesTo: ["google_compute_firewall"],
  check(rule) {
    const a = rule.attributes;
    if ((a.direction ?? "INGRESS") !== "INGRESS") return skip;
    if (a.disabled === true || a.disabled === "true") return skip;
    const allows = blocks(a.allow);
    if (allows.length === 0) return pass;
    const open = list(a.source_ranges ?? []).filter(isAnywhere);
    if (open.length === 0) return pass;
    return fail(`allows ingress from ${open.join(" and ")} on ${allows.map(what).join(", ")}`);
  },
};
