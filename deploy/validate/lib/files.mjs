// Paths and YAML loading shared by the checks.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

/** The repository root (deploy/validate/lib/../../..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Every document of a (multi-document) YAML text; a syntax error throws with the source name. */
export function yamlDocuments(text, source) {
  const out = [];
  for (const doc of parseAllDocuments(text, { prettyErrors: true })) {
    if (doc.errors.length) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join("; ")}`);
    const value = doc.toJS({ maxAliasCount: 50 });
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

export function yamlFile(path) {
  return yamlDocuments(readFileSync(path, "utf8"), path);
}

/** The *.yml / *.yaml files of a directory, sorted by name. */
export function yamlFilesIn(dir) {
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
}

/** The rule groups of deploy/prometheus/rules/*.yml, in file order. */
export function prometheusGroups() {
  return yamlFilesIn(join(ROOT, "deploy", "prometheus", "rules")).flatMap((f) => yamlFile(f)[0].groups);
}
