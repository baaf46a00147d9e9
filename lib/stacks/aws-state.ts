import { LocalBackend, S3Backend, type TerraformStack } from "../cdk";

/**
 * The state backend of an AWS stack: S3 with native locking (`use_lockfile`) when the spec
 * names a bucket, else a local file. `use_lockfile` exists from Terraform 1.10, so the
 * stack then declares `required_version = ">= 1.10"`: older CLIs would fail at init on
 * the unknown argument.
 */
export function awsStateBackend(stack: TerraformStack, remote: { readonly bucket: string; readonly key: string; readonly region: string } | undefined, localPath: string): void {
  if (!remote) {
    new LocalBackend(stack, { path: localPath });
    return;
  }
  new S3Backend(stack, { bucket: remote.bucket, key: remote.key, region: remote.region, encrypt: true }).addOverride("use_lockfile", true);
  stack.addOverride("terraform.required_version", ">= 1.10");
}
