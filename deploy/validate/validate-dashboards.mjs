// Checks Vigil's Grafana dashboards and provisioning files offline.
//
// Usage: node deploy/validate/validate-dashboards.mjs [--promql-rules OUT.yml]
//   Checks every deploy/grafana/dashboards/*.json (structure, unique uids and panel ids, layout,
//   datasource variable, one non-empty PromQL query per target) and the provisioning files.
//   With --promql-rules, also writes every query as a recording rule (Grafana's $__ variables
//   replaced by durations) so that `promtool check rules OUT.yml` parses each one with
//   Prometheus's own PromQL parser; deploy/check.sh does that.
// Whether the metric names exist on a live /metrics is checked by stream-app's
// DashboardMetricsTest, not here.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { ROOT, yamlFile } from "./lib/files.mjs";
import { checkDashboard } from "./lib/dashboards.mjs";

const dir = join(ROOT, "deploy", "grafana", "dashboards");
const problems = [];
const uids = new Map();
const queries = [];
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
if (files.length === 0) problems.push(`no dashboards in ${dir}`);
for (const f of files) {
  let dash;
  try {
    dash = JSON.parse(readFileSync(join(dir, f), "utf8"));
  } catch (e) {
    problems.push(`${f}: not JSON: ${e.message}`);
    continue;
  }
  if (uids.has(dash.uid)) problems.push(`${f}: uid ${dash.uid} also used by ${uids.get(dash.uid)}`);
  uids.set(dash.uid, f);
  const result = checkDashboard(dash);
  problems.push(...result.problems.map((p) => `${f}: ${p}`));
  queries.push(...result.queries.map((q) => ({ ...q, file: f })));
}

// Provisioning: the datasource exists, and the dashboards provider reads where compose mounts them.
const ds = yamlFile(join(ROOT, "deploy", "grafana", "provisioning", "datasources", "prometheus.yml"))[0];
if (!ds.datasources?.some((d) => d.type === "prometheus")) problems.push("provisioning: no prometheus datasource");
const providers = yamlFile(join(ROOT, "deploy", "grafana", "provisioning", "dashboards", "vigil.yml"))[0].providers ?? [];
const compose = readFileSync(join(ROOT, "deploy", "compose", "docker-compose.yml"), "utf8");
for (const p of providers) {
  if (!compose.includes(`../grafana/dashboards:${p.options?.path}:ro`)) {
    problems.push(`provisioning: provider ${p.name} reads ${p.options?.path}, which compose does not mount deploy/grafana/dashboards at`);
  }
}

const out = process.argv.indexOf("--promql-rules");
if (out > 0) {
  const rules = queries.map((q, i) => ({ record: `dashboard:query:${i}`, expr: q.promql }));
  writeFileSync(process.argv[out + 1], stringify({ groups: [{ name: "dashboard-queries", rules }] }, { lineWidth: 0 }));
}

if (problems.length) {
  for (const p of problems) console.error(`INVALID ${p}`);
  console.error(`dashboards: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`dashboards: ${files.length} valid, ${queries.length} queries`);
