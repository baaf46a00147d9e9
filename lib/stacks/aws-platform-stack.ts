import { platformStackNameOf, registerPlatformStacks } from "./platform-registry";
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsEksClusterAuth } from "@cdktf/provider-aws/lib/data-aws-eks-cluster-auth";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn, TerraformOutput, TerraformStack, type App } from "../cdk";
import { awsStateBackend } from "./aws-state";
import { AwsAcceleratorPlatform } from "../constructs/aws/accelerator-platform";
import { LlmOpsValidationError } from "../errors";
import { Guardrails, type GuardrailOptions } from "../policy/guardrails";
import { AwsLlmOpsStack, TRAINING_SERVICE_ACCOUNTS } from "./aws-llmops-stack";
import type { LlmOpsStack } from "./llmops-stack";

/** Props of {@link AwsPlatformStack}. */
export interface AwsPlatformStackProps {
  /** The environment stack whose cluster this stack fills; applied first. */
  readonly environment: AwsLlmOpsStack;
  /** Directory-relative path of the local state file when the spec sets no remote backend. @default "terraform.<stack>.tfstate" */
  readonly localStatePath?: string;
  /** How the guardrails run. @default - every pack, enforcing */
  readonly guardrails?: GuardrailOptions;
}

export { platformStackNameOf } from "./platform-registry";

/**
 * What runs inside the training cluster, as a second stack: device plugins for the
 * accelerator pool, the Cluster Autoscaler and the jobs' service accounts
 * ({@link AwsAcceleratorPlatform}). The cluster's API endpoint is private, so this
 * stack is applied after the environment stack, from inside the VPC (a CI runner in a
 * private subnet, or an SSM session on an instance there), by a principal with a
 * cluster access entry (`aws.clusterAdminRoleArns`). It reads the cluster by name
 * through data sources, so it holds no reference into the environment stack's state.
 */
export class AwsPlatformStack extends TerraformStack {
  public readonly platform: AwsAcceleratorPlatform;
  public readonly guardrails: Guardrails;

  constructor(scope: App, props: AwsPlatformStackProps) {
    const environment = props.environment;
    const spec = environment.spec;
    const name = platformStackNameOf(spec);
    const cluster = environment.training;
    const pool = environment.acceleratorPool;
    if (!cluster || !pool) throw new LlmOpsValidationError(`platform stack ${name}`, [{ path: "training", message: "the platform stack fills a training cluster; this spec has none" }]);
    super(scope, name);

    new AwsProvider(this, "aws", { region: spec.region, defaultTags: [{ tags: { ...environment.tags } }] });
    const remote = spec.aws?.stateBackend;
    awsStateBackend(this, remote && { ...remote, key: `platform/${remote.key}` }, props.localStatePath ?? `terraform.${name}.tfstate`);

    const eks = new DataAwsEksCluster(this, "cluster", { name: cluster.clusterName });
    const auth = new DataAwsEksClusterAuth(this, "cluster-auth", { name: cluster.clusterName });
    const endpoint = { host: eks.endpoint, clusterCaCertificate: Fn.base64decode(eks.certificateAuthority.get(0).data), token: auth.token };
    new HelmProvider(this, "helm", { kubernetes: endpoint });
    new KubernetesProvider(this, "kubernetes", endpoint);

    const serviceAccounts = [TRAINING_SERVICE_ACCOUNTS.jobs, ...(environment.vectorStore ? [TRAINING_SERVICE_ACCOUNTS.vectorIndexer] : [])];
    this.platform = new AwsAcceleratorPlatform(this, "platform", {
      environment: { name: spec.name, tier: spec.tier },
      clusterName: cluster.clusterName,
      region: spec.region,
      kubernetesVersion: cluster.kubernetesVersion,
      pools: [pool.scheduling],
      jobNamespaces: [{ namespace: TRAINING_SERVICE_ACCOUNTS.namespace, serviceAccounts }],
    });
    new TerraformOutput(this, "releases", { value: Object.keys(this.platform.releases).sort().join(","), description: "Helm releases installed in the cluster" });
    this.guardrails = Guardrails.of(this, { tier: spec.tier, ...props.guardrails });
    Guardrails.suppress(this, "LLM-COST-1", "This stack creates no billable AWS resource: its pods run on the environment stack's nodes, which that stack's budget covers.");
  }
}

/** Adds a platform stack for each environment stack that has a training cluster. */
export function addPlatformStacks(app: App, environments: readonly LlmOpsStack[]): AwsPlatformStack[] {
  return environments
    .filter((e): e is AwsLlmOpsStack => e instanceof AwsLlmOpsStack && e.training !== undefined && e.acceleratorPool !== undefined)
    .map((environment) => new AwsPlatformStack(app, { environment }));
}
registerPlatformStacks("aws", addPlatformStacks);
