#!/usr/bin/env bash
# The dashboards, rules and landing page against real parts, all on 127.0.0.1 with free ports:
# mosquitto (TLS + password) <- bambu_sim (X1C, P1S, A1, H2D) -> bambu_exporter <- a real
# Prometheus (Debian package; scrape and evaluation every 1 s; deploy/prometheus rules, alert
# `for:` shortened: see real_parts_check.py) and headless Chromium.
#   1. healthy fleet: every dashboard expr returns data (or is listed with its reason), the
#      job/printer variables list the fleet, the target is up, rules are healthy, no Bambu alert
#      pending or firing (now, nor in the ALERTS history of the run);
#   2. the landing page in headless Chromium: no console error, the DOM lists every printer,
#      the screenshot (build dir/landing-page.png) shows every tray colour of the fixtures;
#   3. the simulator restarted with --low-tray: BambuTrayLow fires for that tray, with its
#      printer, AMS, slot, filament type, name and colour, its text naming it "AMS-2 B2" as the
#      printer does, and no other alert;
#   4. the simulator stopped after one printer reported IDLE (the others print): once they are
#      stale (stale_after 15s here), BambuPrinterDownWhilePrinting fires for each printer that
#      was printing and never for the idle one; with the simulator back, it resolves;
#   5. every panel lit: the simulator restarted with the H2D's active spool at 9 % (it runs out
#      before the print ends) and an AMS HMS error (AMS-1 A3 ran out); drying units are in its
#      captures. Every target of every dashboard panel, variables at All and at the H2D, returns
#      series (tests/deploy/panels_check.py; a short declared list may stay empty). The HMS and
#      run-out alerts name unit and slot as the printer does ("AMS-1 A3: filament ran out"), and
#      every input series of the promtool rule tests carries labels and values this exporter
#      sends (tests/deploy/alert_inputs_check.py); the fired alerts' runbook_url opens their
#      section of the runbook the exporter serves at /runbook.
# Usage: tests/deploy/real_parts_test.sh [BUILD_DIR]   (default build/test; needs bambu_exporter
# and bambu_sim built there). Every process started is stopped by PID on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/sim-stack.sh
source scripts/lib/sim-stack.sh

build="${1:-build/test}"
py=/usr/bin/python3
check=(tests/deploy/real_parts_check.py)

for binary in "$build/bambu_exporter" "$build/bambu_sim"; do
  [[ -x "$binary" ]] || { echo "real-parts: $binary is not built" >&2; exit 1; }
done
for tool in mosquitto mosquitto_passwd prometheus chromium openssl curl; do
  command -v "$tool" >/dev/null || { echo "real-parts: $tool not installed" >&2; exit 1; }
done

tmp="$(mktemp -d /tmp/bambu-real-parts.XXXXXX)"
rc=0
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  trap - EXIT
  stack_stop
  if ((rc != 0)); then
    for log in exporter sim prometheus mosquitto; do
      echo "--- $log log (tail)"
      tail -n 15 "$tmp/$log.log" 2>/dev/null || true
    done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'rc=130; exit 130' INT TERM

mqtt_port="$(stack_free_port)"
http_port="$(stack_free_port)"
prom_port="$(stack_free_port)"
prom="http://127.0.0.1:$prom_port"

stack_init "$tmp"
stack_make_secrets
stack_start_mosquitto "$mqtt_port"
stack_write_exporter_config "$http_port" "$mqtt_port" 15s
stack_start_exporter "$build/bambu_exporter" "$http_port"

# Prometheus before the simulator, so every rate and derivative window holds the whole run.
mkdir "$tmp/prom"
"$py" "${check[@]}" config "$tmp/prom" "127.0.0.1:$http_port"
prometheus --config.file="$tmp/prom/prometheus.yml" --storage.tsdb.path="$tmp/prom/data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$tmp/prometheus.log" 2>&1 &
stack_pids+=($!)
stack_wait_for "curl -fs -o /dev/null $prom/-/ready" prometheus "$tmp/prometheus.log" 60

stack_start_sim "$build/bambu_sim" "$mqtt_port" --seed 1

# stage NAME: starts timing a stage; the durations are printed at the end (seconds).
stage_names=()
stage_starts=()
stage() {
  stage_names+=("$1")
  stage_starts+=("$SECONDS")
  echo "== $1"
}

stage "1. healthy fleet"
fleet=()
for i in "${!stack_names[@]}"; do fleet+=("${stack_names[$i]}=${stack_models[$i]}"); done
"$py" "${check[@]}" healthy "$prom" "${fleet[@]}" || rc=1

stage "2. landing page in headless Chromium"
"$py" tests/deploy/landing_page_check.py "http://127.0.0.1:$http_port/" \
  "$build/landing-page.png" "${stack_names[@]}" || rc=1

stage "3. low tray: X1C AMS 1 slot 1 (ABS, blue) at 5 %"
# Restart the simulator with one tray at 5 %; the exporter keeps its sessions to the broker.
stack_stop_pid "$stack_sim_pid"
stack_start_sim "$build/bambu_sim" "$mqtt_port" --seed 1 --low-tray "${stack_serials[0]}:1:1:5"
"$py" "${check[@]}" low-tray "$prom" printer="${stack_names[0]}" serial="${stack_serials[0]}" \
  ams=1 slot=1 filament_type=ABS name=ABS color='#489FDF' text="AMS-2 B2 (ABS" || rc=1

stage "4. printer down: ${stack_names[1]} idle, the others printing, then the fleet goes silent"
stack_stop_pid "$stack_sim_pid"
# The P1S's last report says IDLE (a delta, as the printer sends when a print ends).
mosquitto_pub -h 127.0.0.1 -p "$mqtt_port" --cafile "$stack_dir/ca.pem" --insecure -u bblp \
  -P "$stack_access_code" -t "device/${stack_serials[1]}/report" \
  -m '{"print":{"command":"push_status","msg":1,"gcode_state":"IDLE"}}'
printing="${stack_names[0]},${stack_names[2]},${stack_names[3]}"
"$py" "${check[@]}" printer-down "$prom" down "PRINTING=$printing" "IDLE=${stack_names[1]}" || rc=1
stack_start_sim "$build/bambu_sim" "$mqtt_port" --seed 1
"$py" "${check[@]}" printer-down "$prom" back "PRINTING=$printing" "IDLE=${stack_names[1]}" || rc=1

stage "5. every panel shows data: ${stack_names[3]} runs out of filament, reports an AMS HMS error"
stack_stop_pid "$stack_sim_pid"
stack_start_sim "$build/bambu_sim" "$mqtt_port" --seed 1 --low-tray "${stack_serials[3]}:0:0:9" \
  --hms "${stack_serials[3]}:07002200:00020001" --hms "${stack_serials[3]}:07FE2000:00020001" \
  --hms "${stack_serials[3]}:07014000:00030001" --hms "${stack_serials[3]}:0C000300:00040001"
"$py" tests/deploy/panels_check.py "$prom" "${stack_names[3]}" || rc=1
# The alert texts from the labels the exporter sent, and the alert tests' inputs against them.
"$py" "${check[@]}" alert-text "$prom" BambuHmsErrorActive \
  "Printer ${stack_names[3]} (H2D, serial ${stack_serials[3]}): AMS-1 A3: filament ran out" \
  ": Ext-L: filament ran out" ": AMS 2 PRO-2: HMS error" || rc=1
"$py" "${check[@]}" alert-text "$prom" BambuTrayRunsOutBeforePrintEnds \
  "Printer ${stack_names[3]}, AMS-1 A1 (PLA" || rc=1
"$py" tests/deploy/alert_inputs_check.py "http://127.0.0.1:$http_port/metrics" || rc=1
# A person clicks the fired alert's runbook link: the exporter serves the section.
"$py" "${check[@]}" runbook-link "$prom" BambuHmsErrorActive || rc=1
"$py" "${check[@]}" runbook-link "$prom" BambuTrayRunsOutBeforePrintEnds || rc=1

stage_starts+=("$SECONDS")
for i in "${!stage_names[@]}"; do
  echo "stage ${stage_names[$i]%%.*}: $((stage_starts[i + 1] - stage_starts[i])) s"
done
echo "real-parts: $( ((rc == 0)) && echo passed || echo FAILED)"
exit "$rc"
