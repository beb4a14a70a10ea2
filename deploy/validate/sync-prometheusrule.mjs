// Writes deploy/k8s/prometheusrule.yaml from deploy/prometheus/rules/*.yml, so that the rules the
// Prometheus Operator deploys are exactly the ones promtool tests. validate-manifests.mjs fails
// when the two differ. Usage: node deploy/validate/sync-prometheusrule.mjs
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { ROOT, prometheusGroups } from "./lib/files.mjs";

const rule = {
  apiVersion: "monitoring.coreos.com/v1",
  kind: "PrometheusRule",
  metadata: { name: "vigil", labels: { "app.kubernetes.io/name": "vigil", "app.kubernetes.io/component": "moderation" } },
  spec: { groups: prometheusGroups() },
};
const header =
  "# GENERATED from deploy/prometheus/rules/*.yml by deploy/validate/sync-prometheusrule.mjs: edit those\n" +
  "# files (and their promtool tests), then re-run the script. deploy/check.sh fails if this file is stale.\n";
const out = join(ROOT, "deploy", "k8s", "prometheusrule.yaml");
writeFileSync(out, header + stringify(rule, { lineWidth: 0 }));
console.log(`wrote ${out}`);
