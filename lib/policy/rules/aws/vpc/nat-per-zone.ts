import { fail, pass, skip, type ResourceView, type ResourceRule, type StackView } from "../../../types";
import { blocks, companionsOf, isProd, plural } from "../../helpers";

/** NAT gateway references of a route table: its inline routes and aws_route resources on it. */
function natsOf(table: ResourceView, stack: StackView): string[] {
  const inline = blocks(table.attributes.route).map((r) => r.nat_gateway_id);
  const separate = companionsOf(stack, "aws_route", "route_table_id", table).map((r) => r.attributes.nat_gateway_id);
  return [...inline, ...separate].filter((v): v is string => typeof v === "string" && v.length > 0);
}

/**
 * LLM-AWS-VPC-2: in prod, private route tables do not share NAT gateways. The private
 * route tables of a VPC are its aws_route_table resources (vpc_id referencing it) with
 * a route through a NAT gateway, inline or as an aws_route; with two or more, there
 * must be as many distinct NAT gateways as tables.
 */
export const natPerZone: ResourceRule = {
  id: "LLM-AWS-VPC-2",
  title: "Production VPCs give each private route table (each zone) its own NAT gateway",
  rationale: "A NAT gateway lives in one zone: when private subnets of every zone route through it, that zone's outage cuts every node and endpoint off from the internet and AWS APIs without a VPC endpoint.",
  fix: "Create one NAT gateway per zone and route each zone's private route table through its own (AwsNetwork natGateways: per-zone, the prod default).",
  severity: "warning",
  packs: ["reliability"],
  cloud: "aws",
  appliesTo: ["aws_vpc"],
  check(vpc, stack) {
    if (!isProd(stack)) return skip;
    const tables = companionsOf(stack, "aws_route_table", "vpc_id", vpc)
      .map((t) => natsOf(t, stack))
      .filter((nats) => nats.length > 0);
    if (tables.length < 2) return skip;
    const distinct = new Set(tables.flat()).size;
    return distinct >= tables.length ? pass : fail(`${tables.length} private route tables share ${plural(distinct, "NAT gateway")}; one per zone in prod`);
  },
};
