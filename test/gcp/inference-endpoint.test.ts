import { describe, expect, it } from "vitest";
import { GcpInferenceEndpoint, type GcpInferenceEndpointProps } from "../../lib/constructs/gcp/inference-endpoint";
import type { Construct } from "../../lib/cdk";
import { DEV, PROD, only, problemsOf } from "../helpers";
import { PROJECT, REGION, key, network, synthGcp, type Env } from "./helpers";

const endpoint = (s: Construct, props: Partial<GcpInferenceEndpointProps> = {}, environment: Env = DEV) =>
  new GcpInferenceEndpoint(s, "inference", { environment, project: PROJECT, region: REGION, encryptionKey: key(s, ["vertex"], environment), ...props });

describe("GcpInferenceEndpoint", () => {
  it("is private through Private Service Connect, CMEK-encrypted after the Vertex AI agent's grant, with a stable numeric name", () => {
    // given / when
    const doc = synthGcp((s) => {
      const e = endpoint(s, { labels: { team: "ml" } });
      expect([e.private, e.customerManagedKey, e.endpointId]).toEqual([true, true, GcpInferenceEndpoint.deriveEndpointName(PROJECT, REGION, DEV)]);
    });
    // then
    const e = only(doc, "google_vertex_ai_endpoint");
    expect(e).toMatchObject({
      location: REGION,
      display_name: "acme-dev-inference",
      private_service_connect_config: { enable_private_service_connect: true, project_allowlist: [PROJECT] },
      dedicated_endpoint_enabled: false,
      labels: { team: "ml" },
    });
    expect(e.name).toMatch(/^[1-9]\d{9}$/);
    expect(e.name).toBe(GcpInferenceEndpoint.deriveEndpointName(PROJECT, REGION, DEV));
    expect(GcpInferenceEndpoint.deriveEndpointName(PROJECT, REGION, PROD)).not.toBe(e.name);
    expect((e.encryption_spec as { kms_key_name: string }).kms_key_name).toMatch(/google_kms_crypto_key\.key_\w+\.id/);
    expect(e.depends_on).toEqual([expect.stringMatching(/^google_kms_crypto_key_iam_member\.key_agent-vertex_\w+$/)]);
    expect(e.network).toBeUndefined();
    expect(e.predict_request_response_logging_config).toBeUndefined();
  });

  it("peers with the VPC by project number after the private services access connection, and logs to BigQuery when asked", () => {
    const doc = synthGcp((s) => endpoint(s, { network: network(s), requestLogging: { bigqueryUri: "bq://acme-llm-dev.inference", samplingRate: 0.1 } }));
    const e = only(doc, "google_vertex_ai_endpoint");
    expect(e.network).toMatch(/^projects\/\$\{data\.google_project\.inference_project_\w+\.number\}\/global\/networks\/acme-dev-vpc$/);
    expect(e.private_service_connect_config).toBeUndefined();
    expect(e.depends_on).toContainEqual(expect.stringMatching(/^google_service_networking_connection\./));
    expect(e.predict_request_response_logging_config).toEqual({ enabled: true, sampling_rate: 0.1, bigquery_destination: { output_uri: "bq://acme-llm-dev.inference" } });
  });

  it("deploys a Hugging Face model through Model Garden on the catalog's machine, spot in dev, at least one replica, with no key or private access", () => {
    const doc = synthGcp((s) => {
      const e = endpoint(s, { model: { huggingFace: "meta-llama/Llama-3.1-8B-Instruct", acceptEula: true, huggingFaceTokenSecret: "hf-token", accelerator: "nvidia-l4", replicas: { min: 1, max: 3 } } });
      expect([e.private, e.customerManagedKey, e.spot]).toEqual([false, false, true]);
    });
    expect(doc.resource.google_vertex_ai_endpoint).toBeUndefined();
    const d = only(doc, "google_vertex_ai_endpoint_with_model_garden_deployment");
    expect(d).toMatchObject({
      location: REGION,
      hugging_face_model_id: "meta-llama/Llama-3.1-8B-Instruct",
      endpoint_config: { endpoint_display_name: "acme-dev-inference", dedicated_endpoint_enabled: false },
      deploy_config: { dedicated_resources: { machine_spec: { machine_type: "g2-standard-4", accelerator_type: "NVIDIA_L4", accelerator_count: 1 }, min_replica_count: 1, max_replica_count: 3, spot: true } },
    });
    expect(d.encryption_spec).toBeUndefined();
    // the gated model's license is accepted and its token read from Secret Manager, never written into the JSON
    expect(d.model_config).toEqual({ accept_eula: true, hugging_face_access_token: expect.stringMatching(/^\$\{data\.google_secret_manager_secret_version_access\.inference_hugging-face-token_\w+\.secret_data\}$/) });
    expect(Object.values(doc.data?.google_secret_manager_secret_version_access ?? {})).toEqual([{ project: PROJECT, secret: "hf-token" }]);
  });

  it("refuses a gated model (meta-llama, gemma) without its license accepted or a token, and a literal token, naming the fields", () => {
    // given a gated model with nothing set
    expect(problemsOf(() => synthGcp((s) => endpoint(s, { model: { huggingFace: "meta-llama/Llama-3.1-8B-Instruct", accelerator: "nvidia-l4" } })))).toEqual([
      expect.stringMatching(/^model\.acceptEula: meta-llama\/Llama-3\.1-8B-Instruct is a gated model whose license must be accepted/),
      expect.stringMatching(/^model\.huggingFaceTokenSecret: meta-llama\/Llama-3\.1-8B-Instruct is a gated Hugging Face model: its weights download only with a read token/),
    ]);
    // a literal token would land in cdk.tf.json
    expect(GcpInferenceEndpoint.validateOpenModel({ huggingFace: "google/gemma-2-2b-it", acceptEula: true, huggingFaceAccessToken: "hf_abcdef" })).toEqual([{ path: "model.huggingFaceAccessToken", message: expect.stringMatching(/is a literal token/) }]);
    // an open (ungated) model needs neither
    expect(GcpInferenceEndpoint.validateOpenModel({ huggingFace: "Qwen/Qwen3-0.6B" })).toEqual([]);
  });

  it("runs on-demand outside dev and gives a TPU its topology", () => {
    const doc = synthGcp((s) => endpoint(s, { model: { huggingFace: "google/gemma-2-2b-it", acceptEula: true, huggingFaceTokenSecret: "hf-token", accelerator: "google-tpu-v5e", acceleratorsPerReplica: 4 } }, PROD));
    expect(only(doc, "google_vertex_ai_endpoint_with_model_garden_deployment").deploy_config).toMatchObject({
      dedicated_resources: { machine_spec: { machine_type: "ct5lp-hightpu-4t", accelerator_type: "TPU_V5_LITEPOD", tpu_topology: "2x2" }, min_replica_count: 1, max_replica_count: 1, spot: false },
    });
    expect(GcpInferenceEndpoint.defaults("staging")).toEqual({ replicas: { min: 1, max: 1 }, spot: false });
  });

  it("rejects a bad name, logging target, zero replicas, a region without the machine and options an open model cannot take", () => {
    expect(problemsOf(() => synthGcp((s) => endpoint(s, { endpointName: "0123", requestLogging: { bigqueryUri: "acme.logs", samplingRate: 2 }, encryptionKey: key(s, ["vertex"], DEV, "europe-west4", "other") })))).toEqual([
      expect.stringMatching(/^endpointName: a Vertex AI endpoint name is numeric, at most 10 digits, no leading zero \(got "0123"\)/),
      expect.stringMatching(/^requestLogging\.bigqueryUri: takes "bq:\/\/<project>/),
      expect.stringMatching(/^requestLogging\.samplingRate: .* at most 1 \(got 2\)/),
      expect.stringMatching(/^encryptionKey: a Vertex AI endpoint in "us-central1" takes a key in the same region \(got a key in "europe-west4"\)/),
    ]);
    expect(problemsOf(() => synthGcp((s) => endpoint(s, { network: network(s), model: { huggingFace: "bad id", accelerator: "nvidia-l4", replicas: { min: 0, max: 2 } } })))).toEqual([
      expect.stringMatching(/^model\.replicas\.min: Vertex AI replicas .* at least 1 \(got 0\)/),
      expect.stringMatching(/^model\.huggingFace: takes a Hugging Face model id/),
      expect.stringMatching(/^model: a Model Garden deployment makes its own public endpoint in provider 6\.50/),
    ]);
    const elsewhere = problemsOf(() => synthGcp((s) => endpoint(s, { region: "asia-south1", encryptionKey: key(s, ["vertex"], DEV, "asia-south1", "south"), model: { huggingFace: "a/b", accelerator: "nvidia-l4" } })));
    expect(elsewhere).toEqual([expect.stringMatching(/^model\.region: .*asia-south1/)]);
  });
});
