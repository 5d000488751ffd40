#!/usr/bin/env bash
# TypeScript type-check of dashboards/*.json against @grafana/schema's Dashboard type:
# each dashboard is wrapped as `export default (<json>) satisfies DashboardJson;` and compiled with
# `tsc --strict --noEmit`. npm packages (and npm's cache) go to .cache/deploy-npm (gitignored); set
# BAMBU_NPM_CACHE to use another directory. Exit 0 = all dashboards type-check.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="${BAMBU_NPM_CACHE:-$root/.cache/deploy-npm}"
schema_version="13.2.3"
ts_version="5.9.3"

mkdir -p "$cache"
schema_json="$cache/node_modules/@grafana/schema/package.json"
if [[ ! -x "$cache/node_modules/.bin/tsc" || ! -f "$schema_json" ]] ||
   ! grep -q "\"version\": \"$schema_version\"" "$schema_json"; then
  echo "installing typescript@$ts_version @grafana/schema@$schema_version into $cache"
  # npm's download cache too stays in $cache (no ~/.npm); a registry failure fails the check.
  npm_config_cache="$cache/npm-cache" npm install --no-audit --no-fund --loglevel=error \
    --prefix "$cache" \
    "typescript@$ts_version" "@grafana/schema@$schema_version" >/dev/null
fi

work="$cache/wrappers"
rm -rf "$work"
mkdir -p "$work"
cp "$root/tests/deploy/dashboard-json.ts" "$work/dashboard-json.ts"
for f in "$root"/dashboards/*.json; do
  name="$(basename "$f" .json)"
  {
    echo "import type { DashboardJson } from './dashboard-json.js';"
    printf 'export default ('
    cat "$f"
    echo ') satisfies DashboardJson;'
  } >"$work/$name.ts"
done
cd "$cache"
./node_modules/.bin/tsc --strict --noEmit --module nodenext --moduleResolution nodenext \
  --skipLibCheck "$work"/*.ts
count="$(ls "$root"/dashboards/*.json | wc -l)"
echo "tsc: $count dashboards type-check against @grafana/schema $schema_version"
