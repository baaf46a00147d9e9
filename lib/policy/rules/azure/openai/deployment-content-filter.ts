import { fail, pass, type ResourceRule } from "../../../types";

/** LLM-AZ-AOAI-2: model deployments name a content filter (RAI policy) this configuration owns. */
export const openAiDeploymentContentFilter: ResourceRule = {
  id: "LLM-AZ-AOAI-2",
  title: "Azure OpenAI model deployments name a content filter (RAI policy)",
  rationale:
    "A deployment without rai_policy_name gets whatever default filter the service applies at the time (Microsoft.DefaultV2 today), which nobody reviewed and a portal change can replace; a policy in the configuration makes the filter's categories, thresholds and blocking mode part of the reviewed plan.",
  fix: "Add an azurerm_cognitive_account_rai_policy (mode Blocking, a content_filter for each category on prompts and completions) and set rai_policy_name on the azurerm_cognitive_deployment (AzureOpenAiDeployment does).",
  severity: "warning",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_cognitive_deployment"],
  check(deployment) {
    const name = deployment.attributes.rai_policy_name;
    return typeof name === "string" && name.length > 0 ? pass : fail("runs on the service's default content filter (rai_policy_name is unset); name an azurerm_cognitive_account_rai_policy");
  },
};
