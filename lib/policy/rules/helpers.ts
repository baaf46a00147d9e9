import { fail, pass, skip, type Outcome, type ResourceView, type StackView } from "../types";

/** A nested block as synthesized: cdktf writes single blocks as objects and repeated ones as lists. */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter((v): v is Record<string, unknown> => !!v && typeof v === "object");
  return value && typeof value === "object" ? [value as Record<string, unknown>] : [];
}

/** The first block of `value`, or an empty object. */
export function block(value: unknown): Record<string, unknown> {
  return blocks(value)[0] ?? {};
}

/** Reads a dotted path through attributes and blocks: `vpc_config.endpoint_public_access`. */
export function attr(resource: ResourceView, path: string): unknown {
  let value: unknown = resource.attributes;
  for (const key of path.split(".")) value = block(value)[key];
  return value;
}

/** True for `true` and `"true"` (providers take both). */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** Whether a value is a reference to a resource of `type` (e.g. a key made here), or a literal ARN of `service`. */
export function isKeyReference(value: unknown): boolean {
  return typeof value === "string" && (/\$\{aws_kms_key\.[^.}]+\.(arn|key_id|id)\}/.test(value) || /^arn:aws[a-z-]*:kms:[^:]+:\d{12}:key\//.test(value));
}

/** Parses a JSON policy attribute; undefined when it is not literal JSON. */
export function jsonAttr(resource: ResourceView, name: string): unknown {
  const raw = resource.attributes[name];
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** Whether the stack is a production environment. */
export function isProd(stack: StackView): boolean {
  return stack.tier === "prod";
}

/** Whether the stack is a development environment (or has no tier: treated as not prod). */
export function isDev(stack: StackView): boolean {
  return stack.tier === "dev";
}

/** `lifecycle.prevent_destroy` of a resource. */
export function preventsDestroy(resource: ResourceView): boolean {
  return isTrue(block(resource.attributes.lifecycle).prevent_destroy);
}

/** The `Statement` list of an IAM policy document. */
export function statements(policy: unknown): Record<string, unknown>[] {
  const s = (policy as { Statement?: unknown } | undefined)?.Statement;
  return Array.isArray(s) ? (s as Record<string, unknown>[]) : s && typeof s === "object" ? [s as Record<string, unknown>] : [];
}

/** A string-or-list policy field as a list. */
export function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return value === undefined ? [] : [String(value)];
}

// reliability and cost helpers

/** A number from a literal number or a numeric string (providers take both); undefined otherwise (e.g. a reference). */
export function num(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** `1 day`, `3 days`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** Whether `value` (any depth) holds a `${type.name...}` reference to `target`. */
export function references(value: unknown, target: ResourceView): boolean {
  if (typeof value === "string") return value.includes(`\${${target.address}.`) || value.includes(`\${${target.address}}`);
  if (Array.isArray(value)) return value.some((v) => references(v, target));
  if (value && typeof value === "object") return Object.values(value).some((v) => references(v, target));
  return false;
}

/**
 * Resources of `type` whose `attribute` references `target`, or equals the target's
 * literal `literalAttribute` (e.g. a versioning block naming its bucket by name).
 */
export function linked(stack: StackView, type: string, attribute: string, target: ResourceView, literalAttribute?: string): ResourceView[] {
  const literal = literalAttribute === undefined ? undefined : target.attributes[literalAttribute];
  return stack.ofType(type).filter((r) => {
    const value = r.attributes[attribute];
    return references(value, target) || (typeof literal === "string" && literal.length > 0 && value === literal);
  });
}

/** The aws_launch_template a node group (or instance group) launches from: by `launch_template.id` or `.name`, reference or literal name. */
export function launchTemplateOf(resource: ResourceView, stack: StackView): ResourceView | undefined {
  const spec = block(resource.attributes.launch_template);
  return stack.ofType("aws_launch_template").find((lt) => references(spec.id, lt) || references(spec.name, lt) || (typeof spec.name === "string" && spec.name === lt.attributes.name));
}

/** EC2 families with GPUs or AWS accelerators: p*, g*, trn*, inf*. */
const ACCELERATOR_FAMILY = /^(p|g|trn|inf)[a-z]*\d/;

/**
 * Whether an aws_eks_node_group runs accelerators: an NVIDIA, GPU or Neuron AMI type,
 * or an instance type (on the group, else on its launch template) of an accelerator family.
 */
export function isAcceleratorNodeGroup(group: ResourceView, stack: StackView): boolean {
  const ami = group.attributes.ami_type;
  if (typeof ami === "string" && /NVIDIA|NEURON|GPU/i.test(ami)) return true;
  let types = list(group.attributes.instance_types);
  if (types.length === 0) types = list(launchTemplateOf(group, stack)?.attributes.instance_type);
  return types.some((t) => ACCELERATOR_FAMILY.test(t.toLowerCase()));
}

/** The inference components (Cloud Control `AWS::SageMaker::InferenceComponent`) a desired state ties to `endpoint`, by component name. */
function componentsOn(endpoint: ResourceView, stack: StackView): Set<string> {
  const names = new Set<string>();
  const endpointName = endpoint.attributes.name;
  for (const r of stack.ofType("aws_cloudcontrolapi_resource")) {
    if (r.attributes.type_name !== "AWS::SageMaker::InferenceComponent") continue;
    const state = r.attributes.desired_state;
    if (typeof state !== "string") continue;
    const onEndpoint = state.includes(`${endpoint.address}.`) || (typeof endpointName === "string" && endpointName.length > 0 && state.includes(`"${endpointName}"`));
    const name = /"InferenceComponentName"\s*[=:]\s*"([^"]+)"/.exec(state)?.[1];
    if (onEndpoint && name) names.add(name);
  }
  return names;
}

/**
 * The aws_appautoscaling_target resources that scale a SageMaker endpoint:
 * - a variant target, whose resource_id is `endpoint/<endpoint name>/variant/...`
 *   (the name literal, or a reference to the endpoint);
 * - an inference-component target (`inference-component/<component>`), when a Cloud
 *   Control inference component names both that component and the endpoint, or,
 *   failing such a link, when the endpoint is the only one in the stack.
 */
export function endpointScalingTargets(endpoint: ResourceView, stack: StackView): ResourceView[] {
  const name = endpoint.attributes.name;
  const components = componentsOn(endpoint, stack);
  const onlyEndpoint = stack.ofType("aws_sagemaker_endpoint").length === 1;
  return stack.ofType("aws_appautoscaling_target").filter((t) => {
    const id = t.attributes.resource_id;
    if (typeof id !== "string") return false;
    if (id.startsWith("endpoint/")) return (typeof name === "string" && name.length > 0 && id.startsWith(`endpoint/${name}/`)) || references(id, endpoint);
    if (id.startsWith("inference-component/")) {
      const component = id.slice("inference-component/".length);
      return components.has(component) || (components.size === 0 && onlyEndpoint);
    }
    return false;
  });
}

/** Scheduled actions on a scaling target: resource_id referencing the target, or equal to its literal resource_id. */
export function scheduledActionsOf(target: ResourceView, stack: StackView): ResourceView[] {
  return linked(stack, "aws_appautoscaling_scheduled_action", "resource_id", target, "resource_id");
}

// ---- Helpers of the AWS security pack ----

/** True for `false` and `"false"`. */
export function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

/** Whether a value is, or holds, an unresolved Terraform expression (`${...}`). */
export function isExpression(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** Parses a JSON string; undefined when it is not literal JSON. Non-strings are returned as they are. */
export function parseJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** A resource's `name` when it is a literal string, else its address: for messages. */
export function nameOf(resource: ResourceView): string {
  const name = resource.attributes.name;
  return typeof name === "string" && name.length > 0 && !isExpression(name) ? name : resource.address;
}

function globRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
}

/** Whether `value` matches a wildcard pattern (`*` any run, `?` one character), as IAM and OpenSearch policies read them. */
export function globMatch(pattern: string, value: string, opts: { ignoreCase?: boolean } = {}): boolean {
  return globRegExp(pattern, opts.ignoreCase ?? true).test(value);
}

/** Whether two wildcard patterns (`*`, `?`) match at least one common string, case-insensitively (IAM actions). */
export function globsOverlap(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (y.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === x.length && j === y.length) result = true;
    else if (i < x.length && x[i] === "*") result = go(i + 1, j) || (j < y.length && go(i, j + 1));
    else if (j < y.length && y[j] === "*") result = go(i, j + 1) || (i < x.length && go(i + 1, j));
    else result = i < x.length && j < y.length && (x[i] === y[j] || x[i] === "?" || y[j] === "?") && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/**
 * Whether a value names a customer-managed KMS key: a reference to a key made here
 * (`aws_kms_key`, replica or external keys) or a literal key ARN; with `aliases`, also a
 * reference to an `aws_kms_alias` or a literal alias outside the AWS-managed `alias/aws/`.
 */
export function isCustomerKey(value: unknown, opts: { aliases?: boolean } = {}): boolean {
  if (typeof value !== "string") return false;
  if (isKeyReference(value) || /\$\{aws_kms_(replica_key|external_key|replica_external_key)\.[^.}]+\.(arn|key_id|id)\}/.test(value)) return true;
  if (!opts.aliases) return false;
  if (/\$\{aws_kms_alias\.[^.}]+\.(arn|name|id)\}/.test(value)) return true;
  const alias = /^(?:arn:aws[a-z-]*:kms:[^:]+:\d{12}:)?alias\/(.+)$/.exec(value);
  return alias !== null && !alias[1].startsWith("aws/");
}

/** One IAM policy document of a resource: where it is (for messages) and its parsed JSON (undefined when not literal JSON). */
export interface IamPolicyDocument {
  /** `""` for a resource's own `policy`, `inline policy "<name>" ` for a role's inline policies. */
  readonly where: string;
  readonly document: unknown;
}

/** The identity policies a resource carries: `policy` (aws_iam_policy, aws_iam_*_policy) and `inline_policy` blocks (aws_iam_role). */
export function iamPolicyDocuments(resource: ResourceView): IamPolicyDocument[] {
  const docs: IamPolicyDocument[] = [];
  if (resource.attributes.policy !== undefined) docs.push({ where: "", document: parseJson(resource.attributes.policy) });
  for (const inline of blocks(resource.attributes.inline_policy)) {
    if (inline.policy === undefined) continue;
    const name = typeof inline.name === "string" ? inline.name : "";
    docs.push({ where: `inline policy ${JSON.stringify(name)} `, document: parseJson(inline.policy) });
  }
  return docs;
}

/** Whether a statement allows (Effect `Allow`; IAM's default effect is deny). */
export function isAllow(statement: Record<string, unknown>): boolean {
  return statement.Effect === "Allow";
}

/**
 * Runs `problemsOf` over every Allow statement of a resource's literal IAM policy
 * documents: fails with the problems found, skips when a document is not literal JSON
 * (it cannot be read at synth), passes otherwise.
 */
export function checkAllowStatements(resource: ResourceView, problemsOf: (statement: Record<string, unknown>, where: string) => string[]): Outcome {
  const docs = iamPolicyDocuments(resource);
  const known = docs.filter((d) => d.document !== undefined);
  const problems = known.flatMap(({ where, document }) => blocks(statements(document)).filter(isAllow).flatMap((s) => problemsOf(s, where)));
  if (problems.length > 0) return fail([...new Set(problems)].join("; "));
  return known.length === 0 || known.length < docs.length ? skip : pass;
}

/** One entry of an OpenSearch Serverless security policy that covers a collection, or a policy whose JSON could not be read. */
export interface OpenSearchPolicyMatch {
  readonly policy: ResourceView;
  /** The covering entry; undefined when the policy is not literal JSON. */
  readonly entry?: Record<string, unknown>;
  /** Resource types of the entry's rules that cover the collection (`collection`, `dashboard`). */
  readonly resourceTypes: readonly string[];
}

/**
 * Entries of the stack's OpenSearch Serverless security policies of `type` (`network`,
 * `encryption`) whose rules name `collection/<name>` (directly or by a wildcard
 * pattern), plus one match without entry for each policy of the type that is not
 * literal JSON.
 */
export function openSearchPolicyMatches(stack: StackView, type: "network" | "encryption", collectionName: string): OpenSearchPolicyMatch[] {
  const matches: OpenSearchPolicyMatch[] = [];
  for (const policy of stack.ofType("aws_opensearchserverless_security_policy")) {
    if (policy.attributes.type !== type) continue;
    const parsed = parseJson(policy.attributes.policy);
    if (!parsed || typeof parsed !== "object") {
      matches.push({ policy, resourceTypes: [] });
      continue;
    }
    for (const entry of blocks(parsed)) {
      const resourceTypes = blocks(entry.Rules)
        .filter((rule) => list(rule.Resource).some((pattern) => globMatch(pattern, `collection/${collectionName}`, { ignoreCase: false })))
        .map((rule) => String(rule.ResourceType ?? "").toLowerCase());
      if (resourceTypes.length > 0) matches.push({ policy, entry, resourceTypes });
    }
  }
  return matches;
}

/** The desired state of an `aws_cloudcontrolapi_resource` of `typeName`, parsed; undefined for other resources or non-literal JSON. */
export function cloudControlState(resource: ResourceView, typeName: string): Record<string, unknown> | undefined {
  if (resource.type !== "aws_cloudcontrolapi_resource" || resource.attributes.type_name !== typeName) return undefined;
  const state = parseJson(resource.attributes.desired_state);
  return state && typeof state === "object" && !Array.isArray(state) ? (state as Record<string, unknown>) : undefined;
}
