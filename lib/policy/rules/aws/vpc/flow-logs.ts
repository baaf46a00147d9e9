import { fail, pass, type ResourceRule } from "../../../types";
import { companionsOf } from "../../helpers";

/** LLM-AWS-VPC-1: every VPC records its traffic. */
export const vpcFlowLogs: ResourceRule = {
  id: "LLM-AWS-VPC-1",
  title: "Every VPC has a flow log",
  rationale: "Flow logs are the only record of which addresses talked to the cluster, the file system and the endpoints; without them an exfiltration or a misrouted connection leaves no trace.",
  fix: "Add an aws_flow_log with vpc_id set to the VPC, to an encrypted log group or bucket (AwsNetwork does this, to a KMS-encrypted log group).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_vpc"],
  check(vpc, stack) {
    return companionsOf(stack, "aws_flow_log", "vpc_id", vpc).length > 0 ? pass : fail("has no flow log");
  },
};
