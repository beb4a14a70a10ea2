// Schema validation of Kubernetes objects, offline, in the spirit of `kubeconform -strict`.
//
// Types, required fields, enums and formats come from the validators that the npm packages
// kubernetes-models (core/apps/policy, generated from the Kubernetes OpenAPI spec) and
// @kubernetes-models/prometheus-operator (generated from the Prometheus Operator CRDs) ship,
// both MIT-licensed. Those validators accept unknown fields, as the API server does without
// strict field validation; a misspelt `livenessprobe` would then pass silently. So each object is
// validated through a recording Proxy: the generated code reads every property its schema knows
// (and enumerates the keys of maps such as labels), so a key that was neither read nor part of
// an enumerated map is unknown to the schema and reported.
//
// Strimzi's KafkaTopic and KafkaUser have no npm model: they are checked against
// schemas/kafkatopic-v1.schema.json and schemas/kafkauser-v1.schema.json, written for Vigil from
// Strimzi's documented v1 API (Strimzi 0.49+), with Ajv.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import Ajv from "ajv";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Where each supported apiVersion/kind's generated validator lives. */
const GENERATED = {
  "v1/ConfigMap": ["kubernetes-models", "IoK8sApiCoreV1ConfigMap"],
  "v1/Secret": ["kubernetes-models", "IoK8sApiCoreV1Secret"],
  "v1/Service": ["kubernetes-models", "IoK8sApiCoreV1Service"],
  "v1/ServiceAccount": ["kubernetes-models", "IoK8sApiCoreV1ServiceAccount"],
  "apps/v1/StatefulSet": ["kubernetes-models", "IoK8sApiAppsV1StatefulSet"],
  "policy/v1/PodDisruptionBudget": ["kubernetes-models", "IoK8sApiPolicyV1PodDisruptionBudget"],
  "networking.k8s.io/v1/NetworkPolicy": ["kubernetes-models", "IoK8sApiNetworkingV1NetworkPolicy"],
  "networking.k8s.io/v1/Ingress": ["kubernetes-models", "IoK8sApiNetworkingV1Ingress"],
  "monitoring.coreos.com/v1/ServiceMonitor": [
    "@kubernetes-models/prometheus-operator",
    "ComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoringV1ServiceMonitor",
  ],
  "monitoring.coreos.com/v1/PrometheusRule": [
    "@kubernetes-models/prometheus-operator",
    "ComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoringV1PrometheusRule",
  ],
};

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
/** Strimzi kinds, each against its own JSON Schema. */
const STRIMZI = Object.fromEntries(
  [
    ["KafkaTopic", "kafkatopic-v1.schema.json"],
    ["KafkaUser", "kafkauser-v1.schema.json"],
  ].map(([kind, file]) => [
    `kafka.strimzi.io/v1/${kind}`,
    ajv.compile(JSON.parse(readFileSync(join(here, "..", "schemas", file), "utf8"))),
  ]),
);

const cache = new Map();

async function generatedValidator(key) {
  if (cache.has(key)) return cache.get(key);
  const [pkg, schema] = GENERATED[key];
  // The packages' export maps do not expose _schemas/, so load the file by path.
  const pkgDir = dirname(require.resolve(`${pkg}/package.json`));
  const mod = await import(pathToFileURL(join(pkgDir, "_schemas", `${schema}.js`)).href);
  cache.set(key, mod.validate);
  return mod.validate;
}

/** The kinds this validator knows, as "apiVersion/kind". */
export function supportedKinds() {
  return [...Object.keys(GENERATED), ...Object.keys(STRIMZI)];
}

/**
 * Validates one object. Returns a list of error strings ("" path means the object itself);
 * empty when valid.
 */
export async function validateObject(obj) {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) return ["not a mapping"];
  const key = `${obj.apiVersion}/${obj.kind}`;
  if (STRIMZI[key]) {
    const validateStrimzi = STRIMZI[key];
    return validateStrimzi(obj)
      ? []
      : validateStrimzi.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.allowedValues ? ": " + e.params.allowedValues.join(", ") : ""}${e.params?.additionalProperty ? ": " + e.params.additionalProperty : ""}`);
  }
  if (!GENERATED[key]) return [`no schema for apiVersion ${obj.apiVersion}, kind ${obj.kind} (supported: ${supportedKinds().join(", ")})`];
  const validate = await generatedValidator(key);
  const seen = [];
  const ok = validate(recording(obj, "", seen));
  const errors = ok ? [] : validate.errors.map(describe);
  for (const rec of seen) {
    if (rec.enumerated || Array.isArray(rec.value)) continue;
    for (const k of Object.keys(rec.value)) {
      if (!rec.read.has(k)) errors.push(`${rec.path}/${k} is not a field of the schema`);
    }
  }
  return errors;
}

/** One line for an error of the generated validators, which carry no message text. */
function describe(e) {
  const where = e.instancePath || "/";
  const p = e.params ?? {};
  switch (e.keyword) {
    case "required":
      return `${where} must have required property '${p.missingProperty}'`;
    case "type":
      return `${where} must be ${p.type}`;
    case "enum":
      return `${where} must be one of: ${p.allowedValues.join(", ")}`;
    case "format":
      return `${where} must match format ${p.format}`;
    default:
      return `${where} fails ${e.keyword} ${JSON.stringify(p)}`;
  }
}

/**
 * A read-only view of `value` that records, per object, which keys the validator read and
 * whether it enumerated the keys (a map). Nested objects are wrapped on access.
 */
function recording(value, path, seen) {
  if (value === null || typeof value !== "object") return value;
  const rec = { value, path, read: new Set(), enumerated: false };
  seen.push(rec);
  const children = new Map();
  return new Proxy(value, {
    get(target, prop, receiver) {
      if (typeof prop === "string") rec.read.add(prop);
      const v = Reflect.get(target, prop, receiver);
      if (v === null || typeof v !== "object") return v;
      if (!children.has(prop)) children.set(prop, recording(v, `${path}/${String(prop)}`, seen));
      return children.get(prop);
    },
    has(target, prop) {
      if (typeof prop === "string") rec.read.add(prop);
      return Reflect.has(target, prop);
    },
    ownKeys(target) {
      rec.enumerated = true;
      return Reflect.ownKeys(target);
    },
    set() {
      throw new Error("validators must not modify the object");
    },
  });
}
