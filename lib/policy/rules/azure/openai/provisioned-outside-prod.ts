import { fail, pass, skip, type ResourceRule } from "../../../types";
import { attr, isProd } from "../../helpers";

/** Provisioned-throughput deployment SKUs (`sku.name`): billed by the hour per PTU, used or not. */
export const PROVISIONED_DEPLOYMENT_SKUS: readonly string[] = ["ProvisionedManaged", "GlobalProvisionedManaged", "DataZoneProvisionedManaged"];

/** LLM-AZ-AOAI-3: dev and staging deployments are pay-per-token, not provisioned throughput. */
export const openAiProvisionedOutsideProd: ResourceRule = {
  id: "LLM-AZ-AOAI-3",
  title: "Dev and staging Azure OpenAI deployments use pay-per-token SKUs, not provisioned throughput",
  rationale:
    "Provisioned throughput bills every PTU every hour whether or not a token is served (a Global deployment starts at 15 PTU, thousands of dollars a month); dev and staging traffic is far too low and bursty to use it.",
  fix: 'Set sku { name = "GlobalStandard" } (or "Standard" / "DataZoneStandard") on the azurerm_cognitive_deployment outside prod (AzureOpenAiDeployment deploys GlobalStandard unless told otherwise).',
  severity: "warning",
  packs: ["cost"],
  cloud: "azure",
  appliesTo: ["azurerm_cognitive_deployment"],
  check(deployment, stack) {
    if (stack.tier === undefined || isProd(stack)) return skip;
    const sku = attr(deployment, "sku.name");
    return typeof sku === "string" && PROVISIONED_DEPLOYMENT_SKUS.includes(sku) ? fail(`pays for provisioned throughput around the clock in ${stack.tier} (sku.name = ${sku}); use GlobalStandard`) : pass;
  },
};
