import type { IPrincipal } from "../common";

/** An IAM role that can be granted access: AWS stores attach inline policies to it by name. */
export interface IAwsRole extends IPrincipal {
  /** The role's ARN. */
  readonly roleArn: string;
  /** The role's name, to attach inline policies to. */
  readonly roleName: string;
}

/** The IAM role shape of earlier releases; the same as {@link IAwsRole}. */
export type IRole = IAwsRole;
