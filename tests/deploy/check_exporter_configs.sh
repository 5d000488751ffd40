#!/usr/bin/env bash
# Validates the example exporter configurations with the exporter's own parser
# (bambu_exporter --config.check): deploy/docker/exporter.yaml and the Kubernetes exporter.yaml
# files (their access_code_file paths pointed at a temporary file; the systemd example is
# checked by check_systemd_unit.py).
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
# The Kubernetes configurations, access_code_file pointed at a temporary file.
for config in deploy/kubernetes/base/exporter.yaml deploy/kubernetes/overlays/*/exporter.yaml \
  deploy/kubernetes/components/*/exporter.yaml; do
  sed "s#access_code_file: .*#access_code_file: $tmp/access_code#" "$config" >"$tmp/exporter.yaml"
  echo "$config:"
  "$exporter" --config.check --config.file="$tmp/exporter.yaml"
done
