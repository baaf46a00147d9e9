import { fail, pass, type ResourceRule } from "../../../types";
import { nodeConfigOf, namesKey, noKeyMessage } from "../helpers";

/** LLM-GCP-GKE-10: node boot disks are encrypted with a customer-managed key. */
export const gkeNodeBootDiskCmek: ResourceRule = {
  id: "LLM-GCP-GKE-10",
  title: "GKE node pools encrypt node boot disks with a customer-managed Cloud KMS key",
  rationale: "Boot disks hold container images, logs, emptyDir volumes and swapped data of training jobs; with a customer-managed key their encryption is yours to audit and revoke like the rest of the environment's data.",
  fix: "Set node_config.boot_disk_kms_key to a Cloud KMS key in the cluster's region and grant the Compute Engine service agent roles/cloudkms.cryptoKeyEncrypterDecrypter on it (GcpTrainingCluster.nodeConfig does for every pool); it replaces the pool's nodes.",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  appliesTo: ["google_container_cluster", "google_container_node_pool"],
  check(resource) {
    const config = nodeConfigOf(resource);
    if (config === undefined) return pass;
    return namesKey(config.boot_disk_kms_key) ? pass : fail(noKeyMessage("node_config.boot_disk_kms_key", "its nodes' boot disks"));
  },
};
