import { CognitiveAccount } from "@cdktf/provider-azurerm/lib/cognitive-account";
import { CognitiveAccountRaiPolicy } from "@cdktf/provider-azurerm/lib/cognitive-account-rai-policy";
import { CognitiveDeployment } from "@cdktf/provider-azurerm/lib/cognitive-deployment";
import type { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
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
import type { IAzureEncryptionKey, IAzureIdentity } from "./key-vault";

/** Deployment SKUs azurerm 4.55 accepts (`sku.name`). */

/** The only RSA key size Azure AI services take for a customer-managed key. */
export const OPENAI_CMK_KEY_SIZE = 2048;
export const OPENAI_DEPLOYMENT_SKUS = ["Standard", "GlobalStandard", "DataZoneStandard", "GlobalBatch", "DataZoneBatch", "ProvisionedManaged", "GlobalProvisionedManaged", "DataZoneProvisionedManaged"] as const;
/** An Azure OpenAI deployment SKU. */
export type OpenAiDeploymentSku = (typeof OPENAI_DEPLOYMENT_SKUS)[number];

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
  /** Model version, e.g. `2024-07-18` (pinned: no automatic upgrade). */
  readonly version: string;
  /** Model format (publisher). @default "OpenAI" */
  readonly format?: string;
  /** Deployment type. @default "GlobalStandard" */
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
  /** The customer-managed key (versionless: the account follows rotation). */
  readonly encryptionKey: IAzureEncryptionKey;
  /** User-assigned identity the account reads the key as (granted encrypt/decrypt on it here). */
  readonly keyIdentity: IAzureIdentity;
  /** Account kind: `OpenAI` (Azure OpenAI) or `AIServices` (Azure AI Foundry, OpenAI and other models). @default "OpenAI" */
  readonly kind?: "OpenAI" | "AIServices";
  /** Model deployments, keyed by name. @default [] */
  readonly deployments?: readonly AzureOpenAiModelDeployment[];
  /** Severity from which the content filter blocks hate, sexual, violence and self-harm, in prompts and completions. @default "Medium" */
  readonly contentFilterThreshold?: "Low" | "Medium" | "High";
}

type Settings = Pick<AzureOpenAiDeploymentProps, "kind" | "deployments" | "contentFilterThreshold"> & { readonly tier?: Tier };

/** The harm categories the content filter blocks (the service's names). */
export const CONTENT_FILTER_CATEGORIES = ["Hate", "Sexual", "Violence", "SelfHarm"] as const;

/**
 * An Azure OpenAI (or AI Foundry `AIServices`) account with model deployments: a custom
 * subdomain (needed for the private endpoint and Entra ID), API keys off, public network
 * access off with a deny-by-default ACL, a private endpoint whose record goes in
 * `privatelink.openai.azure.com` (`OpenAI`), or in `privatelink.cognitiveservices.azure.com`,
 * `privatelink.openai.azure.com` and `privatelink.services.ai.azure.com` (`AIServices`: the
 * network must have those zones),
 * a customer-managed key through a user-assigned identity; a content filter
 * (`azurerm_cognitive_account_rai_policy`, blocking at `contentFilterThreshold`) named by
 * every deployment; deployments pinned to their model version.
 *
 * Capacity is checked against the documented units and PTU minimums; quota (per
 * subscription, region and model) and whether the region offers the model and version are
 * not known at synth time: `az cognitiveservices usage list -l <region>` and
 * `az cognitiveservices model list -l <region>` say. Standard and Global Standard cost
 * nothing idle; provisioned SKUs bill every hour.
 */
export class AzureOpenAiDeployment extends Construct {
  public readonly account: CognitiveAccount;
  public readonly contentFilter: CognitiveAccountRaiPolicy;
  public readonly privateEndpoint: PrivateEndpoint;
  public readonly accountName: string;
  public readonly kind: "OpenAI" | "AIServices";
  public readonly contentFilterThreshold: "Low" | "Medium" | "High";
  /** The account's endpoint, `https://<subdomain>.openai.azure.com/` or `.cognitiveservices.azure.com/`. */
  public readonly endpoint: string;
  /** The deployments, by name. */
  public readonly deployments: Readonly<Record<string, CognitiveDeployment>>;

  /** What the account uses for each prop left unset (the same in every tier). */
  public static defaults(_tier: Tier): { readonly kind: "OpenAI"; readonly contentFilterThreshold: "Medium"; readonly sku: OpenAiDeploymentSku; readonly format: string } {
    return { kind: "OpenAI", contentFilterThreshold: "Medium", sku: "GlobalStandard", format: "OpenAI" };
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
    problems.addAll(AzureOpenAiDeployment.validate({ kind: this.kind, contentFilterThreshold: this.contentFilterThreshold, deployments, tier: props.environment.tier }));
    // Azure AI services take RSA keys of 2048 bits only for a customer-managed key (Azure AI services encryption docs).
    const keySize = props.encryptionKey.keySize;
    if (keySize !== undefined && keySize !== OPENAI_CMK_KEY_SIZE) {
      problems.add("encryptionKey", `Azure AI services accept only RSA ${OPENAI_CMK_KEY_SIZE}-bit customer-managed keys (got a ${keySize}-bit key); give the account its own key, e.g. keyVault.addKey("openai", { keySize: ${OPENAI_CMK_KEY_SIZE} })`);
    }
    problems.throwIfAny(`AzureOpenAiDeployment ${this.node.path}`);

    const keyGrant = props.encryptionKey.grantEncryptDecrypt(props.keyIdentity);
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
      identity: { type: "UserAssigned", identityIds: [props.keyIdentity.identityId] },
      customerManagedKey: { keyVaultKeyId: props.encryptionKey.keyId, identityClientId: props.keyIdentity.clientId },
      dependsOn: [...props.encryptionKey.dependables, ...roleWait(this, keyGrant.dependables)],
    });
    this.endpoint = this.account.endpoint;
    const zones = this.kind === "AIServices" ? (["cognitiveservices", "openai", "aiservices"] as const) : (["openai"] as const);
    this.privateEndpoint = privateEndpoint(this, "endpoint", props.network, zones[0], `${this.accountName}-pe`, this.account.id, zones.slice(1));
    this.contentFilter = new CognitiveAccountRaiPolicy(this, "content-filter", {
      name: filterName,
      cognitiveAccountId: this.account.id,
      basePolicyName: "Microsoft.Default",
      mode: "Blocking",
      contentFilter: CONTENT_FILTER_CATEGORIES.flatMap((name) => (["Prompt", "Completion"] as const).map((source) => ({ name, source, filterEnabled: true, blockEnabled: true, severityThreshold: this.contentFilterThreshold }))),
    });
    const made: Record<string, CognitiveDeployment> = {};
    for (const dep of deployments) {
      const sku = dep.sku ?? d.sku;
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
        versionUpgradeOption: "NoAutoUpgrade",
      });
    }
    this.deployments = made;
  }

  /** Lets a principal call the deployments (Cognitive Services OpenAI User on the account), keyed by value. */
  public grantInvoke(principal: IPrincipal): Grant {
    return grantOf(assignRole(this, "invoker", principal, ROLES.cognitiveServicesOpenAiUser, this.account.id));
  }
}
