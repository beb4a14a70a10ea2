// Validates Vigil's Kubernetes manifests offline.
//
// Usage: node deploy/validate/validate-manifests.mjs BUILD.yaml [--dashboards]
//   BUILD.yaml is the output of `kubectl kustomize deploy/k8s` (or of an overlay: with --dashboards,
//   every dashboard of deploy/grafana/dashboards must be in it as a sidecar ConfigMap). The files in deploy/k8s/examples/
//   are validated too, and supply the Secrets and ConfigMaps the base only references.
// Exit status 0 when every object passes its schema (strict: unknown fields are errors) and the
// cross-object checks of lib/consistency.mjs; 1 otherwise, with one line per problem.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, K8S_YAML, yamlDocuments, yamlFile, yamlFilesIn, prometheusGroups } from "./lib/files.mjs";
import { validateObject } from "./lib/schema.mjs";
import { architectureTopics, checkConsistency } from "./lib/consistency.mjs";

const build = process.argv[2];
if (!build) {
  console.error("usage: validate-manifests.mjs <kustomize build output>");
  process.exit(2);
}

const problems = [];
const objects = yamlDocuments(readFileSync(build, "utf8"), build, K8S_YAML);
const examples = yamlFilesIn(join(ROOT, "deploy", "k8s", "examples")).flatMap((f) =>
  yamlFile(f, K8S_YAML).map((o) => ({ o, source: f })),
);
for (const { o, source } of [...objects.map((o) => ({ o, source: "build" })), ...examples]) {
  for (const e of await validateObject(o)) problems.push(`${source}: ${o.kind}/${o.metadata?.name}: ${e}`);
}
problems.push(
  ...checkConsistency(objects, {
    topics: architectureTopics(readFileSync(join(ROOT, "ARCHITECTURE.md"), "utf8")),
    externalConfigMaps: examples.filter(({ o }) => o.kind === "ConfigMap").map(({ o }) => o.metadata.name),
    externalSecrets: examples.filter(({ o }) => o.kind === "Secret").map(({ o }) => o.metadata.name),
    prometheusGroups: prometheusGroups(),
    dashboards: process.argv.includes("--dashboards")
      ? readdirSync(join(ROOT, "deploy", "grafana", "dashboards")).filter((f) => f.endsWith(".json"))
      : undefined,
  }),
);

const counts = {};
for (const o of objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
if (problems.length) {
  for (const p of problems) console.error(`INVALID ${p}`);
  console.error(`manifests: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`manifests: ${objects.length} objects valid (${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ")}), ${examples.length} example objects valid`);
