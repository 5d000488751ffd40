#!/usr/bin/env bash
# Validates the example exporter configurations with the exporter's own parser
# (bambu_exporter --config.check): deploy/docker/exporter.yaml and the exporter.yaml of
# deploy/kubernetes/configmap.yaml (its access_code_file paths pointed at a temporary file).
# The binary: $BAMBU_EXPORTER, else the newest build*/bambu_exporter or build/*/bambu_exporter
# that has --config.check. Exit 2 when there is no such binary (the caller reports a skip).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

exporter="${BAMBU_EXPORTER:-}"
if [[ -z "$exporter" ]]; then
  for candidate in $(ls -t build*/bambu_exporter build/*/bambu_exporter 2>/dev/null); do
    if "$candidate" --help 2>&1 | grep -q -- '--config.check'; then
      exporter="$candidate"
      break
    fi
  done
fi
if [[ -z "$exporter" ]]; then
  echo "no bambu_exporter binary with --config.check (build it, or set BAMBU_EXPORTER)"
  exit 2
fi
echo "using $exporter"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

BAMBU_ACCESS_CODE_P1S=00000000 "$exporter" --config.check --config.file=deploy/docker/exporter.yaml

printf '00000000\n' >"$tmp/access_code"
/usr/bin/python3 - "$tmp" <<'PY'
import re, sys, yaml
tmp = sys.argv[1]
with open("deploy/kubernetes/configmap.yaml", encoding="utf-8") as f:
    text = yaml.safe_load(f)["data"]["exporter.yaml"]
text = re.sub(r"access_code_file: \S+", f"access_code_file: {tmp}/access_code", text)
with open(f"{tmp}/configmap-exporter.yaml", "w", encoding="utf-8") as f:
    f.write(text)
PY
"$exporter" --config.check --config.file="$tmp/configmap-exporter.yaml"
