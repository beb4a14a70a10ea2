#!/usr/bin/env bash
# Checks everything under deploy/ offline; exits non-zero on the first failing step.
#   - Prometheus: `promtool check rules` and `promtool test rules` (alerts firing and not firing), and
#     every alert's runbook_url (deploy/validate/validate-alerts.mjs)
#   - Kubernetes: `kubectl kustomize deploy/k8s`, then every object against its schema (strict) and
#     the cross-object checks (deploy/validate), plus the validator's own tests; among them: every
#     secret volume defaultMode 0400 with fsGroup = runAsGroup, and /metrics on its own port behind a
#     NetworkPolicy that admits only Prometheus
#   - Grafana dashboards and the compose file: parse and consistency checks (deploy/validate)
# Installs what is missing, quietly and only once: promtool (Debian package prometheus), kubectl
# (Debian package kubernetes-client, for its built-in kustomize) and the validator's npm packages
# (pinned by deploy/validate/package-lock.json).
#   - with --image (default when CI=true): builds the container image offline (mvn -Pimage) and runs it
#     with deploy/image/smoke-test.sh (needs root)
# Usage: bash deploy/check.sh [--image]        (from anywhere; CI calls it from .ci/run)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
step() { printf '\n== %s\n' "$*"; }

apt_install() {
  local pkg=$1
  echo "installing Debian package $pkg"
  if [ ! -f /tmp/.vigil-apt-updated ]; then
    apt-get update -qq >/dev/null && touch /tmp/.vigil-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
}

command -v promtool >/dev/null || apt_install prometheus
command -v kubectl >/dev/null || apt_install kubernetes-client
command -v node >/dev/null || apt_install nodejs
command -v npm >/dev/null || apt_install npm

# npm ci only when the installed tree does not match the lock file.
if ! cmp -s deploy/validate/package-lock.json deploy/validate/node_modules/.vigil-lock 2>/dev/null; then
  echo "installing the validator's npm packages (deploy/validate/package-lock.json)"
  (cd deploy/validate && npm ci --no-audit --no-fund --loglevel=error 2>&1 | grep -v EBADENGINE || true)
  test -d deploy/validate/node_modules/kubernetes-models
  cp deploy/validate/package-lock.json deploy/validate/node_modules/.vigil-lock
fi

step "promtool check rules"
promtool check rules deploy/prometheus/rules/*.yml

step "promtool test rules"
promtool test rules deploy/prometheus/tests/*.test.yml

step "every alert's runbook_url: absolute, one base, an existing heading of deploy/README.md"
node deploy/validate/validate-alerts.mjs

step "kustomize build + manifest schema and consistency checks"
build=$(mktemp --suffix=.yaml)
trap 'rm -f "$build"' EXIT
kubectl kustomize deploy/k8s >"$build"
node deploy/validate/validate-manifests.mjs "$build"

step "the production overlay (deploy/overlays/production): the same checks, plus the dashboards as sidecar ConfigMaps"
prod=$(mktemp --suffix=.yaml)
kubectl kustomize deploy/overlays/production >"$prod"
node deploy/validate/validate-manifests.mjs "$prod" --dashboards
rm -f "$prod"

step "dashboards (structure; every query parsed by promtool), provisioning and compose checks"
queries=$(mktemp --suffix=.yml)
trap 'rm -f "$build" "$queries"' EXIT
node deploy/validate/validate-dashboards.mjs --promql-rules "$queries"
promtool check rules "$queries" >/dev/null || promtool check rules "$queries"
node deploy/validate/validate-compose.mjs

step "validator tests (each check fails on the mistake it is meant to catch)"
node --test deploy/validate/test/

if [ "${1:-}" = "--image" ] || [ "${CI:-}" = "true" ]; then
  step "container image: build offline without a daemon, then run it (chroot smoke test)"
  command -v unzip >/dev/null || apt_install unzip
  mvn -B -q -ntp package -Pimage -DskipTests -pl stream-app -am
  bash deploy/image/smoke-test.sh
fi

echo
echo "deploy checks: all passed"
