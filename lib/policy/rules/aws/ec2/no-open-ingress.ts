import { fail, pass, skip, type ResourceRule } from "../../../types";
import { blocks, list } from "../../helpers";

/** Whether a CIDR block is the whole IPv4 or IPv6 internet. */
function isAnywhere(cidr: string): boolean {
  return /^0\.0\.0\.0\/0$/.test(cidr) || /^::(0)?\/0$/.test(cidr);
}

/** `22-22`, or `all ports` for every protocol. */
function ports(protocol: unknown, from: unknown, to: unknown): string {
  if (protocol === "-1" || protocol === -1 || protocol === "all" || (from === undefined && to === undefined)) return "all ports";
  return `${String(from ?? to)}-${String(to ?? from)}`;
}

/** The CIDR blocks of string-or-list attributes (unset ones synthesize as null). */
function cidrsOf(...values: unknown[]): string[] {
  return values.flatMap((v) => list(v ?? []));
}

/** Problems of one ingress permission. */
function openings(cidrs: readonly string[], protocol: unknown, from: unknown, to: unknown): string[] {
  return cidrs.filter(isAnywhere).map((cidr) => `allows ingress from ${cidr} on ${ports(protocol, from, to)}`);
}

/** LLM-AWS-EC2-3: no security group accepts connections from the whole internet. */
export const ec2NoOpenIngress: ResourceRule = {
  id: "LLM-AWS-EC2-3",
  title: "Security groups allow no ingress from 0.0.0.0/0 or ::/0",
  rationale: "An ingress rule open to the internet exposes SSH, Jupyter, model servers or databases to every scanner; clients of this platform are inside the VPC or come through a load balancer.",
  fix: "Allow ingress from the VPC CIDR, a client CIDR or another security group instead (every security group our constructs make admits only the VPC, named client CIDRs or itself).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_security_group", "aws_default_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  check(resource) {
    const a = resource.attributes;
    let problems: string[];
    switch (resource.type) {
      case "aws_security_group_rule":
        if (a.type !== "ingress") return skip;
        problems = openings(cidrsOf(a.cidr_blocks, a.ipv6_cidr_blocks), a.protocol, a.from_port, a.to_port);
        break;
      case "aws_vpc_security_group_ingress_rule":
        problems = openings(cidrsOf(a.cidr_ipv4, a.cidr_ipv6), a.ip_protocol, a.from_port, a.to_port);
        break;
      default:
        problems = blocks(a.ingress).flatMap((rule) => openings(cidrsOf(rule.cidr_blocks, rule.ipv6_cidr_blocks), rule.protocol, rule.from_port, rule.to_port));
    }
    return problems.length === 0 ? pass : fail([...new Set(problems)].join("; "));
  },
};
