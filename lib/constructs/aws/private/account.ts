import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { Construct } from "../../../cdk";

/** Account, partition and region of the provider, read by data sources inside the caller. */
export class AccountInfo extends Construct {
  public readonly accountId: string;
  public readonly partition: string;
  public readonly region: string;
  public readonly dnsSuffix: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accountId = new DataAwsCallerIdentity(this, "caller").accountId;
    const partition = new DataAwsPartition(this, "partition");
    this.partition = partition.partition;
    this.dnsSuffix = partition.dnsSuffix;
    this.region = new DataAwsRegion(this, "region").region;
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass "" to leave region or account empty. */
  public arn(service: string, resource: string, opts: { region?: string; account?: string } = {}): string {
    return `arn:${this.partition}:${service}:${opts.region ?? this.region}:${opts.account ?? this.accountId}:${resource}`;
  }

  /** The account root principal ARN. */
  public get rootArn(): string {
    return `arn:${this.partition}:iam::${this.accountId}:root`;
  }
}
