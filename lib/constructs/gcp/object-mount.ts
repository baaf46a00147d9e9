import type { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import type { Tier } from "../../util/tier";
import { markComponent, type EnvironmentIdentity, type Grant, type IPrincipal } from "../common";
import { Checks } from "../private/checks";

/** A bucket the mount can grant on: what `GcpDataBucket` offers. */
export interface IGcpMountableBucket {
  readonly bucketName: string;
  grantRead(principal: IPrincipal): Grant;
  grantReadWrite(principal: IPrincipal): Grant;
}

/**
 * A GKE cluster that runs pods as Google service accounts (Workload Identity) and has
 * the Cloud Storage FUSE CSI add-on on, as `GcpTrainingCluster` always does.
 */
export interface IGcpObjectMountCluster {
  readonly clusterName: string;
  addPodIdentity(namespace: string, serviceAccount: string, accountId: string): IPrincipal & { readonly account: ServiceAccount };
}

/** Props of {@link GcpObjectMount}. */
export interface GcpObjectMountProps {
  /** The environment; the pods' Google service account is `<name>-<tier>-gcs-fuse`. */
  readonly environment: EnvironmentIdentity;
  /** The cluster whose pods mount the buckets. */
  readonly cluster: IGcpObjectMountCluster;
  /** Buckets mounted read-only (datasets). @default [] */
  readonly readBuckets?: readonly IGcpMountableBucket[];
  /** Buckets mounted read-write (checkpoints). @default [] */
  readonly readWriteBuckets?: readonly IGcpMountableBucket[];
  /** Kubernetes namespace of the pods. @default "training" */
  readonly namespace?: string;
  /** Kubernetes service account the pods run as. @default "training" */
  readonly kubernetesServiceAccount?: string;
}

/** One Cloud Storage FUSE volume as a pod spec names it. */
export interface GcpObjectMountVolume {
  readonly bucketName: string;
  readonly readOnly: boolean;
  /** The CSI driver of an inline (ephemeral) volume or a PersistentVolume. */
  readonly driver: "gcsfuse.csi.storage.gke.io";
}

const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Cloud Storage buckets mounted in GKE pods with the Cloud Storage FUSE CSI driver: no
 * file system to run, so nothing costs anything while idle. A Google service account
 * for the pods' Kubernetes service account (Workload Identity) gets object read on the
 * read buckets (`roles/storage.objectViewer`) and object read-write on the others
 * (`roles/storage.objectUser`); the construct exposes what a pod spec needs: the
 * Kubernetes service account with its `iam.gke.io/gcp-service-account` annotation, the
 * pod annotation that injects the FUSE sidecar, and one volume per bucket.
 *
 * Terraform creates no Kubernetes objects here: create the namespace and the annotated
 * service account with the workload (Helm, kubectl).
 */
export class GcpObjectMount extends Construct {
  /** The pods' Google service account: grant it anything else the job reads. */
  public readonly principal: IPrincipal & { readonly account: ServiceAccount };
  public readonly namespace: string;
  /** Name of the Kubernetes service account the pods run as. */
  public readonly kubernetesServiceAccount: string;
  /** Annotations the Kubernetes service account needs: `iam.gke.io/gcp-service-account: <email>`. */
  public readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  /** Annotations every pod that mounts a bucket needs: `gke-gcsfuse/volumes: "true"` injects the FUSE sidecar. */
  public readonly podAnnotations: Readonly<Record<string, string>>;
  /** One volume per bucket: read buckets read-only, then read-write buckets. */
  public readonly volumes: readonly GcpObjectMountVolume[];
  /** Every grant: a job should start after these. */
  public readonly grants: readonly Grant[];

  /** What the mount uses for each prop left unset, in a tier. */
  public static defaults(_tier: Tier): { readonly namespace: string; readonly kubernetesServiceAccount: string } {
    return { namespace: "training", kubernetesServiceAccount: "training" };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Pick<GcpObjectMountProps, "namespace" | "kubernetesServiceAccount">>): readonly ValidationProblem[] {
    const k8s = (v: string) => (K8S_NAME.test(v) ? undefined : `Kubernetes names are 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit (got ${show(v)})`);
    return new Checks().check("namespace", settings.namespace, k8s).check("kubernetesServiceAccount", settings.kubernetesServiceAccount, k8s).problems;
  }

  constructor(scope: Construct, id: string, props: GcpObjectMountProps) {
    super(scope, id);
    markComponent(this, "storage");
    const d = GcpObjectMount.defaults(props.environment.tier);
    this.namespace = props.namespace ?? d.namespace;
    this.kubernetesServiceAccount = props.kubernetesServiceAccount ?? d.kubernetesServiceAccount;
    const read = props.readBuckets ?? [];
    const readWrite = props.readWriteBuckets ?? [];

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    const accountId = namer.name("gcp-service-account", "environment.name", "gcs-fuse");
    problems.addAll(namer.found);
    problems.addAll(GcpObjectMount.validate(this));
    if (read.length + readWrite.length === 0) problems.add("readBuckets", "give at least one bucket to mount (got none in readBuckets or readWriteBuckets)");
    const seen = new Set<IGcpMountableBucket>();
    [...read.map((b, i) => [b, `readBuckets.${i}`] as const), ...readWrite.map((b, i) => [b, `readWriteBuckets.${i}`] as const)].forEach(([b, path]) => {
      if (seen.has(b)) problems.add(path, `mounts ${show(b.bucketName)} a second time: list each bucket once, read-only or read-write`);
      seen.add(b);
    });
    problems.throwIfAny(`GcpObjectMount ${this.node.path}`);

    this.principal = props.cluster.addPodIdentity(this.namespace, this.kubernetesServiceAccount, accountId);
    this.grants = [...read.map((b) => b.grantRead(this.principal)), ...readWrite.map((b) => b.grantReadWrite(this.principal))];
    this.serviceAccountAnnotations = { "iam.gke.io/gcp-service-account": this.principal.principalId };
    this.podAnnotations = { "gke-gcsfuse/volumes": "true" };
    this.volumes = [...read.map((b) => volume(b, true)), ...readWrite.map((b) => volume(b, false))];
  }
}

function volume(bucket: IGcpMountableBucket, readOnly: boolean): GcpObjectMountVolume {
  return { bucketName: bucket.bucketName, readOnly, driver: "gcsfuse.csi.storage.gke.io" };
}
