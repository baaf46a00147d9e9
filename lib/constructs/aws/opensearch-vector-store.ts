import { OpensearchserverlessAccessPolicy } from "@cdktf/provider-aws/lib/opensearchserverless-access-policy";
import { OpensearchserverlessCollection } from "@cdktf/provider-aws/lib/opensearchserverless-collection";
import { OpensearchserverlessSecurityPolicy } from "@cdktf/provider-aws/lib/opensearchserverless-security-policy";
import { OpensearchserverlessVpcEndpoint } from "@cdktf/provider-aws/lib/opensearchserverless-vpc-endpoint";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct, Lazy } from "../../cdk";
import { ProblemCollector, type ValidationProblem } from "../../errors";
import { Checks } from "../private/checks";
import { perTier, type Tier } from "../../util/tier";
import { Namer } from "../../naming";
import { markComponent, resolveProtection, type Grant, type IVectorStore } from "../common";
import type { IRole } from "./role";
import { Grants } from "./private/grants";
import { keep } from "./private/stateful";
import { DEFAULT_VECTOR_DIMENSIONS, checkDimensions, type AwsVectorStoreBaseProps } from "./vector-store-props";

/** Props of {@link AwsOpenSearchVectorStore}. */
export interface AwsOpenSearchVectorStoreProps extends AwsVectorStoreBaseProps {
  /** Standby replicas in a second zone. @default - off in dev, on otherwise */
  readonly standbyReplicas?: boolean;
}

/**
 * An OpenSearch Serverless VECTORSEARCH collection reachable only through a VPC
 * endpoint of its own: an encryption policy with the customer-managed key, a network
 * policy that allows only that endpoint (no public access, dashboards included), and
 * a data access policy listing exactly the roles granted access.
 */
export class AwsOpenSearchVectorStore extends Construct implements IVectorStore {
  public readonly engine = "managed-search" as const;
  /** The service behind the portable engine name. */
  public readonly service = "opensearch-serverless" as const;
  public readonly collection: OpensearchserverlessCollection;
  public readonly collectionName: string;
  public readonly collectionArn: string;
  public readonly endpoint: string;
  public readonly vpcEndpointId: string;
  public readonly dimensions: number;
  public readonly standbyReplicas: boolean;
  public readonly preventDestroy: boolean;
  private readonly principals: string[] = [];
  private readonly grants = new Grants(this);
  private readonly accessPolicy: OpensearchserverlessAccessPolicy;

  /** What the store uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly dimensions: number; readonly standbyReplicas: boolean; readonly preventDestroy: boolean } {
    return { dimensions: DEFAULT_VECTOR_DIMENSIONS, standbyReplicas: perTier(tier, { dev: false, staging: true, prod: true }), preventDestroy: resolveProtection(tier, {}).preventDestroy };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Pick<AwsOpenSearchVectorStoreProps, "dimensions">>): readonly ValidationProblem[] {
    const checks = new Checks();
    checkDimensions(checks, settings.dimensions);
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AwsOpenSearchVectorStoreProps) {
    super(scope, id);
    markComponent(this, "vector-store");
    const tier = props.environment.tier;
    const defaults = AwsOpenSearchVectorStore.defaults(tier);
    this.dimensions = props.dimensions ?? defaults.dimensions;
    this.standbyReplicas = props.standbyReplicas ?? defaults.standbyReplicas;
    this.preventDestroy = props.preventDestroy ?? defaults.preventDestroy;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    const name = namer.name("opensearch-serverless", "environment.name", "vectors");
    const encName = namer.name("opensearch-serverless", "environment.name", "vec-enc");
    const netName = namer.name("opensearch-serverless", "environment.name", "vec-net");
    const accessName = namer.name("opensearch-serverless", "environment.name", "vec-access");
    const vpceName = namer.name("opensearch-serverless", "environment.name", "vec-vpce");
    problems.addAll(namer.found);
    problems.addAll(AwsOpenSearchVectorStore.validate(this));
    problems.throwIfAny(`AwsOpenSearchVectorStore ${this.node.path}`);
    this.collectionName = name;

    const base = `${props.environment.name}-${tier}`;
    const sg = new SecurityGroup(this, "sg", {
      name: `${base}-vectors`,
      description: "HTTPS from clients to the OpenSearch Serverless VPC endpoint",
      vpcId: props.vpcId,
      ingress: [{ description: "HTTPS from clients", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [...props.clientCidrs] }],
      egress: [],
      tags: { Name: `${base}-vectors` },
    });
    const vpce = new OpensearchserverlessVpcEndpoint(this, "vpc-endpoint", {
      name: vpceName,
      vpcId: props.vpcId,
      subnetIds: [...props.subnetIds],
      securityGroupIds: [sg.id],
    });
    this.vpcEndpointId = vpce.id;
    const collectionRule = { ResourceType: "collection", Resource: [`collection/${name}`] };
    const encryption = new OpensearchserverlessSecurityPolicy(this, "encryption-policy", {
      name: encName,
      type: "encryption",
      description: `Encrypts ${name} with the environment's customer-managed key`,
      policy: JSON.stringify({ Rules: [collectionRule], AWSOwnedKey: false, KmsARN: props.encryptionKey.keyId }),
    });
    const network = new OpensearchserverlessSecurityPolicy(this, "network-policy", {
      name: netName,
      type: "network",
      description: `Only the VPC endpoint of ${name} reaches it`,
      policy: JSON.stringify([
        {
          Rules: [collectionRule, { ResourceType: "dashboard", Resource: [`collection/${name}`] }],
          AllowFromPublic: false,
          SourceVPCEs: [vpce.id],
        },
      ]),
    });
    this.collection = keep(
      new OpensearchserverlessCollection(this, "collection", {
        name,
        type: "VECTORSEARCH",
        standbyReplicas: this.standbyReplicas ? "ENABLED" : "DISABLED",
        description: `Vector store of ${base} (${this.dimensions} dimensions)`,
        dependsOn: [encryption, network],
      }),
      this.preventDestroy,
    );
    this.collectionArn = this.collection.arn;
    this.endpoint = this.collection.collectionEndpoint;
    this.accessPolicy = new OpensearchserverlessAccessPolicy(this, "access-policy", {
      name: accessName,
      type: "data",
      description: `Roles granted read/write on ${name}`,
      policy: Lazy.stringValue({
        produce: () =>
          JSON.stringify([
            {
              Rules: [
                { ResourceType: "collection", Resource: [`collection/${name}`], Permission: ["aoss:DescribeCollectionItems", "aoss:CreateCollectionItems", "aoss:UpdateCollectionItems"] },
                { ResourceType: "index", Resource: [`index/${name}/*`], Permission: ["aoss:ReadDocument", "aoss:WriteDocument", "aoss:CreateIndex", "aoss:DescribeIndex", "aoss:UpdateIndex"] },
              ],
              Principal: this.principals,
            },
          ]),
      }),
    });
    this.node.addValidation({
      validate: () => (this.principals.length === 0 ? [`${this.node.path}: no role was granted access (call grantReadWrite); OpenSearch Serverless rejects a data access policy without principals`] : []),
    });
  }

  /**
   * Adds a principal to the data access policy only: for roles managed elsewhere, which
   * need `aoss:APIAccessAll` on {@link collectionArn} in their own IAM policy.
   */
  public allowPrincipal(roleArn: string): void {
    this.principals.push(roleArn);
  }

  /** Adds the role to the data access policy and lets it call the collection's API. */
  public grantReadWrite(role: IRole): Grant {
    const { policy } = this.grants.attach(role, { name: `${this.collectionName}-read-write` }, { Effect: "Allow", Action: "aoss:APIAccessAll", Resource: this.collectionArn });
    this.principals.push(role.roleArn);
    return { policy, dependables: [policy, this.accessPolicy] };
  }
}
