import { fail, pass, skip, type ResourceRule } from "../../../types";
import { block, blocks } from "../../helpers";

/** Highest hop limit that still keeps the metadata service away from containers behind one more hop. */
export const MAX_METADATA_HOP_LIMIT = 2;

/** LLM-AWS-EC2-1: instances require IMDSv2 session tokens and keep metadata responses close. */
export const ec2Imdsv2Required: ResourceRule = {
  id: "LLM-AWS-EC2-1",
  title: `Launch templates and instances require IMDSv2 tokens, with a metadata hop limit of ${MAX_METADATA_HOP_LIMIT} or less`,
  rationale: "IMDSv1 answers any request that reaches it, so a server-side request forgery in a notebook, model server or training job hands out the node role's credentials; IMDSv2 tokens and a low hop limit stop that.",
  fix: `Set metadata_options http_tokens to "required" and http_put_response_hop_limit to 1 (or at most ${MAX_METADATA_HOP_LIMIT}) (AwsTrainingCluster and AwsAcceleratorNodeGroup launch templates do this).`,
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_launch_template", "aws_instance"],
  check(resource) {
    const options = block(resource.attributes.metadata_options);
    // An instance launched from a template takes its metadata options from the template, checked on its own.
    if (resource.type === "aws_instance" && Object.keys(options).length === 0 && blocks(resource.attributes.launch_template).length > 0) return skip;
    if (options.http_endpoint === "disabled") return pass;
    const problems: string[] = [];
    if (options.http_tokens !== "required") problems.push(`does not require IMDSv2 (metadata_options.http_tokens is ${options.http_tokens === undefined ? "not set" : JSON.stringify(options.http_tokens)}, not "required")`);
    const hops = options.http_put_response_hop_limit;
    if (hops !== undefined && Number.isFinite(Number(hops)) && Number(hops) > MAX_METADATA_HOP_LIMIT) problems.push(`lets metadata responses travel ${Number(hops)} hops (http_put_response_hop_limit; at most ${MAX_METADATA_HOP_LIMIT})`);
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
