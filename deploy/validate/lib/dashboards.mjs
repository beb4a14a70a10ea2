// Structural checks of one Grafana dashboard (JSON model, schemaVersion 39).

const PANEL_TYPES = new Set(["row", "stat", "timeseries", "table", "heatmap", "gauge", "bargauge", "text"]);
const DS = "${datasource}";

/** Grafana's interval variables, replaced by a duration so that promtool can parse the query. */
export function toPromQL(expr) {
  return expr.replaceAll("$__rate_interval", "5m").replaceAll("$__interval", "1m").replaceAll("$__range", "1h");
}

/**
 * Selectors of metric names any Java Kafka app also exports (kafka_*, jvm_*) or another Vigil install
 * exports (vigil_*) that do not name their job: in a shared Prometheus they would mix other apps' series.
 * @param {string} expr PromQL
 * @param {RegExp} ours the matcher every such selector must carry
 * @returns {string[]} the offending selectors
 */
export function unscopedSelectors(expr, ours) {
  const bad = [];
  for (const m of expr.matchAll(/(?<![\w:$])((?:vigil|kafka|jvm)_[a-z0-9_]+)(\{[^}]*\})?(?![\w(])/g)) {
    if (!m[2] || !ours.test(m[2])) bad.push(m[0]);
  }
  return bad;
}

/**
 * @returns {{problems: string[], queries: {panel: string, refId: string, promql: string}[]}}
 */
export function checkDashboard(dash) {
  const problems = [];
  const queries = [];
  for (const key of ["uid", "title", "panels", "schemaVersion"]) if (dash[key] === undefined) problems.push(`missing ${key}`);
  if (typeof dash.uid === "string" && !/^[a-zA-Z0-9_-]{1,40}$/.test(dash.uid)) problems.push(`uid ${dash.uid} must be 1-40 of [a-zA-Z0-9_-]`);
  const vars = new Set((dash.templating?.list ?? []).map((v) => v.name));
  if (!(dash.templating?.list ?? []).some((v) => v.name === "datasource" && v.type === "datasource" && v.query === "prometheus")) {
    problems.push("needs a 'datasource' variable of type datasource (query prometheus)");
  }
  const ids = new Set();
  const cells = [];
  for (const p of dash.panels ?? []) {
    const name = `panel ${p.id} "${p.title}"`;
    if (ids.has(p.id)) problems.push(`${name}: duplicate id`);
    ids.add(p.id);
    if (!PANEL_TYPES.has(p.type)) problems.push(`${name}: unexpected type ${p.type}`);
    const g = p.gridPos;
    if (!g || g.x < 0 || g.w < 1 || g.x + g.w > 24 || g.h < 1 || g.y < 0) problems.push(`${name}: gridPos out of the 24-column grid`);
    else {
      for (const c of cells) {
        if (g.x < c.x + c.w && c.x < g.x + g.w && g.y < c.y + c.h && c.y < g.y + g.h) problems.push(`${name}: overlaps panel ${c.id}`);
      }
      cells.push({ ...g, id: p.id });
    }
    if (p.type === "row" || p.type === "text") continue;
    if (!p.description) problems.push(`${name}: no description (ops read it at 3 a.m.)`);
    if (p.datasource?.uid !== DS) problems.push(`${name}: datasource must be the ${DS} variable`);
    const targets = p.targets ?? [];
    if (targets.length === 0) problems.push(`${name}: no query`);
    const refIds = new Set();
    for (const t of targets) {
      if (refIds.has(t.refId)) problems.push(`${name}: duplicate refId ${t.refId}`);
      refIds.add(t.refId);
      if (t.datasource && t.datasource.uid !== DS) problems.push(`${name} ${t.refId}: datasource must be the ${DS} variable`);
      if (typeof t.expr !== "string" || !t.expr.trim()) {
        problems.push(`${name} ${t.refId}: empty expr`);
        continue;
      }
      for (const m of t.expr.matchAll(/\$\{?(\w+)/g)) {
        if (!m[1].startsWith("__") && !vars.has(m[1])) problems.push(`${name} ${t.refId}: unknown variable $${m[1]}`);
      }
      for (const sel of unscopedSelectors(t.expr, /job=~"\$job"/)) {
        problems.push(`${name} ${t.refId}: ${sel} does not select job=~"$job" (shared Prometheus)`);
      }
      queries.push({ panel: name, refId: t.refId, promql: toPromQL(t.expr) });
    }
  }
  return { problems, queries };
}
