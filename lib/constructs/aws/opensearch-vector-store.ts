import { OpensearchserverlessAccessPolicy } from "@cdktf/provider-aws/lib/opensearchserverless-access-policy";
import { OpensearchserverlessCollection } from "@cdktf/provider-aws/lib/opensearchserverless-collection";
import { OpensearchserverlessSecurityPolicy } from "@cdktf/provider-aws/lib/opensearchserverless-security-policy";
import { OpensearchserverlessVpcEndpoint } from "@cdktf/provider-aws/lib/opensearchserverless-vpc-endpoint";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct, Lazy } from "../../cdk";
import { ProblemCollector } from "../../errors";
import { Namer } from "../../naming";
import { markComponent, resolveProtection, type Grant, type IRole, type IVectorStore } from "../common";
import { Grants } from "./private/grants";
import { keep } from "./private/stateful";
import { checkDimensions, type AwsVectorStoreBaseProps } from "./vector-store-props";

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
  public readonly engine = "opensearch-serverless" as const;
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

  constructor(scope: Construct, id: string, props: AwsOpenSearchVectorStoreProps) {
    super(scope, id);
    markComponent(this, "vector-store");
    const tier = props.environment.tier;
    this.dimensions = props.dimensions ?? 1024;
    this.standbyReplicas = props.standbyReplicas ?? tier !== "dev";
    this.preventDestroy = resolveProtection(tier, { preventDestroy: props.preventDestroy }).preventDestroy;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    const name = namer.name("opensearch-serverless", "environment.name", "vectors");
    const encName = namer.name("opensearch-serverless", "environment.name", "vec-enc");
    const netName = namer.name("opensearch-serverless", "environment.name", "vec-net");
    const accessName = namer.name("opensearch-serverless", "environment.name", "vec-access");
    const vpceName = namer.name("opensearch-serverless", "environment.name", "vec-vpce");
    problems.addAll(namer.found);
    checkDimensions(problems, this.dimensions);
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
      policy: JSON.stringify({ Rules: [collectionRule], AWSOwnedKey: false, KmsARN: props.encryptionKey.keyArn }),
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
