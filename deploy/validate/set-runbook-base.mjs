// Points every alert's runbook_url at another copy of deploy/README.md (a fork, an internal Git server, a
// wiki export), keeping each alert's anchor: rewrites deploy/prometheus/rules/*.yml and the expectations in
// deploy/prometheus/tests/*.test.yml, then regenerates deploy/k8s/prometheusrule.yaml. Run deploy/check.sh after.
// Usage: node deploy/validate/set-runbook-base.mjs https://git.example.com/platform/vigil/blob/main/deploy/README.md
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { ROOT, yamlFilesIn } from "./lib/files.mjs";

const base = process.argv[2];
let url;
try {
  url = new URL(base ?? "");
} catch {
  console.error("usage: set-runbook-base.mjs <absolute URL of deploy/README.md, without #fragment>");
  process.exit(2);
}
if (url.hash || url.protocol !== "https:") {
  console.error(`set-runbook-base.mjs: ${base} must be an https URL without a #fragment`);
  process.exit(2);
}
const files = [
  ...yamlFilesIn(join(ROOT, "deploy", "prometheus", "rules")),
  ...yamlFilesIn(join(ROOT, "deploy", "prometheus", "tests")),
];
let changed = 0;
for (const f of files) {
  const text = readFileSync(f, "utf8");
  const out = text.replace(/^(\s*runbook_url:\s*)"[^"#]*#([^"]+)"/gm, (_, key, anchor) => {
    changed++;
    return `${key}"${base}#${anchor}"`;
  });
  if (out !== text) writeFileSync(f, out);
}
console.log(`set ${changed} runbook_url values to ${base}#...`);
execFileSync(process.execPath, [join(ROOT, "deploy", "validate", "sync-prometheusrule.mjs")], { stdio: "inherit" });
