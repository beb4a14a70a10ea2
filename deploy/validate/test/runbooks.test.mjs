// The runbook check passes on the shipped rules and fails on each mistake it is meant to catch.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, prometheusGroups } from "../lib/files.mjs";
import { checkRunbooks, headingAnchors } from "../lib/runbooks.mjs";

const readme = readFileSync(join(ROOT, "deploy", "README.md"), "utf8");
const firstAlert = (groups) => groups.flatMap((g) => g.rules).find((r) => r.alert);

test("the shipped alerts each have a runbook_url to a heading of deploy/README.md", () => {
  assert.deepEqual(checkRunbooks(prometheusGroups(), readme), []);
});

test("heading anchors follow GitHub's slugs", () => {
  const a = headingAnchors("# Operating Vigil\n## Kafka principals and ACLs\n### VigilInstanceDown\n## Alerts\n## Alerts\n");
  assert.deepEqual([...a], ["operating-vigil", "kafka-principals-and-acls", "vigilinstancedown", "alerts", "alerts-1"]);
});

test("the old runbook annotation, a missing or relative runbook_url and an unknown anchor are errors", () => {
  let groups = prometheusGroups();
  let a = firstAlert(groups).annotations;
  a.runbook = "deploy/README.md#vigilinstancedown";
  delete a.runbook_url;
  let errors = checkRunbooks(groups, readme).join("\n");
  assert.match(errors, /annotation "runbook" is not the convention/);
  assert.match(errors, /no runbook_url annotation/);

  groups = prometheusGroups();
  firstAlert(groups).annotations.runbook_url = "deploy/README.md#vigilinstancedown";
  assert.match(checkRunbooks(groups, readme).join("\n"), /is not an absolute URL/);

  groups = prometheusGroups();
  a = firstAlert(groups).annotations;
  a.runbook_url = a.runbook_url.replace(/#.*/, "#vigilinstancegone");
  assert.match(checkRunbooks(groups, readme).join("\n"), /anchor #vigilinstancegone is no heading/);
});

test("alerts on different bases are an error", () => {
  const groups = prometheusGroups();
  const a = firstAlert(groups).annotations;
  a.runbook_url = a.runbook_url.replace(/^https:\/\/[^/]+/, "https://git.example.com");
  assert.match(checkRunbooks(groups, readme).join("\n"), /runbook_url bases differ/);
});
