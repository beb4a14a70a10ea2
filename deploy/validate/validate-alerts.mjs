// Checks the alerts' runbook links offline (lib/runbooks.mjs): every alert in deploy/prometheus/rules has a
// runbook_url, an absolute https URL of deploy/README.md whose fragment is a heading there, all on one base.
// Usage: node deploy/validate/validate-alerts.mjs
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, prometheusGroups } from "./lib/files.mjs";
import { checkRunbooks } from "./lib/runbooks.mjs";

const groups = prometheusGroups();
const problems = checkRunbooks(groups, readFileSync(join(ROOT, "deploy", "README.md"), "utf8"));
if (problems.length) {
  for (const p of problems) console.error(`INVALID ${p}`);
  console.error(`alerts: ${problems.length} problem(s)`);
  process.exit(1);
}
const alerts = groups.flatMap((g) => g.rules ?? []).filter((r) => r.alert);
const base = alerts[0]?.annotations.runbook_url.split("#")[0];
console.log(`alerts: ${alerts.length} alerts, each with a runbook_url to a heading of ${base}`);
