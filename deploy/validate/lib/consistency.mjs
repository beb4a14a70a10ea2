// Checks across the objects of one kustomize build that a schema cannot express: that names and
// selectors refer to things that exist, that every topic of ARCHITECTURE.md has a KafkaTopic, that record
// topics are kept 180 days and never compacted, that the review sources are co-partitioned, that the PrometheusRule carries exactly the
// rules in deploy/prometheus/rules (so the promtool-tested file is the deployed one), that every secret volume is
// mounted 0400 under a pod whose fsGroup is the app's own group (what MasterKeyProvider accepts), and that /metrics
// is on its own port, scraped there and opened by a NetworkPolicy to Prometheus only.
import { unscopedSelectors } from "./dashboards.mjs";

const DAY_MS = 86_400_000;

/** Topic names from the "## Topics" table of ARCHITECTURE.md. */
export function architectureTopics(markdown) {
  const section = markdown.split(/^## /m).find((s) => s.startsWith("Topics"));
  if (!section) throw new Error("ARCHITECTURE.md has no '## Topics' section");
  return [...section.matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map((m) => m[1]);
}

/** JSON with object keys sorted: kustomize reorders keys, which changes nothing. */
function canonical(value) {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

function labelsMatch(selector, labels) {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

function byKind(objects, kind) {
  return objects.filter((o) => o.kind === kind);
}

function topicName(t) {
  return t.spec?.topicName ?? t.metadata?.name;
}

/**
 * @param objects the documents of the build
 * @param opts.topics topic names ARCHITECTURE.md documents: each needs a KafkaTopic
 * @param opts.externalConfigMaps / externalSecrets names provided outside the base (examples)
 * @param opts.dashboards dashboard file names the build must carry as sidecar ConfigMaps (overlays), or undefined
 * @param opts.prometheusGroups the rule groups of deploy/prometheus/rules, in file order
 * @returns error strings
 */
export function checkConsistency(objects, opts) {
  const errors = [];
  const err = (o, msg) => errors.push(`${o.kind}/${o.metadata?.name}: ${msg}`);

  // ---- Topics ----
  const topics = byKind(objects, "KafkaTopic");
  const declared = new Map();
  for (const t of topics) {
    const name = topicName(t);
    if (declared.has(name)) err(t, `topic ${name} is declared twice`);
    declared.set(name, t);
    const cfg = t.spec?.config ?? {};
    if (cfg["min.insync.replicas"] !== undefined && !(cfg["min.insync.replicas"] < t.spec.replicas)) {
      err(t, `min.insync.replicas (${cfg["min.insync.replicas"]}) must be below replicas (${t.spec.replicas}) or one broker down stops all writes`);
    }
  }
  for (const name of opts.topics) {
    if (!declared.has(name)) errors.push(`topic ${name} (ARCHITECTURE.md) has no KafkaTopic`);
  }

  // ---- The app's principal: every topic readable, on the same Strimzi cluster ----
  for (const u of byKind(objects, "KafkaUser")) {
    const acls = u.spec?.authorization?.acls ?? [];
    const grants = (topic) =>
      acls.some((a) => {
        const r = a.resource ?? {};
        if (r.type !== "topic" || (a.type ?? "allow") !== "allow") return false;
        const named = r.patternType === "prefix" ? topic.startsWith(r.name) : r.name === topic;
        return named && (a.operations ?? []).some((op) => op === "Read" || op === "All");
      });
    for (const name of declared.keys()) {
      if (!grants(name)) err(u, `no ACL lets the app read topic ${name}`);
    }
    const cluster = u.metadata?.labels?.["strimzi.io/cluster"];
    for (const t of topics) {
      if (t.metadata?.labels?.["strimzi.io/cluster"] !== cluster) {
        err(u, `strimzi.io/cluster ${cluster} differs from KafkaTopic ${t.metadata?.name}'s`);
        break;
      }
    }
  }
  // Topics beyond ARCHITECTURE.md's table are allowed here: stream-app's KafkaTopicsManifestTest checks the
  // manifest against the app's full topic catalog.
  const retention = (name) => Number(declared.get(name)?.spec?.config?.["retention.ms"]);
  for (const name of ["moderation.evidence", "moderation.audit", "regulator.reports", "moderation.takedowns", "moderation.decisions", "privacy.receipts"]) {
    const t = declared.get(name);
    if (!t) continue;
    const ms = retention(name);
    if (ms !== -1 && !(ms >= 180 * DAY_MS)) err(t, `retention.ms ${ms} is under the 180 days records must be kept`);
    const policy = String(t.spec.config?.["cleanup.policy"] ?? "delete");
    if (policy.includes("compact")) err(t, `cleanup.policy ${policy}: a record log must not be compacted (evidence would also lose its hash chain)`);
  }
  // The review flow's sources, joined by post id in one sub-topology: Kafka Streams requires them co-partitioned.
  const copartitioned = ["posts.quarantined", "posts.reports", "posts.rescans", "review.actions", "review.revertable"].filter((n) => declared.has(n));
  const counts = new Set(copartitioned.map((n) => declared.get(n).spec.partitions));
  if (counts.size > 1) {
    errors.push(`topics ${copartitioned.join(", ")} must have the same partition count (co-partitioned by post id), got ${copartitioned.map((n) => declared.get(n).spec.partitions).join(", ")}`);
  }

  // The evidence chains are kept per partition of the app's topic.partitions; each chain is written to the
  // evidence partition of the same number, so the evidence topic needs at least that many.
  const evidence = declared.get("moderation.evidence");
  for (const cm of byKind(objects, "ConfigMap")) {
    const props = cm.data?.["vigil.properties"];
    const m = props && /^\s*topic\.partitions\s*=\s*(\d+)\s*$/m.exec(props);
    if (m && evidence && Number(m[1]) > evidence.spec.partitions) {
      err(cm, `topic.partitions=${m[1]} but moderation.evidence has ${evidence.spec.partitions} partitions: the app cannot write its evidence chains`);
    }
  }

  // ---- Workload, services and what refers to them ----
  const configMaps = new Set([...byKind(objects, "ConfigMap").map((c) => c.metadata.name), ...opts.externalConfigMaps]);
  // Strimzi writes a Secret per KafkaUser (its credentials) and per cluster (<cluster>-cluster-ca-cert).
  const strimziSecrets = [
    ...byKind(objects, "KafkaUser").map((u) => u.metadata.name),
    ...[...topics, ...byKind(objects, "KafkaUser")]
      .map((o) => o.metadata?.labels?.["strimzi.io/cluster"])
      .filter(Boolean)
      .map((c) => `${c}-cluster-ca-cert`),
  ];
  const secrets = new Set([...byKind(objects, "Secret").map((s) => s.metadata.name), ...opts.externalSecrets, ...strimziSecrets]);
  for (const s of byKind(objects, "Secret")) err(s, "the base must not contain Secrets; provide them out of band (see examples/)");
  const services = byKind(objects, "Service");
  const sets = byKind(objects, "StatefulSet");
  if (sets.length === 0) errors.push("no StatefulSet in the build");
  for (const ss of sets) {
    const podLabels = ss.spec.template.metadata?.labels ?? {};
    if (!labelsMatch(ss.spec.selector.matchLabels, podLabels)) err(ss, "spec.selector does not match the pod template's labels");
    const headless = services.find((s) => s.metadata.name === ss.spec.serviceName);
    if (!headless) err(ss, `serviceName ${ss.spec.serviceName} names no Service`);
    else if (headless.spec.clusterIP !== "None") err(ss, `serviceName ${ss.spec.serviceName} must be a headless Service (clusterIP: None)`);
    const pod = ss.spec.template.spec;
    const volumes = new Set([...(pod.volumes ?? []).map((v) => v.name), ...(ss.spec.volumeClaimTemplates ?? []).map((v) => v.metadata.name)]);
    // Secret volumes: 0400, and the group the kubelet adds read for (fsGroup) is the app's own group.
    const sc = pod.securityContext ?? {};
    const secretVolumes = (pod.volumes ?? []).filter((v) => v.secret || (v.projected?.sources ?? []).some((src) => src.secret));
    for (const v of secretVolumes) {
      const src = v.secret ?? v.projected;
      if (src.defaultMode !== 0o400) {
        err(ss, `volume ${v.name}: secret defaultMode must be 0400, is ${src.defaultMode === undefined ? "unset (0644)" : "0" + src.defaultMode.toString(8)} (the master key reader refuses group- or world-readable keys)`);
      }
      const items = [...(v.secret?.items ?? []), ...(v.projected?.sources ?? []).flatMap((x) => x.secret?.items ?? [])];
      for (const it of items) if (it.mode !== undefined && it.mode !== 0o400) err(ss, `volume ${v.name}: item ${it.key} mode must be 0400`);
    }
    if (secretVolumes.length) {
      if (sc.runAsNonRoot !== true || sc.runAsUser === undefined || sc.runAsUser === 0) err(ss, "pods mounting secrets must run as a fixed non-root runAsUser (runAsNonRoot: true)");
      if (sc.fsGroup === undefined || sc.fsGroup !== sc.runAsGroup) err(ss, `fsGroup (${sc.fsGroup}) must equal runAsGroup (${sc.runAsGroup}): the kubelet makes secret files readable by fsGroup, which must be the app's own group`);
    }
    for (const v of pod.volumes ?? []) {
      if (v.configMap && !configMaps.has(v.configMap.name) && !v.configMap.optional) err(ss, `volume ${v.name}: ConfigMap ${v.configMap.name} is neither in the build nor in examples/`);
      if (v.secret && !secrets.has(v.secret.secretName)) err(ss, `volume ${v.name}: Secret ${v.secret.secretName} is neither in examples/ nor written by Strimzi`);
      for (const src of v.projected?.sources ?? []) {
        if (src.secret && !secrets.has(src.secret.name)) err(ss, `volume ${v.name}: Secret ${src.secret.name} is neither in examples/ nor written by Strimzi`);
        if (src.configMap && !configMaps.has(src.configMap.name)) err(ss, `volume ${v.name}: ConfigMap ${src.configMap.name} is not in the build or examples/`);
      }
    }
    for (const c of pod.containers) {
      const ports = new Set((c.ports ?? []).flatMap((p) => [p.name, p.containerPort]));
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.configMapKeyRef;
        const cm = ref && byKind(objects, "ConfigMap").find((m) => m.metadata.name === ref.name);
        if (ref && !ref.optional && (!cm || !(ref.key in (cm.data ?? {})))) err(ss, `env ${e.name}: ConfigMap ${ref.name} has no key ${ref.key}`);
      }
      for (const m of c.volumeMounts ?? []) if (!volumes.has(m.name)) err(ss, `container ${c.name} mounts unknown volume ${m.name}`);
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        const p = c[probe];
        if (!p) err(ss, `container ${c.name} has no ${probe}`);
        else if (p.httpGet && !ports.has(p.httpGet.port)) err(ss, `container ${c.name} ${probe} uses unknown port ${p.httpGet.port}`);
      }
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory) err(ss, `container ${c.name} needs cpu and memory requests`);
      if (!c.resources?.limits?.memory) err(ss, `container ${c.name} needs a memory limit`);
      const appServer = (c.args ?? []).find((a) => a.startsWith("--application-server"));
      if (!appServer) err(ss, `container ${c.name} does not pass --application-server`);
      else if (!appServer.includes(`$(POD_NAME).${ss.spec.serviceName}.`)) err(ss, `--application-server must be the pod's DNS name under ${ss.spec.serviceName}`);
      for (const s of services) {
        if (!labelsMatch(s.spec.selector, podLabels)) continue;
        for (const sp of s.spec.ports ?? []) {
          if (sp.targetPort !== undefined && !ports.has(sp.targetPort)) err(s, `targetPort ${sp.targetPort} is not a port of container ${c.name}`);
        }
      }
    }
  }
  for (const s of services) {
    if (!sets.some((ss) => labelsMatch(s.spec.selector, ss.spec.template.metadata?.labels))) err(s, "selector matches no pod template");
  }

  // ---- /metrics: its own port, scraped there, reachable by Prometheus only ----
  for (const cm of byKind(objects, "ConfigMap")) {
    const props = cm.data?.["vigil.properties"];
    if (!props) continue;
    const m = /^\s*metrics\.port\s*=\s*(\d+)\s*$/m.exec(props);
    if (!m) {
      err(cm, "vigil.properties sets no metrics.port: /metrics would be served, unauthenticated, on the console's port");
      continue;
    }
    const metricsPort = Number(m[1]);
    for (const ss of sets) {
      const podLabels = ss.spec.template.metadata?.labels ?? {};
      const c = ss.spec.template.spec.containers[0];
      const named = (c.ports ?? []).find((p) => p.name === "metrics");
      if (!named || named.containerPort !== metricsPort) err(ss, `container ${c.name} needs a port named metrics with containerPort ${metricsPort} (metrics.port)`);
      const isMetrics = (tp) => tp === "metrics" || tp === metricsPort;
      const scraped = byKind(objects, "ServiceMonitor").flatMap((sm) => services.filter((s) => labelsMatch(sm.spec.selector?.matchLabels, s.metadata.labels)).map((s) => ({ sm, s })));
      for (const s of services) {
        if (!labelsMatch(s.spec.selector, podLabels)) continue;
        const exposes = (s.spec.ports ?? []).some((p) => isMetrics(p.targetPort ?? p.port));
        if (exposes && !scraped.some((x) => x.s === s)) err(s, "exposes the metrics port but is not the Service the ServiceMonitor scrapes");
      }
      for (const { sm, s } of scraped) {
        for (const ep of sm.spec.endpoints ?? []) {
          const port = (s.spec.ports ?? []).find((p) => p.name === ep.port);
          if (port && !isMetrics(port.targetPort ?? port.port)) err(sm, `endpoint port ${ep.port} of Service ${s.metadata.name} is not the metrics port`);
        }
      }
      const policies = byKind(objects, "NetworkPolicy").filter((np) => labelsMatch(np.spec.podSelector?.matchLabels, podLabels) && (np.spec.policyTypes ?? ["Ingress"]).includes("Ingress"));
      if (policies.length === 0) err(ss, "no NetworkPolicy restricts ingress to the pods: the metrics port is open to every pod in the cluster");
      for (const np of policies) {
        for (const rule of np.spec.ingress ?? []) {
          const coversMetrics = !rule.ports || rule.ports.some((p) => isMetrics(p.port));
          const fromAnyone = !rule.from || rule.from.length === 0;
          if (coversMetrics && fromAnyone) err(np, "an ingress rule opens the metrics port to everyone; admit only Prometheus (from:)");
        }
        const metricsRule = (np.spec.ingress ?? []).some((r) => r.from?.length && r.ports?.some((p) => isMetrics(p.port)));
        if (!metricsRule) err(np, "no ingress rule admits Prometheus to the metrics port");
      }
    }
  }
  for (const pdb of byKind(objects, "PodDisruptionBudget")) {
    if (!sets.some((ss) => labelsMatch(pdb.spec.selector?.matchLabels, ss.spec.template.metadata?.labels))) err(pdb, "selector matches no pod template");
  }
  for (const sm of byKind(objects, "ServiceMonitor")) {
    const matched = services.filter((s) => labelsMatch(sm.spec.selector?.matchLabels, s.metadata.labels));
    if (matched.length !== 1) err(sm, `selector must match exactly one Service (each pod scraped once), matches ${matched.length}`);
    for (const ep of sm.spec.endpoints ?? []) {
      for (const s of matched) {
        if (!(s.spec.ports ?? []).some((p) => p.name === ep.port)) err(sm, `endpoint port ${ep.port} is not a port of Service ${s.metadata.name}`);
      }
    }
  }

  // ---- Ingress: each backend is a Service port of the build ----
  for (const ing of byKind(objects, "Ingress")) {
    for (const rule of ing.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const b = path.backend?.service;
        if (!b) continue;
        const svc = byKind(objects, "Service").find((s) => s.metadata.name === b.name);
        if (!svc) err(ing, `backend Service ${b.name} is not in the build`);
        else if (!(svc.spec.ports ?? []).some((p) => (b.port?.name !== undefined ? p.name === b.port.name : p.port === b.port?.number))) {
          err(ing, `backend port ${b.port?.name ?? b.port?.number} is not a port of Service ${b.name}`);
        }
      }
    }
  }

  // ---- Dashboards for Grafana's sidecar: every dashboard file, when the build carries them ----
  if (opts.dashboards) {
    const shipped = new Set(
      byKind(objects, "ConfigMap")
        .filter((c) => c.metadata?.labels?.grafana_dashboard === "1")
        .flatMap((c) => Object.keys(c.data ?? {})),
    );
    for (const f of opts.dashboards) if (!shipped.has(f)) errors.push(`dashboard ${f} has no ConfigMap labelled grafana_dashboard: "1" (deploy/grafana/kustomization.yaml)`);
  }

  // ---- Alert rules: deployed == tested ----
  const rules = byKind(objects, "PrometheusRule");
  if (opts.prometheusGroups) {
    if (rules.length !== 1) errors.push(`expected one PrometheusRule, found ${rules.length}`);
    for (const r of rules) {
      if (canonical(r.spec.groups) !== canonical(opts.prometheusGroups)) {
        err(r, "spec.groups differ from deploy/prometheus/rules/*.yml: run `node deploy/validate/sync-prometheusrule.mjs`");
      }
      // Every Java Kafka client exports kafka_* and jvm_*: an unscoped selector mixes in other apps'.
      for (const g of r.spec.groups ?? []) {
        for (const rule of g.rules ?? []) {
          const expr = String(rule.expr ?? "");
          const up = [...expr.matchAll(/(?<![\w:])up(\{[^}]*\})?(?![\w(])/g)].filter((m) => !/job="vigil"/.test(m[1] ?? ""));
          const bad = [...unscopedSelectors(expr, /job="vigil"/), ...up.map((m) => m[0])];
          if (bad.length) err(r, `${rule.alert ?? rule.record}: ${bad.join(", ")} must select job="vigil" (shared Prometheus)`);
        }
      }
    }
  }
  return errors;
}
