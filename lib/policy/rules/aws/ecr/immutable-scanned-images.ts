import { fail, pass, type ResourceView, type ResourceRule, type StackView } from "../../../types";
import { block, blocks, globMatch, isTrue } from "../../helpers";

/** Whether a registry scanning configuration scans the repository on push or continuously. */
function registryScans(repository: ResourceView, stack: StackView): boolean {
  const name = repository.attributes.name;
  if (typeof name !== "string") return false;
  return stack.ofType("aws_ecr_registry_scanning_configuration").some((c) =>
    blocks(c.attributes.rule).some(
      (rule) =>
        (rule.scan_frequency === "SCAN_ON_PUSH" || rule.scan_frequency === "CONTINUOUS_SCAN") &&
        blocks(rule.repository_filter).some((f) => typeof f.filter === "string" && globMatch(f.filter, name, { ignoreCase: false })),
    ),
  );
}

/** LLM-AWS-ECR-2: image tags are immutable and images are scanned on push. */
export const ecrImmutableScanned: ResourceRule = {
  id: "LLM-AWS-ECR-2",
  title: "ECR repositories have immutable tags and scan images on push",
  rationale: "A mutable tag lets anyone with push rights swap the image an endpoint serves under the same name; scanning on push flags known vulnerabilities before the image is deployed.",
  fix: 'Set image_tag_mutability to "IMMUTABLE" and image_scanning_configuration scan_on_push to true, or scan through a registry scanning configuration (AwsRegistry does both).',
  severity: "warning",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_ecr_repository"],
  check(repository, stack) {
    const a = repository.attributes;
    const problems: string[] = [];
    const mutability = a.image_tag_mutability ?? "MUTABLE";
    if (typeof mutability !== "string" || !mutability.startsWith("IMMUTABLE")) problems.push("has mutable image tags");
    if (!isTrue(block(a.image_scanning_configuration).scan_on_push) && !registryScans(repository, stack)) problems.push("does not scan images on push");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
