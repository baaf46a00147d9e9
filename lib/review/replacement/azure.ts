import type { ReplacementEntry } from "./types";

/**
 * Replacement-forcing arguments of every azurerm resource type the library emits (the
 * types of the synthesized Azure example, and the GPU pool's capacity reservations),
 * read from the provider's schema source at hashicorp/terraform-provider-azurerm v4.55.0
 * (the version @cdktf/provider-azurerm 14.23.1 is built from): attributes marked
 * `ForceNew: true`, nested ones as dotted paths, those of shared schema helpers that
 * force a new resource (`commonschema.Location`, `ResourceGroupName`, the `*ForceNew`
 * zone and reference helpers; the consumption budgets' base arguments), and the paths
 * a `CustomizeDiff` may force new (`ForceNewIfChange`, `ForceNew(...)`: for example an
 * AKS network policy change, a storage account's replication from or to zone-redundant):
 * those replace only on some changes, and the table errs on the side of replacement.
 * Regenerate when the provider is bumped or a construct emits a new type.
 */
export const AZURE_REPLACEMENT: Readonly<Record<string, ReplacementEntry>> = {
  azurerm_application_insights: { forcesNew: ["application_type","location","name","resource_group_name"], source: "internal/services/applicationinsights/application_insights_resource.go" },
  azurerm_capacity_reservation: { forcesNew: ["capacity_reservation_group_id","name","sku.name","zone"], source: "internal/services/compute/capacity_reservation_resource.go" },
  azurerm_capacity_reservation_group: { forcesNew: ["location","name","resource_group_name","zones"], source: "internal/services/compute/capacity_reservation_group_resource.go" },
  azurerm_cognitive_account: { forcesNew: ["custom_subdomain_name","customer_managed_key","kind","location","metrics_advisor_aad_client_id","metrics_advisor_aad_tenant_id","metrics_advisor_super_user_name","metrics_advisor_website_name","name","project_management_enabled","resource_group_name"], source: "internal/services/cognitive/cognitive_account_resource.go" },
  azurerm_cognitive_account_rai_policy: { forcesNew: ["base_policy_name","cognitive_account_id","name"], source: "internal/services/cognitive/cognitive_account_rai_policy_resource.go" },
  azurerm_cognitive_account_customer_managed_key: { forcesNew: ["cognitive_account_id"], source: "internal/services/cognitive/cognitive_account_customer_managed_key_resource.go" },
  azurerm_cognitive_deployment: { forcesNew: ["cognitive_account_id","model","model.format","model.name","name","sku.family","sku.name","sku.size","sku.tier"], source: "internal/services/cognitive/cognitive_deployment_resource.go" },
  azurerm_consumption_budget_resource_group: { forcesNew: ["name","resource_group_id","time_grain","time_period.start_date"], source: "internal/services/consumption/consumption_budget_resource_group_resource.go" },
  azurerm_container_registry: { forcesNew: ["location","name","resource_group_name","zone_redundancy_enabled"], source: "internal/services/containers/container_registry_resource.go" },
  azurerm_federated_identity_credential: { forcesNew: ["name","parent_id","resource_group_name"], source: "internal/services/managedidentity/federated_identity_credential_resource.go" },
  azurerm_key_vault: { forcesNew: ["location","name","resource_group_name"], source: "internal/services/keyvault/key_vault_resource.go" },
  azurerm_key_vault_access_policy: { forcesNew: ["application_id","key_vault_id","object_id","tenant_id"], source: "internal/services/keyvault/key_vault_access_policy_resource.go" },
  azurerm_key_vault_key: { forcesNew: ["curve","expiration_date","key_size","key_type","key_vault_id","name"], source: "internal/services/keyvault/key_vault_key_resource.go" },
  azurerm_kubernetes_cluster: { forcesNew: ["api_server_access_profile.subnet_id","default_node_pool.capacity_reservation_group_id","default_node_pool.gpu_driver","default_node_pool.gpu_instance","default_node_pool.host_group_id","default_node_pool.node_public_ip_prefix_id","default_node_pool.proximity_placement_group_id","default_node_pool.type","default_node_pool.upgrade_settings.drain_timeout_in_minutes","default_node_pool.upgrade_settings.undrainable_node_behavior","disk_encryption_set_id","dns_prefix","dns_prefix_private_cluster","edge_zone","kubelet_identity.client_id","kubelet_identity.object_id","kubelet_identity.user_assigned_identity_id","linux_profile.admin_username","linux_profile.ssh_key.key_data","location","name","network_profile","network_profile.dns_service_ip","network_profile.ip_versions","network_profile.load_balancer_profile","network_profile.load_balancer_sku","network_profile.nat_gateway_profile","network_profile.network_data_plane","network_profile.network_mode","network_profile.network_plugin","network_profile.network_plugin_mode","network_profile.network_policy","network_profile.pod_cidr","network_profile.pod_cidrs","network_profile.service_cidr","network_profile.service_cidrs","node_resource_group","private_cluster_enabled","private_dns_zone_id","resource_group_name","role_based_access_control_enabled","service_principal.client_id","windows_profile.admin_username","windows_profile.gmsa","windows_profile.gmsa.dns_server","windows_profile.gmsa.root_domain"], source: "internal/services/containers/kubernetes_cluster_resource.go" },
  azurerm_kubernetes_cluster_node_pool: { forcesNew: ["capacity_reservation_group_id","eviction_policy","gpu_driver","gpu_instance","host_group_id","kubernetes_cluster_id","name","node_public_ip_prefix_id","os_sku","os_type","priority","proximity_placement_group_id","spot_max_price","upgrade_settings.drain_timeout_in_minutes","upgrade_settings.undrainable_node_behavior","windows_profile","windows_profile.outbound_nat_enabled"], source: "internal/services/containers/kubernetes_cluster_node_pool_resource.go" },
  azurerm_log_analytics_workspace: { forcesNew: ["location","name","resource_group_name","sku"], source: "internal/services/loganalytics/log_analytics_workspace_resource.go" },
  azurerm_machine_learning_workspace: { forcesNew: ["application_insights_id","container_registry_id","encryption","high_business_impact","key_vault_id","location","managed_network.provision_on_creation_enabled","name","resource_group_name","service_side_encryption_enabled","storage_account_id"], source: "internal/services/machinelearning/machine_learning_workspace_resource.go" },
  azurerm_managed_lustre_file_system: { forcesNew: ["encryption_key","hsm_setting","hsm_setting.container_id","hsm_setting.import_prefix","hsm_setting.logging_container_id","identity","location","name","resource_group_name","sku_name","storage_capacity_in_tb","subnet_id","zones"], source: "internal/services/storagecache/managed_lustre_file_system_resource.go" },
  azurerm_monitor_action_group: { forcesNew: ["location","name","resource_group_name"], source: "internal/services/monitor/monitor_action_group_resource.go" },
  azurerm_monitor_alert_prometheus_rule_group: { forcesNew: ["location","name","resource_group_name"], source: "internal/services/monitor/monitor_alert_prometheus_rule_group_resource.go" },
  azurerm_monitor_data_collection_endpoint: { forcesNew: ["location","name","resource_group_name"], source: "internal/services/monitor/monitor_data_collection_endpoint_resource.go" },
  azurerm_monitor_data_collection_rule: { forcesNew: ["kind","location","name","resource_group_name"], source: "internal/services/monitor/monitor_data_collection_rule_resource.go" },
  azurerm_monitor_data_collection_rule_association: { forcesNew: ["name","target_resource_id"], source: "internal/services/monitor/monitor_data_collection_rule_association_resource.go" },
  azurerm_monitor_diagnostic_setting: { forcesNew: ["name","target_resource_id"], source: "internal/services/monitor/monitor_diagnostic_setting_resource.go" },
  azurerm_monitor_metric_alert: { forcesNew: ["name","resource_group_name"], source: "internal/services/monitor/monitor_metric_alert_resource.go" },
  azurerm_monitor_workspace: { forcesNew: ["location","name","resource_group_name"], source: "internal/services/monitor/monitor_workspace_resource.go" },
  azurerm_nat_gateway: { forcesNew: ["location","name","resource_group_name","zones"], source: "internal/services/network/nat_gateway_resource.go" },
  azurerm_nat_gateway_public_ip_association: { forcesNew: ["nat_gateway_id","public_ip_address_id"], source: "internal/services/network/nat_gateway_public_ip_association_resource.go" },
  azurerm_network_security_group: { forcesNew: ["location","name","resource_group_name"], source: "internal/services/network/network_security_group_resource.go" },
  azurerm_portal_dashboard: { forcesNew: ["location","name","resource_group_name"], source: "internal/services/portal/portal_dashboard_resource.go" },
  azurerm_postgresql_flexible_server: { forcesNew: ["administrator_login","customer_managed_key","delegated_subnet_id","geo_redundant_backup_enabled","identity.0.type","location","name","point_in_time_restore_time_in_utc","resource_group_name","source_server_id","storage_mb","version"], source: "internal/services/postgres/postgresql_flexible_server_resource.go" },
  azurerm_postgresql_flexible_server_active_directory_administrator: { forcesNew: ["object_id","principal_name","principal_type","resource_group_name","server_name","tenant_id"], source: "internal/services/postgres/postgresql_flexible_server_active_directory_administrator_resource.go" },
  azurerm_postgresql_flexible_server_configuration: { forcesNew: ["name","server_id"], source: "internal/services/postgres/postgresql_flexible_server_configuration_resource.go" },
  azurerm_postgresql_flexible_server_database: { forcesNew: ["charset","collation","name","server_id"], source: "internal/services/postgres/postgresql_flexible_server_database_resource.go" },
  azurerm_private_dns_zone: { forcesNew: ["name","resource_group_name","soa_record"], source: "internal/services/privatedns/private_dns_zone_resource.go" },
  azurerm_private_dns_zone_virtual_network_link: { forcesNew: ["name","private_dns_zone_name","resource_group_name","virtual_network_id"], source: "internal/services/privatedns/private_dns_zone_virtual_network_link_resource.go" },
  azurerm_private_endpoint: { forcesNew: ["custom_network_interface_name","ip_configuration.member_name","ip_configuration.name","ip_configuration.private_ip_address","ip_configuration.subresource_name","location","name","private_service_connection.is_manual_connection","private_service_connection.name","private_service_connection.private_connection_resource_alias","private_service_connection.private_connection_resource_id","private_service_connection.subresource_names","resource_group_name","subnet_id"], source: "internal/services/network/private_endpoint_resource.go" },
  azurerm_public_ip: { forcesNew: ["domain_name_label_scope","edge_zone","ip_tags","ip_version","location","name","public_ip_prefix_id","resource_group_name","sku","sku_tier","zones"], source: "internal/services/network/public_ip_resource.go" },
  azurerm_resource_group: { forcesNew: ["location","name"], source: "internal/services/resource/resource_group_resource.go" },
  azurerm_role_assignment: { forcesNew: ["condition","condition_version","delegated_managed_identity_resource_id","description","name","principal_id","principal_type","role_definition_id","role_definition_name","scope"], source: "internal/services/authorization/role_assignment_resource.go" },
  azurerm_search_service: { forcesNew: ["hosting_mode","location","name","resource_group_name","sku"], source: "internal/services/search/search_service_resource.go" },
  azurerm_storage_account: { forcesNew: ["account_kind","account_replication_type","account_tier","dns_endpoint_type","edge_zone","immutability_policy","immutability_policy.state","infrastructure_encryption_enabled","is_hns_enabled","large_file_share_enabled","location","name","nfsv3_enabled","provisioned_billing_model_version","queue_encryption_key_type","resource_group_name","table_encryption_key_type"], source: "internal/services/storage/storage_account_resource.go" },
  azurerm_storage_container: { forcesNew: ["default_encryption_scope","encryption_scope_override_enabled","name","storage_account_id","storage_account_name"], source: "internal/services/storage/storage_container_resource.go" },
  azurerm_storage_management_policy: { forcesNew: ["storage_account_id"], source: "internal/services/storage/storage_management_policy_resource.go" },
  azurerm_subnet: { forcesNew: ["name","resource_group_name","virtual_network_name"], source: "internal/services/network/subnet_resource.go" },
  azurerm_subnet_nat_gateway_association: { forcesNew: ["nat_gateway_id","subnet_id"], source: "internal/services/network/subnet_nat_gateway_association_resource.go" },
  azurerm_subnet_network_security_group_association: { forcesNew: ["network_security_group_id","subnet_id"], source: "internal/services/network/subnet_network_security_group_association_resource.go" },
  azurerm_user_assigned_identity: { forcesNew: ["location","name","resource_group_name"], source: "internal/services/managedidentity/user_assigned_identity_resource.go" },
  azurerm_virtual_network: { forcesNew: ["edge_zone","location","name","resource_group_name"], source: "internal/services/network/virtual_network_resource.go" },
  azurerm_virtual_network_peering: { forcesNew: ["name","only_ipv6_peering_enabled","peer_complete_virtual_networks_enabled","remote_virtual_network_id","resource_group_name","virtual_network_name"], source: "internal/services/network/virtual_network_peering_resource.go" },
  // hashicorp/time (the RBAC propagation waits): `triggers` has RequiresReplace; the durations update in place.
  time_sleep: { forcesNew: ["triggers"], source: "hashicorp/terraform-provider-time internal/provider/resource_time_sleep.go" },
};
