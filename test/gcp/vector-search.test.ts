import { describe, expect, it } from "vitest";
import { GcpVectorSearch, type GcpVectorSearchProps } from "../../lib/constructs/gcp/vector-search";
import type { Construct } from "../../lib/cdk";
import { DEV, PROD, only, problemsOf } from "../helpers";
import { PROJECT, REGION, network, synthGcp, type Env } from "./helpers";

const search = (s: Construct, props: Partial<GcpVectorSearchProps> = {}, environment: Env = DEV) => new GcpVectorSearch(s, "vectors", { environment, project: PROJECT, region: REGION, ...props });

describe("GcpVectorSearch", () => {
  it("is a streaming index of small shards, deployed on one dedicated replica in dev behind a private endpoint", () => {
    // given / when
    const doc = synthGcp((s) => search(s, { labels: { team: "ml" } }));
    // then
    const index = only(doc, "google_vertex_ai_index");
    expect(index).toMatchObject({
      region: REGION,
      display_name: "acme-dev-vectors",
      index_update_method: "STREAM_UPDATE",
      metadata: { config: { dimensions: 1024, shard_size: "SHARD_SIZE_SMALL", distance_measure_type: "DOT_PRODUCT_DISTANCE", feature_norm_type: "UNIT_L2_NORM", approximate_neighbors_count: 150 } },
      labels: { team: "ml" },
    });
    expect(index.lifecycle).toBeUndefined();
    expect(index.encryption_spec).toBeUndefined();
    const endpoint = only(doc, "google_vertex_ai_index_endpoint");
    expect(endpoint).toMatchObject({ public_endpoint_enabled: false, private_service_connect_config: { enable_private_service_connect: true, project_allowlist: [PROJECT] } });
    const deployed = only(doc, "google_vertex_ai_index_endpoint_deployed_index");
    expect(deployed).toMatchObject({ deployed_index_id: "acme_dev_vectors", dedicated_resources: { machine_spec: { machine_type: "e2-standard-2" }, min_replica_count: 1, max_replica_count: 1 } });
    expect(deployed.index).toMatch(/google_vertex_ai_index\.vectors_index_\w+\.id/);
  });

  it("is reachable from the VPC through Private Service Connect: an internal address in the subnet and a forwarding rule to the deployed index's service attachment", () => {
    // given the nodes' subnet / when the store is made behind PSC
    const doc = synthGcp((s) => {
      const net = network(s);
      const store = search(s, { consumerSubnet: { networkId: net.networkId, subnetId: net.subnetId } });
      expect(store.consumer?.forwardingRule).toBeDefined();
    });
    // then the consumer endpoint targets the attachment the deployed index exports (provider 6.50, private_endpoints.service_attachment)
    expect(only(doc, "google_compute_address")).toMatchObject({ name: "acme-dev-vectors-psc", region: REGION, address_type: "INTERNAL", subnetwork: expect.stringMatching(/google_compute_subnetwork\.network_subnet_\w+\.id/) });
    const rule = only(doc, "google_compute_forwarding_rule");
    expect(rule).toMatchObject({ name: "acme-dev-vectors-psc", region: REGION, load_balancing_scheme: "", network: expect.stringMatching(/google_compute_network\.network_\w+\.id/), ip_address: expect.stringMatching(/google_compute_address\.vectors_psc-address_\w+\.id/) });
    expect(rule.target).toMatch(/^\$\{google_vertex_ai_index_endpoint_deployed_index\.vectors_deployed_\w+\.private_endpoints\[0\]\.service_attachment\}$/);
    // without a subnet, none is made and the attachment is what clients connect to
    const bare = synthGcp((s) => search(s));
    expect(bare.resource.google_compute_forwarding_rule).toBeUndefined();
  });

  it("peers with the VPC by project number in prod, two replicas at least, prevent_destroy on the index", () => {
    const doc = synthGcp((s) => search(s, { network: network(s, PROD) }, PROD));
    const endpoint = only(doc, "google_vertex_ai_index_endpoint");
    expect(endpoint.network).toMatch(/^projects\/\$\{data\.google_project\.vectors_project_\w+\.number\}\/global\/networks\/acme-prod-vpc$/);
    expect(endpoint.private_service_connect_config).toBeUndefined();
    expect(endpoint.depends_on).toEqual([expect.stringMatching(/^google_service_networking_connection\./)]);
    expect(only(doc, "google_vertex_ai_index").lifecycle).toEqual({ prevent_destroy: true });
    expect(only(doc, "google_vertex_ai_index_endpoint_deployed_index").dedicated_resources).toMatchObject({ min_replica_count: 2, max_replica_count: 4 });
    expect(GcpVectorSearch.defaults("staging").replicas).toEqual({ min: 1, max: 2 });
  });

  it("is an IVectorStore: managed search on Vertex AI, reached at the deployed index's private address; grants keyed by value", () => {
    const ids: string[][] = [];
    for (const order of [["a", "b"], ["b"]]) {
      const doc = synthGcp((s) => {
        const v = search(s, { dimensions: 768, network: network(s) });
        expect([v.engine, v.service, v.dimensions, v.customerManagedKey]).toEqual(["managed-search", "vertex-ai-vector-search", 768, false]);
        expect(v.endpoint).toMatch(/TfToken/);
        for (const who of order) v.grantReadWrite({ principalId: `${who}@${PROJECT}.iam.gserviceaccount.com` });
      });
      ids.push(Object.keys(doc.resource.google_project_iam_member));
      expect(Object.values(doc.resource.google_project_iam_member).map((m) => [m.role, m.member])).toContainEqual(["roles/aiplatform.user", `serviceAccount:b@${PROJECT}.iam.gserviceaccount.com`]);
    }
    expect(ids[0]).toContain(ids[1][0]);
  });

  it("rejects zero replicas, a measure Vector Search lacks, bad dimensions and a repeated grant", () => {
    expect(problemsOf(() => synthGcp((s) => search(s, { replicas: { min: 0, max: 1 }, distanceMeasure: "HAMMING" as "L1_DISTANCE", dimensions: 0 })))).toEqual([
      expect.stringMatching(/^dimensions: A Vector Search index \(dimensions\) takes a whole number, at least 1 \(got 0\)/),
      expect.stringMatching(/^distanceMeasure: A Vector Search distance measure accepts DOT_PRODUCT_DISTANCE, COSINE_DISTANCE, SQUARED_L2_DISTANCE, L1_DISTANCE \(got "HAMMING"\)/),
      expect.stringMatching(/^replicas\.min: Deployed index replicas .* at least 1 \(got 0\)/),
    ]);
    expect(
      problemsOf(() =>
        synthGcp((s) => {
          const v = search(s);
          v.grantReadWrite({ principalId: "group:rag@acme.example" });
          v.grantReadWrite({ principalId: "group:rag@acme.example" });
        }),
      ),
    ).toEqual([expect.stringMatching(/^grantReadWrite: "group:rag@acme\.example" already has roles\/aiplatform\.user/)]);
  });
});
