// Every alert links its runbook: a `runbook_url` annotation (the Prometheus/Alertmanager convention) holding
// an absolute URL of deploy/README.md with the fragment of an existing heading there. All alerts share one base,
// so a fork or an internal mirror changes it in one step (set-runbook-base.mjs).

/** The anchors GitHub (and most Markdown renderers) give the headings of a Markdown text. */
export function headingAnchors(markdown) {
  const seen = new Map();
  const anchors = new Set();
  for (const m of markdown.replace(/^```[\s\S]*?^```/gm, "").matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = m[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/**
 * @param groups Prometheus rule groups (deploy/prometheus/rules/*.yml)
 * @param readme the text of deploy/README.md
 * @returns error strings
 */
export function checkRunbooks(groups, readme) {
  const errors = [];
  const anchors = headingAnchors(readme);
  const bases = new Set();
  for (const g of groups ?? []) {
    for (const rule of g.rules ?? []) {
      if (!rule.alert) continue;
      const a = rule.annotations ?? {};
      const name = rule.alert;
      if ("runbook" in a) errors.push(`${name}: annotation "runbook" is not the convention; use runbook_url`);
      const value = a.runbook_url;
      if (!value) {
        errors.push(`${name}: no runbook_url annotation`);
        continue;
      }
      let url;
      try {
        url = new URL(value);
      } catch {
        errors.push(`${name}: runbook_url ${JSON.stringify(value)} is not an absolute URL`);
        continue;
      }
      if (url.protocol !== "https:") errors.push(`${name}: runbook_url ${value} is not https`);
      if (!/\/deploy\/README\.md$/.test(url.pathname)) errors.push(`${name}: runbook_url ${value} does not point at deploy/README.md`);
      const anchor = decodeURIComponent(url.hash.slice(1));
      if (!anchors.has(anchor)) errors.push(`${name}: runbook_url anchor #${anchor} is no heading of deploy/README.md`);
      bases.add(value.split("#")[0]);
    }
  }
  if (bases.size > 1) errors.push(`runbook_url bases differ (${[...bases].join(", ")}): run set-runbook-base.mjs`);
  return errors;
}
