#!/usr/bin/env bash
# Dashboards as code (this folder: TypeScript on @grafana/grafana-foundation-sdk, see README.md).
#   check.sh build     # npm ci from package-lock.json (only when the lock file changed since the
#                      # last install) into node_modules/, then tsc --strict into build/
#   check.sh generate  # writes dashboards/*.json from the generator
#   check.sh sync      # dashboards/*.json equal the generator's output (regenerated to a temp dir)
#   check.sh types     # every dashboards/*.json type-checks against @grafana/schema's Dashboard type
#   check.sh colours   # the tray colour proof: test/colour_proof.ts (needs prometheus on PATH)
# node_modules/ and build/ are git-ignored; npm's download cache goes to .cache/npm of the
# repository (BAMBU_NPM_CACHE to use another). Exit 0 = the step passed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$here"

build() {
  local stamp=node_modules/.bambu-package-lock.json
  if [[ ! -f "$stamp" ]] || ! cmp -s package-lock.json "$stamp"; then
    echo "npm ci (package-lock.json changed or node_modules missing)"
    npm_config_cache="${BAMBU_NPM_CACHE:-$root/.cache/npm}" \
      npm ci --no-audit --no-fund --loglevel=error >/dev/null
    cp package-lock.json "$stamp"
  fi
  rm -rf build
  ./node_modules/.bin/tsc -p tsconfig.json
  echo "tsc --strict: generator and colour proof compile ($(node --version))"
}

built() {
  [[ -f build/src/generate.js ]] || { echo "not built: run $0 build first" >&2; exit 1; }
}

sync() {
  built
  local out
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' RETURN
  node build/src/generate.js "$out" >/dev/null
  # dashboards/kustomization.yaml (the ConfigMaps for Kubernetes) is not generated.
  if diff -ru -x kustomization.yaml "$root/dashboards" "$out" >"$out.diff"; then
    echo "dashboards/*.json equal the generator's output ($(ls "$out" | wc -l) files)"
  else
    sed -e "s#$out#(generated)#g" "$out.diff" | head -n 60
    echo "dashboards/ differs from the generator: run tests/deploy/dashboards/check.sh generate"
    rm -f "$out.diff"
    return 1
  fi
  rm -f "$out.diff"
}

types() {
  built
  local work=build/schema-check
  rm -rf "$work"
  mkdir -p "$work"
  cp test/dashboard-json.ts "$work/dashboard-json.ts"
  local f name
  for f in "$root"/dashboards/*.json; do
    name="$(basename "$f" .json)"
    {
      echo "import type { DashboardJson } from './dashboard-json.js';"
      printf 'export default ('
      cat "$f"
      echo ') satisfies DashboardJson;'
    } >"$work/$name.ts"
  done
  ./node_modules/.bin/tsc --strict --noEmit --module nodenext --moduleResolution nodenext \
    --skipLibCheck "$work"/*.ts
  local version
  version="$(node -p 'require("@grafana/schema/package.json").version')"
  echo "tsc: $(ls "$root"/dashboards/*.json | wc -l) dashboards type-check against @grafana/schema $version"
}

case "${1:-}" in
  build) build ;;
  generate) built; node build/src/generate.js "$root/dashboards" ;;
  sync) sync ;;
  types) types ;;
  colours) built; node build/test/colour_proof.js "$root/dashboards" ;;
  *) sed -n '2,10p' "$0"; exit 2 ;;
esac
