// Shows that the manifest checks pass on the shipped files and fail on each kind of mistake they
// are meant to catch. Run: npm test --prefix deploy/validate  (deploy/check.sh does).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, K8S_YAML, yamlFile, yamlFilesIn, prometheusGroups } from "../lib/files.mjs";
import { validateObject } from "../lib/schema.mjs";
import { architectureTopics, checkConsistency } from "../lib/consistency.mjs";
import { checkDashboard } from "../lib/dashboards.mjs";

const K8S = join(ROOT, "deploy", "k8s");
const base = () =>
  yamlFile(join(K8S, "kustomization.yaml"))[0].resources.flatMap((f) => yamlFile(join(K8S, f), K8S_YAML));
const examples = yamlFilesIn(join(K8S, "examples")).flatMap((f) => yamlFile(f, K8S_YAML));
const opts = () => ({
  topics: architectureTopics(readFileSync(join(ROOT, "ARCHITECTURE.md"), "utf8")),
  externalConfigMaps: examples.filter((o) => o.kind === "ConfigMap").map((o) => o.metadata.name),
  externalSecrets: examples.filter((o) => o.kind === "Secret").map((o) => o.metadata.name),
  prometheusGroups: prometheusGroups(),
});
const find = (objs, kind, name) => objs.find((o) => o.kind === kind && (!name || o.metadata.name === name));
const topic = (objs, name) => objs.find((o) => o.kind === "KafkaTopic" && o.spec.topicName === name);
const container = (objs) => find(objs, "StatefulSet").spec.template.spec.containers[0];

async function schemaErrors(o) {
  return (await validateObject(o)).join("\n");
}

test("the shipped base and examples pass schema and consistency checks", async () => {
  const objs = base();
  for (const o of [...objs, ...examples]) assert.deepEqual(await validateObject(o), [], `${o.kind}/${o.metadata.name}`);
  assert.deepEqual(checkConsistency(objs, opts()), []);
});

test("every topic of ARCHITECTURE.md is read from its table", () => {
  const topics = opts().topics;
  assert.ok(topics.includes("posts.submitted") && topics.includes("moderation.evidence"), topics.join());
  assert.ok(topics.length >= 9);
});

test("schema: a misspelt field is an error (strict, like kubeconform -strict)", async () => {
  const objs = base();
  const c = container(objs);
  c.livenessprobe = c.livenessProbe;
  assert.match(await schemaErrors(find(objs, "StatefulSet")), /containers\/0\/livenessprobe is not a field/);
});

test("schema: labels and other maps may hold any key", async () => {
  const objs = base();
  find(objs, "StatefulSet").spec.template.metadata.labels["example.com/anything"] = "x";
  assert.equal(await schemaErrors(find(objs, "StatefulSet")), "");
});

test("schema: a wrong type and a missing required field are errors", async () => {
  const objs = base();
  const ss = find(objs, "StatefulSet");
  ss.spec.replicas = "3";
  delete ss.spec.selector;
  const errors = await schemaErrors(ss);
  assert.match(errors, /\/spec\/replicas must be integer/);
  assert.match(errors, /required property 'selector'/);
});

test("schema: a bad enum in a ServiceMonitor is an error", async () => {
  const sm = find(base(), "ServiceMonitor");
  sm.spec.endpoints[0].scheme = "gopher";
  sm.spec.endpoints[0].intervall = "15s";
  const errors = await schemaErrors(sm);
  assert.match(errors, /scheme/);
  assert.match(errors, /intervall is not a field/);
});

test("schema: a KafkaTopic with an unknown topic config, no cluster label or zero partitions is an error", async () => {
  const t = topic(base(), "posts.submitted");
  t.spec.config["retention.msec"] = 1;
  delete t.metadata.labels["strimzi.io/cluster"];
  t.spec.partitions = 0;
  const errors = await schemaErrors(t);
  assert.match(errors, /propertyNames|must be equal to one of the allowed values/);
  assert.match(errors, /strimzi.io\/cluster/);
  assert.match(errors, /partitions must be >= 1/);
});

test("schema: an unsupported kind is an error, not a silent pass", async () => {
  assert.match(await schemaErrors({ apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "x" } }), /no schema/);
});

test("consistency: evidence compacted or kept under 180 days is an error", () => {
  const objs = base();
  topic(objs, "moderation.evidence").spec.config["cleanup.policy"] = "compact";
  topic(objs, "moderation.audit").spec.config["retention.ms"] = 30 * 86_400_000;
  const errors = checkConsistency(objs, opts()).join("\n");
  assert.match(errors, /moderation-evidence: cleanup.policy compact/);
  assert.match(errors, /moderation-audit: retention.ms .* under the 180 days/);
});

test("consistency: a documented topic missing, or review sources not co-partitioned, is an error", () => {
  let objs = base().filter((o) => !(o.kind === "KafkaTopic" && o.spec.topicName === "posts.deadletter"));
  topic(objs, "review.actions").spec.partitions = 6;
  topic(objs, "posts.published").spec.topicName = "posts.publishd";
  const errors = checkConsistency(objs, opts()).join("\n");
  assert.match(errors, /posts.deadletter \(ARCHITECTURE.md\) has no KafkaTopic/);
  assert.match(errors, /posts.published \(ARCHITECTURE.md\) has no KafkaTopic/);
  assert.match(errors, /same partition count/);
});

test("consistency: more chain partitions than the evidence topic has is an error", () => {
  const objs = base();
  const cm = find(objs, "ConfigMap", "vigil-config");
  cm.data["vigil.properties"] = cm.data["vigil.properties"].replace(/topic\.partitions=\d+/, "topic.partitions=24");
  assert.match(checkConsistency(objs, opts()).join("\n"), /topic.partitions=24 but moderation.evidence has 12 partitions/);
});

test("consistency: broken references between objects are errors", () => {
  const objs = base();
  const ss = find(objs, "StatefulSet");
  ss.spec.serviceName = "vigil"; // not headless
  const c = container(objs);
  c.readinessProbe.httpGet.port = "admin";
  c.volumeMounts.push({ name: "nope", mountPath: "/x" });
  delete c.livenessProbe;
  c.args = c.args.filter((a) => !a.startsWith("--application-server"));
  ss.spec.template.spec.volumes.find((v) => v.name === "config").configMap.name = "vigil-confg";
  find(objs, "ServiceMonitor").spec.endpoints[0].port = "web";
  find(objs, "PodDisruptionBudget").spec.selector.matchLabels["app.kubernetes.io/name"] = "other";
  c.env.find((e) => e.name === "KAFKA_BOOTSTRAP_SERVERS").valueFrom.configMapKeyRef.key = "bootstrap";
  const errors = checkConsistency(objs, opts()).join("\n");
  for (const expected of [
    /must be a headless Service/,
    /readinessProbe uses unknown port admin/,
    /mounts unknown volume nope/,
    /has no livenessProbe/,
    /does not pass --application-server/,
    /ConfigMap vigil-confg is neither in the build nor in examples/,
    /endpoint port web is not a port of Service vigil/,
    /PodDisruptionBudget\/vigil: selector matches no pod template/,
    /env KAFKA_BOOTSTRAP_SERVERS: ConfigMap vigil-config has no key bootstrap/,
  ]) assert.match(errors, expected);
});

test("consistency: a second Service labelled for scraping would double-scrape pods", () => {
  const objs = base();
  find(objs, "Service", "vigil-headless").metadata.labels["vigil.dev/metrics"] = "true";
  assert.match(checkConsistency(objs, opts()).join("\n"), /must match exactly one Service/);
});

test("consistency: a Secret in the base or a PrometheusRule that drifted from the tested rules is an error", () => {
  const objs = [...base(), ...examples.filter((o) => o.kind === "Secret")];
  find(objs, "PrometheusRule").spec.groups[1].rules[0].for = "1h";
  const errors = checkConsistency(objs, opts()).join("\n");
  assert.match(errors, /must not contain Secrets/);
  assert.match(errors, /spec.groups differ/);
});

test("consistency: an alert selecting Kafka or Vigil metrics of any job is an error", () => {
  const objs = base();
  const rule = find(objs, "PrometheusRule").spec.groups[0].rules.find((r) => r.alert === "VigilConsumerLagGrowing");
  rule.expr = rule.expr.replaceAll('job="vigil", ', "");
  const errors = checkConsistency(objs, opts()).join("\n");
  assert.match(errors, /VigilConsumerLagGrowing: kafka_consumer_fetch_manager_records_lag\{client_id/);
});

test("dashboards: a query without the job variable is an error", () => {
  const dash = JSON.parse(readFileSync(join(ROOT, "deploy/grafana/dashboards/vigil-overview.json"), "utf8"));
  assert.deepEqual(checkDashboard(dash).problems, []);
  const target = dash.panels.find((p) => p.targets?.length).targets[0];
  target.expr = target.expr.replaceAll('job=~"$job", ', "");
  assert.match(checkDashboard(dash).problems.join("\n"), /does not select job=~"\$job"/);
});

test("consistency: a topic the app's KafkaUser cannot read is an error; the v1 schema rejects `operation`", async () => {
  const objs = base();
  const user = find(objs, "KafkaUser");
  user.spec.authorization.acls = user.spec.authorization.acls.filter((a) => a.resource.name !== "review.actions");
  assert.match(checkConsistency(objs, opts()).join("\n"), /no ACL lets the app read topic review.actions/);
  const acl = user.spec.authorization.acls[0];
  acl.operation = acl.operations[0];
  delete acl.operations;
  assert.ok((await validateObject(user)).length > 0, "v1beta2's deprecated `operation` is not v1");
});

test("consistency: an Ingress to a missing Service port, or a dashboard without its ConfigMap, is an error", () => {
  const objs = base();
  objs.push({
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "vigil" },
    spec: { rules: [{ http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "vigil", port: { name: "console" } } } }] } }] },
  });
  const errors = checkConsistency(objs, { ...opts(), dashboards: ["vigil-overview.json"] }).join("\n");
  assert.match(errors, /backend port console is not a port of Service vigil/);
  assert.match(errors, /dashboard vigil-overview.json has no ConfigMap/);
});

test("consistency: a secret volume not 0400, or fsGroup other than the app's group, is an error", () => {
  const objs = base();
  const ss = find(objs, "StatefulSet");
  const secrets = ss.spec.template.spec.volumes.find((v) => v.name === "secrets");
  assert.equal(secrets.projected.defaultMode, 0o400, "shipped 0400");
  secrets.projected.defaultMode = 0o440;
  ss.spec.template.spec.securityContext.fsGroup = 2000;
  ss.spec.template.spec.volumes.push({ name: "more", secret: { secretName: "vigil-keys" } });
  const errors = checkConsistency(objs, opts()).join("\n");
  assert.match(errors, /volume secrets: secret defaultMode must be 0400, is 0440/);
  assert.match(errors, /volume more: secret defaultMode must be 0400, is unset/);
  assert.match(errors, /fsGroup \(2000\) must equal runAsGroup \(65532\)/);
});

test("consistency: /metrics on the console's port, scraped there, or open to everyone is an error", () => {
  let objs = base();
  const cm = find(objs, "ConfigMap", "vigil-config");
  cm.data["vigil.properties"] = cm.data["vigil.properties"].replace(/^metrics\.port=.*$/m, "");
  assert.match(checkConsistency(objs, opts()).join("\n"), /sets no metrics.port/);

  objs = base();
  find(objs, "ServiceMonitor").spec.selector.matchLabels = { "app.kubernetes.io/name": "vigil", "vigil.dev/metrics": "true" };
  find(objs, "Service", "vigil-metrics").spec.ports[0].targetPort = "http";
  find(objs, "Service", "vigil").spec.ports.push({ name: "metrics", port: 9404, targetPort: "metrics" });
  find(objs, "NetworkPolicy").spec.ingress[1].from = [];
  let errors = checkConsistency(objs, opts()).join("\n");
  assert.match(errors, /endpoint port metrics of Service vigil-metrics is not the metrics port/);
  assert.match(errors, /Service\/vigil: exposes the metrics port but is not the Service the ServiceMonitor scrapes/);
  assert.match(errors, /opens the metrics port to everyone/);

  objs = base().filter((o) => o.kind !== "NetworkPolicy");
  assert.match(checkConsistency(objs, opts()).join("\n"), /no NetworkPolicy restricts ingress/);
});
