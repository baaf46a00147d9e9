import { fail, pass, type ResourceRule } from "../../../types";
import { blocks, isTrue } from "../../helpers";

/** LLM-AWS-EC2-2: nothing is launched with a public IP address. */
export const ec2NoPublicIp: ResourceRule = {
  id: "LLM-AWS-EC2-2",
  title: "Subnets, launch templates and instances assign no public IP addresses",
  rationale: "A public IP makes a node reachable from the internet as soon as one security-group rule allows it; training and serving nodes reach AWS through NAT and VPC endpoints and need none.",
  fix: "Leave map_public_ip_on_launch and associate_public_ip_address unset or false, and place nodes in private subnets (AwsNetwork's public subnets hold only NAT gateways and assign no public IPs).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_subnet", "aws_launch_template", "aws_instance"],
  check(resource) {
    const a = resource.attributes;
    switch (resource.type) {
      case "aws_subnet":
        return isTrue(a.map_public_ip_on_launch) ? fail("assigns a public IP to every instance launched in it (map_public_ip_on_launch)") : pass;
      case "aws_launch_template": {
        const publicCards = blocks(a.network_interfaces)
          .map((ni, i) => ({ i: ni.device_index ?? i, public: isTrue(ni.associate_public_ip_address) }))
          .filter((ni) => ni.public);
        return publicCards.length === 0 ? pass : fail(`associates a public IP with network interface ${publicCards.map((ni) => String(ni.i)).join(", ")} (associate_public_ip_address)`);
      }
      default:
        return isTrue(a.associate_public_ip_address) ? fail("associates a public IP (associate_public_ip_address)") : pass;
    }
  },
};
