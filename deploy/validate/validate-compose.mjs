// Checks deploy/compose/docker-compose.yml offline (no Docker engine here): it parses, every
// bind-mounted path exists in the repository, images are pinned, the brokers form one quorum,
// each Vigil instance announces its own host as application.server, and Prometheus scrapes
// exactly the Vigil instances.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import { ROOT } from "./lib/files.mjs";

const file = join(ROOT, "deploy", "compose", "docker-compose.yml");
const base = dirname(file);
const compose = parse(readFileSync(file, "utf8"), { merge: true });
const problems = [];
const services = compose.services ?? {};
const names = Object.keys(services);

const brokers = names.filter((n) => /^kafka-\d+$/.test(n));
const instances = names.filter((n) => /^vigil-\d+$/.test(n));
if (brokers.length !== 3) problems.push(`expected three Kafka brokers, found ${brokers.length}`);
if (instances.length !== 2) problems.push(`expected two Vigil instances, found ${instances.length}`);
for (const n of ["prometheus", "grafana"]) if (!services[n]) problems.push(`no ${n} service`);

const hostPorts = new Map();
for (const [name, s] of Object.entries(services)) {
  if (!s.image || !/:[\w.-]+$/.test(s.image) || s.image.endsWith(":latest")) problems.push(`${name}: image ${s.image} must be pinned to a tag`);
  for (const v of s.volumes ?? []) {
    const src = String(v).split(":")[0];
    if ((src.startsWith("./") || src.startsWith("../")) && !existsSync(resolve(base, src))) problems.push(`${name}: mounts ${src}, which does not exist`);
  }
  for (const p of s.ports ?? []) {
    const host = String(p).split(":")[0];
    if (hostPorts.has(host)) problems.push(`${name}: host port ${host} also used by ${hostPorts.get(host)}`);
    hostPorts.set(host, name);
  }
}

const voters = new Set(brokers.map((b) => services[b].environment?.KAFKA_CONTROLLER_QUORUM_VOTERS));
const clusterIds = new Set(brokers.map((b) => services[b].environment?.CLUSTER_ID));
if (voters.size !== 1 || clusterIds.size !== 1) problems.push("brokers must share one CLUSTER_ID and quorum voter list");
for (const b of brokers) {
  const id = services[b].environment?.KAFKA_NODE_ID;
  if (![...voters][0]?.includes(`${id}@${b}:`)) problems.push(`${b}: node ${id} is not in the quorum voters`);
}

for (const i of instances) {
  const args = services[i].command ?? [];
  if (!args.includes(`--application-server=${services[i].hostname ?? i}:8080`)) problems.push(`${i}: must pass --application-server=${i}:8080`);
}
const prom = parse(readFileSync(join(base, "prometheus.yml"), "utf8"));
const targets = prom.scrape_configs.find((c) => c.job_name === "vigil")?.static_configs?.flatMap((c) => c.targets) ?? [];
if (JSON.stringify([...targets].sort()) !== JSON.stringify(instances.map((i) => `${i}:8080`).sort())) {
  problems.push(`prometheus.yml job vigil scrapes ${targets.join(", ")}, not the Vigil instances`);
}

if (problems.length) {
  for (const p of problems) console.error(`INVALID compose: ${p}`);
  process.exit(1);
}
console.log(`compose: ${names.length} services valid (${brokers.length} brokers, ${instances.length} Vigil instances, prometheus, grafana)`);
