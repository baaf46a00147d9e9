import { CognitiveAccount } from "@cdktf/provider-azurerm/lib/cognitive-account";
import { CognitiveAccountCustomerManagedKeyA as CognitiveAccountCustomerManagedKey } from "@cdktf/provider-azurerm/lib/cognitive-account-customer-managed-key";
import { CognitiveAccountRaiPolicy } from "@cdktf/provider-azurerm/lib/cognitive-account-rai-policy";
import { CognitiveDeployment } from "@cdktf/provider-azurerm/lib/cognitive-deployment";
import type { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { openAiModelLifecycle } from "../../catalog/azure-openai-models";
import { today } from "../../catalog/kubernetes";
import { Annotations, Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import type { Tier } from "../../util/tier";
import { markComponent, type EnvironmentIdentity, type Grant, type IPrincipal } from "../common";
import { Checks, isUnknown } from "../private/checks";
import { stableId } from "../private/stable-id";
import { privateEndpoint, type IAzurePrivateEndpointNetwork } from "./private/endpoint";
import { ROLES } from "./private/facts";
import { assignRole, grantOf, roleWait } from "./private/roles";
import type { IAzureEncryptionKey } from "./key-vault";

/** Deployment SKUs azurerm 4.55 accepts (`sku.name`). */

/** The only RSA key size Azure AI services take for a customer-managed key. */
export const OPENAI_CMK_KEY_SIZE = 2048;
export const OPENAI_DEPLOYMENT_SKUS = ["Standard", "GlobalStandard", "DataZoneStandard", "GlobalBatch", "DataZoneBatch", "ProvisionedManaged", "GlobalProvisionedManaged", "DataZoneProvisionedManaged"] as const;
/** An Azure OpenAI deployment SKU. */
export type OpenAiDeploymentSku = (typeof OPENAI_DEPLOYMENT_SKUS)[number];

/** What the deployment does when its model version changes (azurerm `version_upgrade_option`). */
export const OPENAI_VERSION_UPGRADE_OPTIONS = ["OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired", "NoAutoUpgrade"] as const;
/** A `version_upgrade_option` value. */
export type OpenAiVersionUpgrade = (typeof OPENAI_VERSION_UPGRADE_OPTIONS)[number];

/** Data classifications (the spec's `data-classification` tag) whose prompts stay in a data zone (US or EU): `DataZoneStandard` by default, not `GlobalStandard`. */
export const DATA_ZONE_CLASSIFICATIONS = ["confidential", "restricted"] as const;

/**
 * Regions inside Azure OpenAI's two data zones, US and EU (EU member states), by the
 * deployment types page ("Data zone" deployments process within the zone). Outside them a
 * confidential or restricted deployment defaults to `Standard` (processed in the region).
 * Read from the region list, not from a per-region availability table: the model list
 * of the region (`az cognitiveservices model list -l <region>`) is the last word.
 */
export const DATA_ZONE_REGIONS: readonly string[] = [
  "centralus", "eastus", "eastus2", "northcentralus", "southcentralus", "westcentralus", "westus", "westus2", "westus3",
  "francecentral", "francesouth", "germanynorth", "germanywestcentral", "italynorth", "northeurope", "polandcentral", "spaincentral", "swedencentral", "westeurope",
];

/** Provisioned SKUs: billed hourly per PTU, used or not. */
export const PROVISIONED_SKUS: readonly OpenAiDeploymentSku[] = ["ProvisionedManaged", "GlobalProvisionedManaged", "DataZoneProvisionedManaged"];

/**
 * Provisioned throughput minimums and steps, in PTU (learn.microsoft.com/azure/ai-foundry/openai/concepts/provisioned-throughput,
 * "provisioned-throughput-onboarding"): Global and Data Zone deployments 15 minimum, steps of 5, for every model; regional
 * (`ProvisionedManaged`) per model. Models missing here are deployed with a warning, not refused.
 */
export const PTU_RULES = {
  global: { min: 15, step: 5 },
  regional: { "gpt-4o": { min: 50, step: 50 }, "gpt-4o-mini": { min: 25, step: 25 } } as Readonly<Record<string, { readonly min: number; readonly step: number }>>,
} as const;

/** One model deployment on the account. */
export interface AzureOpenAiModelDeployment {
  /** Deployment name clients call (`/openai/deployments/<name>`); keys the resource. */
  readonly name: string;
  /** Model name, e.g. `gpt-4o-mini`. */
  readonly model: string;
  /** Model version, e.g. `2025-12-11`: checked against the catalog's retirement dates (an error once retired, a warning within 90 days). */
  readonly version: string;
  /** What happens when the version changes: `OnceCurrentVersionExpired` keeps the version until it retires, then Azure moves the deployment to the default version (it keeps answering); `NoAutoUpgrade` stops answering at retirement. @default "OnceCurrentVersionExpired" */
  readonly versionUpgrade?: OpenAiVersionUpgrade;
  /** Model format (publisher). @default "OpenAI" */
  readonly format?: string;
  /** Deployment type. @default - the account's `dataClassification` decides: "DataZoneStandard" for confidential or restricted data, "GlobalStandard" otherwise */
  readonly sku?: OpenAiDeploymentSku;
  /** Capacity: units of 1,000 tokens per minute (Standard, Global, Data Zone, Batch), or PTUs (provisioned), counted against the subscription's quota per region and model. */
  readonly capacity: number;
}

/** Props of {@link AzureOpenAiDeployment}. */
export interface AzureOpenAiDeploymentProps {
  /** The environment; the account is named `<name>-<tier>-openai` (its custom subdomain too). */
  readonly environment: EnvironmentIdentity;
  /** The network: the account's private endpoint goes in its endpoints subnet; its record in the `openai` zone (`OpenAI`), or in the `cognitiveservices`, `openai` and `aiservices` zones (`AIServices`). */
  readonly network: IAzurePrivateEndpointNetwork;
  /**
   * The customer-managed key: an RSA 2048 key in a vault with access policies
   * ({@link AzureAccessPolicyKey}), which the account reads as its system-assigned identity
   * (granted get, wrap and unwrap here). Azure OpenAI takes no key through a user-assigned
   * identity nor from an RBAC vault (Azure OpenAI encryption docs). The account holds the
   * key's current version: the apply after a rotation re-points it.
   */
  readonly encryptionKey: IAzureEncryptionKey;
  /** Account kind: `OpenAI` (Azure OpenAI) or `AIServices` (Azure AI Foundry, OpenAI and other models). @default "OpenAI" */
  readonly kind?: "OpenAI" | "AIServices";
  /** Model deployments, keyed by name. @default [] */
  readonly deployments?: readonly AzureOpenAiModelDeployment[];
  /** Severity from which the content filter blocks hate, sexual, violence and self-harm, in prompts and completions. @default "Medium" */
  readonly contentFilterThreshold?: "Low" | "Medium" | "High";
  /** Classification of the data prompts carry (e.g. the environment's `data-classification` tag): `confidential` or `restricted` makes deployments default to `DataZoneStandard` (processed in the US or EU data zone) and warns on a Global SKU. @default - none: GlobalStandard */
  readonly dataClassification?: string;
}

type Settings = Pick<AzureOpenAiDeploymentProps, "kind" | "deployments" | "contentFilterThreshold"> & { readonly tier?: Tier; /** YYYY-MM-DD: retired model versions are problems on this day. @default - not checked */ readonly today?: string };

/** The harm categories the content filter blocks (the service's names). */
export const CONTENT_FILTER_CATEGORIES = ["Hate", "Sexual", "Violence", "SelfHarm"] as const;

/**
 * An Azure OpenAI (or AI Foundry `AIServices`) account with model deployments: a custom
 * subdomain (needed for the private endpoint and Entra ID), API keys off, public network
 * access off with a deny-by-default ACL, a private endpoint whose record goes in
 * `privatelink.openai.azure.com` (`OpenAI`), or in `privatelink.cognitiveservices.azure.com`,
 * `privatelink.openai.azure.com` and `privatelink.services.ai.azure.com` (`AIServices`: the
 * network must have those zones),
 * a customer-managed key from an access-policy vault read as the account's system-assigned identity, set after creation; a content filter
 * (`azurerm_cognitive_account_rai_policy`, blocking at `contentFilterThreshold`) named by
 * every deployment; deployments on their model version until it retires
 * (`OnceCurrentVersionExpired`), checked against the catalog's retirement dates (a retired
 * version is an error, one retiring within 90 days or deprecated a warning), in the US or
 * EU data zone (`DataZoneStandard`) for confidential or restricted data.
 *
 * Capacity is checked against the documented units and PTU minimums; quota (per
 * subscription, region and model) and whether the region offers the model and version are
 * not known at synth time: `az cognitiveservices usage list -l <region>` and
 * `az cognitiveservices model list -l <region>` say. Standard and Global Standard cost
 * nothing idle; provisioned SKUs bill every hour.
 */
export class AzureOpenAiDeployment extends Construct {
  public readonly account: CognitiveAccount;
  /** The account's customer-managed key (its vault gets diagnostics from the stack). */
  public readonly encryptionKey: IAzureEncryptionKey;
  /** The account's customer-managed key, set after the account is made (deployments wait for it). */
  public readonly customerManagedKey: CognitiveAccountCustomerManagedKey;
  public readonly contentFilter: CognitiveAccountRaiPolicy;
  public readonly privateEndpoint: PrivateEndpoint;
  public readonly accountName: string;
  public readonly kind: "OpenAI" | "AIServices";
  public readonly contentFilterThreshold: "Low" | "Medium" | "High";
  /** The account's endpoint, `https://<subdomain>.openai.azure.com/` or `.cognitiveservices.azure.com/`. */
  public readonly endpoint: string;
  /** The deployments, by name. */
  public readonly deployments: Readonly<Record<string, CognitiveDeployment>>;

  /** What the account uses for each prop left unset (the same in every tier; `sku` without a data classification, see {@link defaultSku}). */
  public static defaults(_tier: Tier): { readonly kind: "OpenAI"; readonly contentFilterThreshold: "Medium"; readonly sku: OpenAiDeploymentSku; readonly format: string; readonly versionUpgrade: OpenAiVersionUpgrade } {
    return { kind: "OpenAI", contentFilterThreshold: "Medium", sku: "GlobalStandard", format: "OpenAI", versionUpgrade: "OnceCurrentVersionExpired" };
  }

  /** The deployment SKU for a data classification: for confidential or restricted data `DataZoneStandard` (US or EU data zone), or `Standard` (the region) in a region outside both zones; `GlobalStandard` (any region) otherwise. */
  public static defaultSku(dataClassification?: string, region?: string): OpenAiDeploymentSku {
    if (!isDataZoneClassification(dataClassification)) return "GlobalStandard";
    return region === undefined || isUnknown(region) || DATA_ZONE_REGIONS.includes(region) ? "DataZoneStandard" : "Standard";
  }

  /** Warnings about deployments on `today`: model versions retiring soon, deprecated or not in the catalog, and Global SKUs for confidential or restricted data; by prop path. */
  public static warnings(deployments: readonly AzureOpenAiModelDeployment[], dataClassification: string | undefined, today: string, region?: string): readonly ValidationProblem[] {
    const found: ValidationProblem[] = [];
    deployments.forEach((dep, i) => {
      if (isUnknown(dep.model) || isUnknown(dep.version)) return;
      for (const message of openAiModelLifecycle(dep.model, dep.version, today).warnings) found.push({ path: `deployments.${i}.version`, message });
      const sku = dep.sku ?? AzureOpenAiDeployment.defaultSku(dataClassification, region);
      if (isDataZoneClassification(dataClassification) && sku.startsWith("Global")) {
        found.push({ path: `deployments.${i}.sku`, message: `${sku} may process ${dataClassification} prompts in any Azure region; DataZone${sku.slice("Global".length)} keeps them in the US or EU data zone (got ${show(sku)})` });
      }
      if (sku.startsWith("DataZone") && region !== undefined && !isUnknown(region) && !DATA_ZONE_REGIONS.includes(region)) {
        found.push({ path: `deployments.${i}.sku`, message: `${sku} runs in the US and EU data zones only, and ${region} is in neither (got ${show(sku)}); use Standard to process in the region` });
      }
    });
    return found;
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks().oneOf("kind", settings.kind, ["OpenAI", "AIServices"], "The account kind").oneOf("contentFilterThreshold", settings.contentFilterThreshold, ["Low", "Medium", "High"], "The content filter threshold");
    const seen = new Set<string>();
    (settings.deployments ?? []).forEach((dep, i) => {
      const at = `deployments.${i}`;
      checks.check(`${at}.name`, dep.name, (n) => (/^[A-Za-z0-9][\w.-]{1,63}$/.test(n) ? undefined : `takes 2-64 letters, digits, "_", "." and "-", starting with a letter or digit (got ${show(n)})`));
      if (seen.has(dep.name)) checks.add(`${at}.name`, dep.name, `repeats ${show(dep.name)}: list each deployment once, it keys one resource`);
      seen.add(dep.name);
      checks.check(`${at}.version`, dep.version, (v) => (v.length > 0 ? undefined : `names the model version, e.g. "2024-07-18": pinned versions do not move under clients (got ${show(v)})`));
      checks.oneOf(`${at}.sku`, dep.sku, OPENAI_DEPLOYMENT_SKUS, "The deployment type");
      checks.oneOf(`${at}.versionUpgrade`, dep.versionUpgrade, OPENAI_VERSION_UPGRADE_OPTIONS, "The version upgrade option");
      if (settings.today !== undefined && !isUnknown(dep.model) && !isUnknown(dep.version)) {
        const retired = openAiModelLifecycle(dep.model, dep.version, settings.today).problem;
        if (retired) checks.add(`${at}.version`, dep.version, retired);
      }
      const sku = dep.sku ?? "GlobalStandard";
      const quota = `quota is per subscription, region and model (az cognitiveservices usage list -l <region>)`;
      if (!PROVISIONED_SKUS.includes(sku)) {
        checks.int(`${at}.capacity`, dep.capacity, 1, undefined, `Capacity in units of 1,000 tokens per minute (${quota})`);
      } else {
        const rule = sku === "ProvisionedManaged" ? PTU_RULES.regional[dep.model] : PTU_RULES.global;
        if (rule) {
          checks.check(`${at}.capacity`, dep.capacity, (c) =>
            Number.isInteger(c) && c >= rule.min && c % rule.step === 0 ? undefined : `${sku} ${dep.model} takes at least ${rule.min} PTU in steps of ${rule.step} (got ${show(c)}); provisioned quota is separate from token quota, per subscription and region, and every PTU bills hourly`,
          );
        } else {
          checks.int(`${at}.capacity`, dep.capacity, 1, undefined, `Provisioned capacity (PTU; ${quota})`);
        }
        if (settings.tier === "dev") checks.add(`${at}.sku`, sku, `is provisioned throughput, billed every hour whether used or not: not for dev (got ${show(sku)}); use GlobalStandard or Standard`);
      }
    });
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AzureOpenAiDeploymentProps) {
    super(scope, id);
    markComponent(this, "inference");
    const d = AzureOpenAiDeployment.defaults(props.environment.tier);
    this.kind = props.kind ?? d.kind;
    this.contentFilterThreshold = props.contentFilterThreshold ?? d.contentFilterThreshold;
    const deployments = props.deployments ?? [];

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.accountName = namer.name("azure-cognitive-account", "environment.name", "openai");
    const filterName = namer.name("azure-cognitive-account", "environment.name", "content-filter");
    problems.addAll(namer.found);
    const day = today();
    problems.addAll(AzureOpenAiDeployment.validate({ kind: this.kind, contentFilterThreshold: this.contentFilterThreshold, deployments, tier: props.environment.tier, today: day }));
    // Azure AI services take RSA keys of 2048 bits only for a customer-managed key (Azure AI services encryption docs).
    const keySize = props.encryptionKey.keySize;
    if (keySize !== undefined && keySize !== OPENAI_CMK_KEY_SIZE) {
      problems.add("encryptionKey", `Azure AI services accept only RSA ${OPENAI_CMK_KEY_SIZE}-bit customer-managed keys (got a ${keySize}-bit key); give the account its own key, e.g. new AzureAccessPolicyKey(scope, "openai-key", { environment, network, purpose: "openai" }) (RSA ${OPENAI_CMK_KEY_SIZE} by default)`);
    }
    if (props.encryptionKey.vaultAuthorization === "rbac") {
      problems.add("encryptionKey", `Azure OpenAI takes a customer-managed key only from a vault with access policies, through its system-assigned identity (Azure OpenAI encryption docs), and this key's vault uses Azure RBAC; give the account a key of its own, e.g. new AzureAccessPolicyKey(scope, "openai-key", { environment, network, purpose: "openai" })`);
    }
    problems.throwIfAny(`AzureOpenAiDeployment ${this.node.path}`);
    this.encryptionKey = props.encryptionKey;

    this.account = new CognitiveAccount(this, "account", {
      resourceGroupName: props.network.resourceGroupName,
      location: props.network.location,
      name: this.accountName,
      kind: this.kind,
      skuName: "S0",
      customSubdomainName: this.accountName,
      localAuthEnabled: false,
      publicNetworkAccessEnabled: false,
      networkAcls: { defaultAction: "Deny", bypass: "None" },
      // Azure OpenAI reads a customer-managed key only as its system-assigned identity.
      identity: { type: "SystemAssigned" },
      // The key is set by its own resource below: the account's block would be read back and fought over.
      lifecycle: { ignoreChanges: ["customer_managed_key"] },
    });
    // The system identity exists once the account does: the account is made with Microsoft-managed keys and takes the
    // customer-managed key afterwards (AI services encryption docs), once the identity may read it.
    const keyGrant = props.encryptionKey.grantEncryptDecrypt({ principalId: this.account.identity.principalId });
    this.customerManagedKey = new CognitiveAccountCustomerManagedKey(this, "key", {
      cognitiveAccountId: this.account.id,
      keyVaultKeyId: props.encryptionKey.versionedKeyId,
      dependsOn: [...props.encryptionKey.dependables, ...roleWait(this, keyGrant.dependables), ...keyGrant.dependables],
    });
    this.endpoint = this.account.endpoint;
    const zones = this.kind === "AIServices" ? (["cognitiveservices", "openai", "aiservices"] as const) : (["openai"] as const);
    // One change of the account at a time: the endpoint and the content filter wait for the key's.
    this.privateEndpoint = privateEndpoint(this, "endpoint", props.network, zones[0], `${this.accountName}-pe`, this.account.id, zones.slice(1), [this.customerManagedKey]);
    this.contentFilter = new CognitiveAccountRaiPolicy(this, "content-filter", {
      dependsOn: [this.customerManagedKey],
      name: filterName,
      cognitiveAccountId: this.account.id,
      basePolicyName: "Microsoft.Default",
      mode: "Blocking",
      contentFilter: CONTENT_FILTER_CATEGORIES.flatMap((name) => (["Prompt", "Completion"] as const).map((source) => ({ name, source, filterEnabled: true, blockEnabled: true, severityThreshold: this.contentFilterThreshold }))),
    });
    for (const w of AzureOpenAiDeployment.warnings(deployments, props.dataClassification, day, props.network.location)) Annotations.of(this).addWarning(`AzureOpenAiDeployment ${this.node.path}: ${w.path}: ${w.message}`);
    const made: Record<string, CognitiveDeployment> = {};
    for (const dep of deployments) {
      const sku = dep.sku ?? AzureOpenAiDeployment.defaultSku(props.dataClassification, props.network.location);
      if (sku === "ProvisionedManaged" && !PTU_RULES.regional[dep.model] && !isUnknown(dep.model)) {
        Annotations.of(this).addWarning(`AzureOpenAiDeployment ${this.node.path}: deployment ${show(dep.name)}: the regional PTU minimum of ${show(dep.model)} is not in this library's data; Azure refuses a capacity below it at apply (see the provisioned throughput onboarding page).`);
      }
      // Keyed by the deployment's name: adding or removing another deployment moves nothing.
      made[dep.name] = new CognitiveDeployment(this, stableId("deployment", dep.name, dep.name), {
        name: dep.name,
        cognitiveAccountId: this.account.id,
        model: { format: dep.format ?? d.format, name: dep.model, version: dep.version },
        sku: { name: sku, capacity: dep.capacity },
        raiPolicyName: this.contentFilter.name,
        versionUpgradeOption: dep.versionUpgrade ?? d.versionUpgrade,
        // Nothing is stored under Microsoft-managed keys: models deploy once the account holds the customer-managed key.
        dependsOn: [this.customerManagedKey],
      });
    }
    this.deployments = made;
  }

  /** Lets a principal call the deployments (Cognitive Services OpenAI User on the account), keyed by value. */
  public grantInvoke(principal: IPrincipal): Grant {
    return grantOf(assignRole(this, "invoker", principal, ROLES.cognitiveServicesOpenAiUser, this.account.id));
  }
}

function isDataZoneClassification(classification: string | undefined): boolean {
  return classification !== undefined && (DATA_ZONE_CLASSIFICATIONS as readonly string[]).includes(classification.toLowerCase());
}
