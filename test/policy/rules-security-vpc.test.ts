import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { describe, expect, it } from "vitest";
import { vpcFlowLogs } from "../../lib/policy/rules/aws/vpc/flow-logs";
import { failures, findingsOf, statuses } from "./helpers";
import { network } from "./security-helpers";

describe("LLM-AWS-VPC-1 VPC flow logs", () => {
  it("passes an AwsNetwork, whose VPC logs all traffic", () => {
    expect(statuses(findingsOf(vpcFlowLogs, network))).toEqual({ "aws_vpc.network_vpc": "compliant" });
  });

  it("fails a VPC without a flow log, even when another VPC has one", () => {
    // given two raw VPCs, only the first logged
    const findings = findingsOf(vpcFlowLogs, (s) => {
      const logged = new Vpc(s, "logged", { cidrBlock: "10.1.0.0/16" });
      new FlowLog(s, "logged-flow", { vpcId: logged.id, trafficType: "ALL", logDestinationType: "s3", logDestination: "arn:aws:s3:::acme-flow-logs" });
      new Vpc(s, "dark", { cidrBlock: "10.2.0.0/16" });
    });
    // then
    expect(statuses(findings)).toEqual({ "aws_vpc.logged": "compliant", "aws_vpc.dark": "non-compliant" });
    expect(failures(findings)).toEqual(["has no flow log"]);
  });
});
