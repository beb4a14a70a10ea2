// Paths and YAML loading shared by the checks.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

/** The repository root (deploy/validate/lib/../../..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/**
 * Every document of a (multi-document) YAML text; a syntax error throws with the source name. Kubernetes
 * manifests are read as kubectl reads them, YAML 1.1 (`defaultMode: 0400` is octal there, decimal 400 in YAML
 * 1.2): pass K8S_YAML.
 */
export function yamlDocuments(text, source, options = {}) {
  const out = [];
  for (const doc of parseAllDocuments(text, { prettyErrors: true, ...options })) {
    if (doc.errors.length) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join("; ")}`);
    const value = doc.toJS({ maxAliasCount: 50 });
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

/** Parser options for Kubernetes manifests: YAML 1.1, like kubectl. */
export const K8S_YAML = { version: "1.1" };

export function yamlFile(path, options = {}) {
  return yamlDocuments(readFileSync(path, "utf8"), path, options);
}

/** The *.yml / *.yaml files of a directory, sorted by name. */
export function yamlFilesIn(dir) {
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
}

/** The rule groups of deploy/prometheus/rules/*.yml, in file order. */
export function prometheusGroups() {
  return yamlFilesIn(join(ROOT, "deploy", "prometheus", "rules")).flatMap((f) => yamlFile(f)[0].groups);
}
