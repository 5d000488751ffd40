#!/usr/bin/env bash
# The container image as users build and run it, without a registry or a container daemon:
#   1. a debian:12-slim base made locally: `debootstrap --variant=minbase bookworm`, slimmed as
#      the official image is (no docs, man pages or locales; apt cleans after itself), committed
#      with buildah under the name the Dockerfile's FROM uses;
#   2. deploy/docker/Dockerfile built with `buildah bud` (chroot isolation, vfs storage, as root,
#      never pulling), docker format so the HEALTHCHECK is kept; the image's size is printed;
#   3. the image's config: non-root user, port 9593, the revision label, no compiler inside;
#   4. the image's ENTRYPOINT + CMD run (`buildah run`, which shares the host's network) against
#      mosquitto (TLS + password) and bambu_sim on 127.0.0.1, its config mounted read-only at
#      /etc/bambu-exporter as a user would; /metrics scraped from it: bambu_up 1 for each
#      simulated printer, their tray series (tests/deploy/image_check.py); /runbook served;
#   5. the image's own HEALTHCHECK command run inside the container: exit 0 while the exporter
#      serves, non-zero once it is stopped.
# The listen port is a free one, not 9593 (other tests run on this machine): the exporter's
# listen_address and the HEALTHCHECK command get it swapped in (as tests/deploy/check_docker.py).
#
# Caches (BAMBU_IMAGE_CACHE, default /var/cache/bambu_exporter-image; outside the repository):
# the base tarball (one per ISO week: a new week gets Debian's updates), buildah's storage with
# the base image, and the Dockerfile's RUN --mount caches (apt downloads, ccache). A warm run
# re-runs every Dockerfile step; only downloads and unchanged compiles are saved.
#
# Needs root, buildah and debootstrap: without them the stage is skipped with the reason, except
# under CI=true, where they are installed (scripts/install-deps image) and missing tools fail.
# Usage: tests/deploy/image_test.sh [BUILD_DIR]   (bambu_sim from BUILD_DIR, default build/test)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/sim-stack.sh
source scripts/lib/sim-stack.sh

build="${1:-build/test}"
py=/usr/bin/python3
image=localhost/bambu-exporter:test
base_name=docker.io/library/debian:12-slim
cache="${BAMBU_IMAGE_CACHE:-/var/cache/bambu_exporter-image}"

unavailable() {
  if [[ "${CI:-}" == true ]]; then
    echo "image: $1 (CI=true: the stage must run)" >&2
    exit 1
  fi
  echo "image: skipped: $1"
  exit 0
}

((EUID == 0)) || unavailable "needs root (buildah with chroot isolation and vfs storage)"
if [[ "${CI:-}" == true ]]; then scripts/install-deps image; fi
for tool in buildah debootstrap; do
  command -v "$tool" >/dev/null ||
    unavailable "$tool not installed (scripts/install-deps image installs buildah and debootstrap)"
done
[[ -x "$build/bambu_sim" ]] || { echo "image: $build/bambu_sim is not built" >&2; exit 1; }
for tool in mosquitto mosquitto_passwd openssl curl; do
  command -v "$tool" >/dev/null || { echo "image: $tool not installed" >&2; exit 1; }
done

mkdir -p "$cache/base" "$cache/tmp"
# One run at a time: the storage and the caches are shared.
exec {lock}>"$cache/lock"
flock "$lock"
buildah=(buildah --root "$cache/storage" --runroot "$cache/run" --storage-driver vfs)
b() { "${buildah[@]}" "$@"; }
# Working containers a killed run left behind (this storage is the stage's own).
b rm --all >/dev/null

tmp="$(mktemp -d /tmp/bambu-image.XXXXXX)"
rc=0
container=""
exporter_pid=""
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  local status=$?
  trap - EXIT
  ((status == 0)) || rc=$status
  [[ -n "$exporter_pid" ]] && stop_exporter
  stack_stop
  if ((rc != 0)); then
    for log in exporter sim mosquitto; do
      echo "--- $log log (tail)"
      tail -n 15 "$tmp/$log.log" 2>/dev/null || true
    done
  fi
  [[ -n "$container" ]] && b rm "$container" >/dev/null 2>&1
  b rmi "$image" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'rc=130; exit 130' INT TERM

stop_exporter() {
  kill "$exporter_pid" 2>/dev/null || true
  wait "$exporter_pid" 2>/dev/null || true
  exporter_pid=""
}

step_start=$SECONDS
step() {
  echo "== $1 (at $((SECONDS - step_start)) s)"
}

# --- 1. the base image -------------------------------------------------------------------------
# What the official debian:12-slim (debuerreotype) does to a minbase tree, in short.
slim_rootfs() {
  local r="$1"
  cat >"$r/etc/dpkg/dpkg.cfg.d/docker" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CFG
  # dpkg without an fsync per file (the official image's docker-apt-speedup).
  echo force-unsafe-io >"$r/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  find "$r/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  find "$r/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$r"/usr/share/{man,groff,info,lintian,linda}/*
  find "$r/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
  cat >"$r/etc/apt/apt.conf.d/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CFG
  echo 'Acquire::Languages "none";' >"$r/etc/apt/apt.conf.d/docker-no-languages"
  printf 'Acquire::GzipIndexes "true";\nAcquire::CompressionTypes::Order:: "gz";\n' \
    >"$r/etc/apt/apt.conf.d/docker-gzip-indexes"
  printf 'APT::AutoRemove::SuggestsImportant "false";\n' \
    >"$r/etc/apt/apt.conf.d/docker-autoremove-suggests"
  rm -f "$r/etc/apt/sources.list"
  cat >"$r/etc/apt/sources.list.d/debian.sources" <<'CFG'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
CFG
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/*.bin "$r"/var/cache/apt/archives/*.deb
  rm -f "$r"/var/cache/debconf/*-old "$r"/var/lib/dpkg/*-old
  find "$r/var/log" -type f -delete
  : >"$r/etc/machine-id"
}

# The tarball's key: suite, variant, the slimming above (its text) and the ISO week.
base_key="bookworm-minbase-$(date -u +%G-W%V)-$(declare -f slim_rootfs | sha256sum | cut -c1-12)"
base_tar="$cache/base/$base_key.tar"

make_base_tarball() {
  local rootfs="$tmp/rootfs"
  echo "debootstrap --variant=minbase bookworm (log: $tmp/debootstrap.log)"
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian \
    >"$tmp/debootstrap.log" 2>&1 || { tail -n 20 "$tmp/debootstrap.log" >&2; return 1; }
  slim_rootfs "$rootfs"
  tar -C "$rootfs" --numeric-owner -cf "$base_tar.part" .
  rm -rf "$rootfs"
  mv "$base_tar.part" "$base_tar"
  find "$cache/base" -name '*.tar' -not -name "$base_key.tar" -delete
}

import_base() {
  local ctr mnt
  ctr="$(b from --name bambu-base-import scratch)"
  mnt="$(b mount "$ctr")"
  tar -C "$mnt" --numeric-owner -xf "$base_tar"
  b umount "$ctr" >/dev/null
  b config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --cmd bash --os linux --arch amd64 "$ctr"
  b commit --rm --format docker "$ctr" "$base_name" >/dev/null
  echo "$base_key" >"$cache/storage/base.key"
}

step "1. base image $base_name ($base_key)"
[[ -f "$base_tar" ]] || make_base_tarball
if [[ "$(cat "$cache/storage/base.key" 2>/dev/null)" != "$base_key" ]] ||
  ! b inspect --type image "$base_name" >/dev/null 2>&1; then
  b rm bambu-base-import >/dev/null 2>&1 || true
  b rmi --force "$base_name" >/dev/null 2>&1 || true
  import_base
fi

# --- 2. the image --------------------------------------------------------------------------------
step "2. buildah bud -f deploy/docker/Dockerfile"
revision="$(git rev-parse --short=12 HEAD)"
# TMPDIR: buildah keeps RUN --mount=type=cache directories under it. Each log line gets the
# seconds since the build began; the steps and ccache's hits are printed.
bud_start=$SECONDS
TMPDIR="$cache/tmp" b bud --isolation chroot --pull-never --format docker --layers=false \
  --build-arg "REVISION=$revision" --build-arg JOBS=2 \
  -f deploy/docker/Dockerfile -t "$image" . 2>&1 |
  while IFS= read -r line; do printf '%4d s  %s\n' $((SECONDS - bud_start)) "$line"; done \
    >"$tmp/bud.log" || { rc=1; tail -n 40 "$tmp/bud.log" >&2; exit 1; }
grep -E '^ *[0-9]+ s  (\[[0-9]/[0-9]\] STEP|  Hits|  Misses)' "$tmp/bud.log" | cut -c1-110
# --- 3. the image's config -----------------------------------------------------------------------
step "3. image config"
b inspect --type image "$image" >"$tmp/inspect.json"
container="$(b from --pull-never --name "bambu-image-test-$$" "$image")"
"$py" tests/deploy/image_check.py config "$tmp/inspect.json" "$revision" || rc=1
# The size: the files of the image, and its layers gzipped as a registry would hold them.
rootfs="$(b mount "$container")"
size_mb="$(du -sb "$rootfs" | awk '{ printf "%.1f", $1 / 1e6 }')"
b umount "$container" >/dev/null
b push --quiet "$image" "oci-archive:$tmp/image.tar" >/dev/null 2>&1
packed_mb="$(stat -c %s "$tmp/image.tar" | awk '{ printf "%.1f", $1 / 1e6 }')"
rm -f "$tmp/image.tar"
echo "image size: $size_mb MB of files, $packed_mb MB compressed (oci-archive)"
if b run --isolation chroot "$container" -- bash -c 'command -v g++ cc c++ cmake' >/dev/null \
  2>&1; then
  echo "FAIL: a compiler is in the runtime image"
  rc=1
fi

# --- 4. the image against the simulator ----------------------------------------------------------
step "4. the image's exporter against mosquitto + bambu_sim"
mqtt_port="$(stack_free_port)"
http_port="$(stack_free_port)"
stack_init "$tmp"
stack_make_secrets
stack_start_mosquitto "$mqtt_port"
stack_write_exporter_config "$http_port" "$mqtt_port"
# The user's config directory, readable by the image's user only, mounted read-only.
etc="$tmp/etc"
mkdir "$etc"
sed "s|$tmp/|/etc/bambu-exporter/|g" "$tmp/exporter.yaml" >"$etc/exporter.yaml"
cp "$tmp/ca.pem" "$tmp/access_code" "$etc/"
uid="$("$py" tests/deploy/image_check.py user "$tmp/inspect.json")"
chown -R "$uid" "$etc"
chmod 700 "$etc"
chmod 600 "$etc"/*
mapfile -t argv < <("$py" tests/deploy/image_check.py argv "$tmp/inspect.json")
echo "\$ ${argv[*]}  (as uid $uid)"
# buildah itself in the background (not a subshell): it passes SIGTERM on to the exporter.
"${buildah[@]}" run --isolation chroot -v "$etc:/etc/bambu-exporter:ro" "$container" -- \
  "${argv[@]}" >"$tmp/exporter.log" 2>&1 &
exporter_pid=$!
stack_wait_for "curl -fs -o /dev/null http://127.0.0.1:$http_port/-/healthy" \
  "the image's exporter" "$tmp/exporter.log" 30
stack_start_sim "$build/bambu_sim" "$mqtt_port" --seed 1
"$py" tests/deploy/image_check.py metrics "http://127.0.0.1:$http_port/metrics" \
  "${stack_names[@]}" || rc=1
# The runbook the alerts link to is built into the binary: the image serves it too.
runbook="$(curl -fs "http://127.0.0.1:$http_port/runbook" || true)"
if [[ "$runbook" == *'id="bambuprinterdownwhileprinting"'* ]]; then
  echo "/runbook of the image: the section BambuPrinterDownWhilePrinting is there"
else
  echo "FAIL: /runbook of the image lacks the section BambuPrinterDownWhilePrinting"
  rc=1
fi

# --- 5. the HEALTHCHECK --------------------------------------------------------------------------
step "5. HEALTHCHECK inside the container"
mapfile -t health < <("$py" tests/deploy/image_check.py healthcheck "$tmp/inspect.json" \
  "$http_port")
echo "\$ ${health[*]}"
status=0
b run --isolation chroot "$container" -- "${health[@]}" 2>>"$tmp/health.log" || status=$?
echo "  exit $status while the exporter serves"
((status == 0)) || { echo "FAIL: HEALTHCHECK fails against a serving exporter"; rc=1; }
stop_exporter
status=0
b run --isolation chroot "$container" -- "${health[@]}" 2>>"$tmp/health.log" || status=$?
echo "  exit $status after the exporter stopped"
((status != 0)) || { echo "FAIL: HEALTHCHECK passes without an exporter"; rc=1; }

echo "image: $( ((rc == 0)) && echo passed || echo FAILED)" \
  "(image $size_mb MB, $packed_mb MB compressed)"
echo "CPU time of this stage and its children (user, system):"
times
exit "$rc"
