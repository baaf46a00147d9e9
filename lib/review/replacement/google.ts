import type { ReplacementEntry } from "./types";

/**
 * Replacement-forcing arguments of every Google Cloud, Helm and Kubernetes resource type
 * the library emits, read from the providers' schema source (`ForceNew: true`,
 * `RequiresReplace`), nested ones as dotted paths. Sources:
 * hashicorp/terraform-provider-google at e03b7622 (`google/...` paths; IAM members add
 * `role`, `member` and `condition` from google/tpgiamresource/resource_iam_member.go);
 * hashicorp/terraform-provider-helm at ecffae07 (helm/resource_helm_release.go);
 * hashicorp/terraform-provider-kubernetes at 3a33fb6c (kubernetes/schema_metadata.go:
 * `metadata.name`, `metadata.namespace`, `metadata.generate_name` are ForceNew).
 * The prebuilt packages are built from google 6.50.0, helm 3.1.1, kubernetes 2.38.0.
 */
export const GOOGLE_REPLACEMENT: Readonly<Record<string, ReplacementEntry>> = {
  google_artifact_registry_repository: { forcesNew: ["format","kms_key_name","location","maven_config.allow_snapshot_overwrites","maven_config.version_policy","mode","project","remote_repository_config","repository_id"], source: "google/services/artifactregistry/resource_artifact_registry_repository.go" },
  google_billing_budget: { forcesNew: ["billing_account"], source: "google/services/billingbudgets/resource_billing_budget.go" },
  google_compute_address: { forcesNew: ["address","address_type","description","ip_collection","ip_version","ipv6_endpoint_type","name","network","network_tier","prefix_length","project","purpose","region","subnetwork"], source: "google/services/compute/resource_compute_address.go" },
  google_compute_firewall: { forcesNew: ["direction","name","params","project"], source: "google/services/compute/resource_compute_firewall.go" },
  google_compute_forwarding_rule: { forcesNew: ["all_ports","backend_service","description","ip_address","ip_collection","ip_protocol","ip_version","is_mirroring_collector","load_balancing_scheme","name","network","network_tier","no_automate_dns_zone","port_range","ports","project","region","service_directory_registrations","service_directory_registrations.namespace","service_directory_registrations.service","service_label","source_ip_ranges","subnetwork"], source: "google/services/compute/resource_compute_forwarding_rule.go" },
  google_compute_global_address: { forcesNew: ["address","address_type","description","ip_version","name","network","prefix_length","project","purpose"], source: "google/services/compute/resource_compute_global_address.go" },
  google_compute_network: { forcesNew: ["auto_create_subnetworks","description","internal_ipv6_range","name","network_profile","params","project"], source: "google/services/compute/resource_compute_network.go" },
  google_compute_router: { forcesNew: ["encrypted_interconnect_router","name","ncc_gateway","network","params","project","region"], source: "google/services/compute/resource_compute_router.go" },
  google_compute_router_nat: { forcesNew: ["endpoint_types","initial_nat_ips","name","project","region","router","type"], source: "google/services/compute/resource_compute_router_nat.go" },
  google_compute_subnetwork: { forcesNew: ["description","external_ipv6_prefix","internal_ipv6_prefix","name","network","params","project","region","reserved_internal_range","resolve_subnet_mask"], source: "google/services/compute/resource_compute_subnetwork.go" },
  google_container_cluster: { forcesNew: ["cluster_autoscaling.auto_provisioning_defaults.boot_disk_kms_key","cluster_ipv4_cidr","confidential_nodes","datapath_provider","dataplane_optimization_mode","default_max_pods_per_node","description","enable_autopilot","enable_kubernetes_alpha","enable_tpu","initial_node_count","ip_allocation_policy","location","master_auth.client_certificate_config","name","network","networking_mode","node_pool","private_cluster_config.master_ipv4_cidr_block","private_cluster_config.private_endpoint_subnetwork","project","subnetwork","user_managed_keys_config.aggregation_ca","user_managed_keys_config.cluster_ca","user_managed_keys_config.etcd_api_ca","user_managed_keys_config.etcd_peer_ca"], source: "google/services/container/resource_container_cluster.go" },
  google_container_node_pool: { forcesNew: ["cluster","initial_node_count","location","max_pods_per_node","name","name_prefix","network_config.accelerator_network_profile","network_config.additional_node_network_configs","network_config.additional_pod_network_configs","network_config.create_pod_range","network_config.pod_cidr_overprovision_config","network_config.pod_ipv4_cidr_block","network_config.pod_range","network_config.subnetwork","placement_policy","project","queued_provisioning"], source: "google/services/container/resource_container_node_pool.go" },
  google_kms_crypto_key: { forcesNew: ["crypto_key_backend","destroy_scheduled_duration","import_only","key_ring","name","purpose","version_template.protection_level"], source: "google/services/kms/resource_kms_crypto_key.go" },
  google_kms_crypto_key_iam_member: { forcesNew: ["condition","crypto_key_id","member","role"], source: "google/services/kms/iam_kms_crypto_key.go + google/tpgiamresource/resource_iam_member.go" },
  google_kms_key_ring: { forcesNew: ["location","name","project"], source: "google/services/kms/resource_kms_key_ring.go" },
  google_logging_project_bucket_config: { forcesNew: ["bucket_id","location","project"], source: "google/services/logging/resource_logging_project_bucket_config.go" },
  google_lustre_instance: { forcesNew: ["dynamic_tier_options","filesystem","instance_id","kms_key","location","network","per_unit_storage_throughput","project"], source: "google/services/lustre/resource_lustre_instance.go" },
  google_monitoring_alert_policy: { forcesNew: ["project"], source: "google/services/monitoring/resource_monitoring_alert_policy.go" },
  google_monitoring_dashboard: { forcesNew: ["project"], source: "google/services/monitoring/resource_monitoring_dashboard.go" },
  google_monitoring_notification_channel: { forcesNew: ["project"], source: "google/services/monitoring/resource_monitoring_notification_channel.go" },
  google_project_iam_member: { forcesNew: ["condition","member","project","role"], source: "google/services/resourcemanager/iam_project.go + google/tpgiamresource/resource_iam_member.go" },
  google_pubsub_subscription: { forcesNew: ["enable_message_ordering","filter","name","project","tags","topic"], source: "google/services/pubsub/resource_pubsub_subscription.go" },
  google_pubsub_topic: { forcesNew: ["name","project","tags"], source: "google/services/pubsub/resource_pubsub_topic.go" },
  google_pubsub_topic_iam_member: { forcesNew: ["condition","member","project","role","topic"], source: "google/services/pubsub/iam_pubsub_topic.go + google/tpgiamresource/resource_iam_member.go" },
  google_service_account: { forcesNew: ["account_id","project"], source: "google/services/resourcemanager/resource_google_service_account.go" },
  google_service_account_iam_member: { forcesNew: ["condition","member","role","service_account_id"], source: "google/services/resourcemanager/iam_service_account.go + google/tpgiamresource/resource_iam_member.go" },
  google_service_networking_connection: { forcesNew: ["network","service"], source: "google/services/servicenetworking/resource_service_networking_connection.go" },
  google_sql_database: { forcesNew: ["instance","name","project"], source: "google/services/sql/resource_sql_database.go" },
  google_sql_database_instance: { forcesNew: ["encryption_key_name","name","project","region","replica_configuration.ca_certificate","replica_configuration.client_certificate","replica_configuration.client_key","replica_configuration.connect_retry_interval","replica_configuration.dump_file_path","replica_configuration.failover_target","replica_configuration.master_heartbeat_period","replica_configuration.password","replica_configuration.ssl_cipher","replica_configuration.username","replica_configuration.verify_server_certificate","settings.collation"], source: "google/services/sql/resource_sql_database_instance.go" },
  google_sql_user: { forcesNew: ["host","instance","name","project","type"], source: "google/services/sql/resource_sql_user.go" },
  google_storage_bucket: { forcesNew: ["custom_placement_config.data_locations","enable_object_retention","hierarchical_namespace","location","name","project"], source: "google/services/storage/resource_storage_bucket.go" },
  google_storage_bucket_iam_member: { forcesNew: ["bucket","condition","member","role"], source: "google/services/storage/iam_storage_bucket.go + google/tpgiamresource/resource_iam_member.go" },
  google_vertex_ai_endpoint: { forcesNew: ["encryption_spec","location","name","network","private_service_connect_config.enable_private_service_connect","project","region"], source: "google/services/vertexai/resource_vertex_ai_endpoint.go" },
  helm_release: { forcesNew: ["name", "namespace"], source: "hashicorp/terraform-provider-helm helm/resource_helm_release.go" },
  kubernetes_manifest: { forcesNew: ["manifest.apiVersion", "manifest.kind", "manifest.metadata.name", "manifest.metadata.namespace"], source: "hashicorp/terraform-provider-kubernetes v2.38.0 manifest/provider/plan.go (RequiresReplace; namespace for namespaced kinds; any change of a kind without an OpenAPI schema)" },
  kubernetes_namespace_v1: { forcesNew: ["metadata.generate_name", "metadata.name"], source: "hashicorp/terraform-provider-kubernetes kubernetes/schema_metadata.go (metadataSchema)" },
  kubernetes_persistent_volume_claim_v1: { forcesNew: ["metadata.generate_name", "metadata.name", "metadata.namespace", "spec.access_modes", "spec.resources.limits", "spec.selector", "spec.storage_class_name", "spec.volume_mode", "spec.volume_name"], source: "hashicorp/terraform-provider-kubernetes v2.38.0 kubernetes/schema_persistent_volume_claim.go + resource_kubernetes_persistent_volume_claim_v1.go CustomizeDiff (a smaller spec.resources.requests.storage also replaces)" },
  kubernetes_persistent_volume_v1: { forcesNew: ["metadata.generate_name", "metadata.name", "spec.persistent_volume_source", "spec.volume_mode"], source: "hashicorp/terraform-provider-kubernetes v2.38.0 kubernetes/resource_kubernetes_persistent_volume_v1.go (CustomizeDiff: any persistent_volume_source change)" },
  kubernetes_service_account_v1: { forcesNew: ["metadata.generate_name", "metadata.name", "metadata.namespace"], source: "hashicorp/terraform-provider-kubernetes kubernetes/schema_metadata.go (namespacedMetadataSchema)" },
};
