# shellcheck shell=bash
# Side-by-side end to end (sourced by scripts/bench): one printer's stream over TLS, received at
# the same time by bambu_exporter and by mosquitto_sub (the floor: one single-threaded C client
# that only receives each message and writes it out), from the same broker. CPU per report from
# /proc/<pid>/task/*/schedstat (nanoseconds on a CPU, every thread; /proc/<pid>/stat ticks are
# too coarse at 20 reports/s). Uses scripts/bench's $tmp (certificates, mosquitto.conf,
# access code), $build, $tls_port, $mqtt_port, pids/stop_all, wait_for and port_open.
# Environment: BENCH_SBS_RATES (default "20 100 500" reports/s), BENCH_SBS_REPEATS (3),
# BENCH_SBS_SECONDS (10, the measured window of each run), BENCH_SBS_IDLE (20, idle window),
# BENCH_SBS_EXPORTER (the exporter binary, default $build/bambu_exporter: e.g. an older build to
# compare with).

sbs_serial=SIDE00000000001

# CPU time of every thread of PID, nanoseconds.
sbs_cpu_ns() {
  cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{sum += $1} END {printf "%.0f\n", sum}'
}

# Context switches of every thread of PID (voluntary + involuntary): one per wake-up, at least.
sbs_switches() {
  cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ {sum += $2} END {printf "%d\n", sum}'
}

# Reports the exporter counted for the printer.
sbs_exporter_count() {
  curl -fsS "http://127.0.0.1:$http_port/metrics" |
    awk '/^bambu_mqtt_messages_received_total\{/ {sum += $NF} END {printf "%d\n", sum}'
}

# The fixture FILE minified to one line (the bytes a printer sends carry no white space).
sbs_minified() {
  /usr/bin/python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1])), separators=(",", ":")))' "$1"
}

# Publishes LINE to the printer's report topic RATE times a second for SECONDS (QoS 0, TLS).
sbs_publish() {
  local line="$1" rate="$2" seconds="$3"
  /usr/bin/python3 -c '
import sys, time
line, rate, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
start = time.monotonic(); n = 0
while True:
    due = start + n / rate
    if due - start >= seconds: break
    delay = due - time.monotonic()
    if delay > 0: time.sleep(delay)
    sys.stdout.write(line + "\n"); sys.stdout.flush(); n += 1
' "$line" "$rate" "$seconds" |
    mosquitto_pub -h 127.0.0.1 -p "$tls_port" --cafile "$tmp/ca.pem" --insecure -u bblp \
      -P "$access_code" -q 0 -l -t "device/$sbs_serial/report"
}

# One measured run: prints "exporter_ns exporter_reports sub_ns sub_reports exporter_switches
# sub_switches".
sbs_run() {
  local line="$1" rate="$2" exporter="$3" sub="$4" out="$5" seconds="$6"
  sbs_publish "$line" "$rate" $((seconds + 4)) &
  local publisher=$!
  sleep 2  # past the first messages and the publisher's TLS handshake
  local r0 s0 e0 q0 r1 s1 e1 q1 w0 v0 w1 v1
  r0="$(sbs_exporter_count)"; s0="$(wc -l <"$out")"
  w0="$(sbs_switches "$exporter")"; v0="$(sbs_switches "$sub")"
  e0="$(sbs_cpu_ns "$exporter")"; q0="$(sbs_cpu_ns "$sub")"
  sleep "$seconds"
  e1="$(sbs_cpu_ns "$exporter")"; q1="$(sbs_cpu_ns "$sub")"
  w1="$(sbs_switches "$exporter")"; v1="$(sbs_switches "$sub")"
  r1="$(sbs_exporter_count)"; s1="$(wc -l <"$out")"
  wait "$publisher" 2>/dev/null || true
  echo "$((e1 - e0)) $((r1 - r0)) $((q1 - q0)) $((s1 - s0)) $((w1 - w0)) $((v1 - v0))"
}

run_side_by_side() {
  local rates="${BENCH_SBS_RATES:-20 100 500}" repeats="${BENCH_SBS_REPEATS:-3}"
  local seconds="${BENCH_SBS_SECONDS:-10}" idle="${BENCH_SBS_IDLE:-20}"
  echo
  echo "== Side by side over TLS: bambu_exporter vs mosquitto_sub on one printer's stream =="
  echo "   ($(uptime | sed 's/.*load/load/'); ${seconds}s windows, $repeats runs a cell;" \
    "CPU from schedstat, all threads)"
  cat >"$tmp/sbs.yaml" <<YAML
listen_address: "127.0.0.1:$http_port"
printers:
  - serial: $sbs_serial
    host: 127.0.0.1
    port: $tls_port
    tls: {ca_file: $tmp/ca.pem}
    access_code_file: $tmp/access_code
YAML
  mosquitto -c "$tmp/mosquitto.conf" >"$tmp/mosquitto.log" 2>&1 &
  pids+=($!)
  wait_for "port_open $tls_port && port_open $mqtt_port" mosquitto "$tmp/mosquitto.log"
  "${BENCH_SBS_EXPORTER:-$build/bambu_exporter}" --config.file "$tmp/sbs.yaml" --log.level warn \
    >"$tmp/exporter.log" 2>&1 &
  local exporter=$!
  pids+=("$exporter")
  wait_for "curl -fsS -o /dev/null http://127.0.0.1:$http_port/-/healthy" bambu_exporter \
    "$tmp/exporter.log"
  local out="$tmp/sub.out"
  : >"$out"
  mosquitto_sub -h 127.0.0.1 -p "$tls_port" --cafile "$tmp/ca.pem" --insecure -u bblp \
    -P "$access_code" -q 0 -t "device/$sbs_serial/report" -F '%p' >"$out" 2>"$tmp/sub.log" &
  local sub=$!
  pids+=("$sub")
  local full delta
  full="$(sbs_minified tests/fixtures/rdiger36-spoolman_P1S-AMS_full.json)"
  delta="$(sbs_minified tests/fixtures/rdiger36-spoolman_P1S_delta-1.json)"
  # Both subscribed: one report a second until each has received one (20 s at most).
  local primed=0
  for _ in $(seq 20); do
    sbs_publish "$delta" 1 1
    if (($(sbs_exporter_count) > 0)) && [[ -s $out ]]; then primed=1; break; fi
  done
  if ((!primed)); then
    echo "bench: the exporter or mosquitto_sub received nothing; logs:" >&2
    tail -n 20 "$tmp/exporter.log" "$tmp/sub.log" >&2
    stop_all
    return 1
  fi

  # Idle: nothing published (the exporter's timers, Paho's keepalive and loop).
  local e0 q0 e1 q1
  e0="$(sbs_cpu_ns "$exporter")"; q0="$(sbs_cpu_ns "$sub")"
  sleep "$idle"
  e1="$(sbs_cpu_ns "$exporter")"; q1="$(sbs_cpu_ns "$sub")"
  awk -v e=$((e1 - e0)) -v q=$((q1 - q0)) -v s="$idle" -v er="$(proc_kb "$exporter" VmRSS)" \
    -v qr="$(proc_kb "$sub" VmRSS)" 'BEGIN {
      printf "  idle, one printer: exporter %.0f us CPU/s, %.1f MB resident; mosquitto_sub %.0f us CPU/s, %.1f MB resident\n",
             e / s / 1000, er / 1024, q / s / 1000, qr / 1024 }'

  printf '  %-22s %-26s %-26s %-18s %s\n' "cell" "exporter us/report" "mosquitto_sub us/report" \
    "ratio" "switches/report (exporter, sub)"
  local kind line rate i results
  for kind in full delta; do
    if [[ $kind == full ]]; then line="$full"; else line="$delta"; fi
    for rate in $rates; do
      results=()
      for i in $(seq "$repeats"); do results+=("$(sbs_run "$line" "$rate" "$exporter" "$sub" "$out" "$seconds")"); done
      printf '%s\n' "${results[@]}" | awk -v cell="$kind ${#line} B at $rate/s" '
        function sort(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t } }
        function median(a, n) { return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        { n++; e[n] = $2 ? $1 / $2 / 1000 : 0; q[n] = $4 ? $3 / $4 / 1000 : 0; r[n] = q[n] ? e[n] / q[n] : 0
          w[n] = $2 ? $5 / $2 : 0; v[n] = $4 ? $6 / $4 : 0
          d = $2 - $4; if (d < 0) d = -d; if (d > gap) gap = d }
        END {
          sort(e, n); sort(q, n); sort(r, n); sort(w, n); sort(v, n)
          printf "  %-22s %6.1f [%5.1f-%5.1f]         %6.1f [%5.1f-%5.1f]         %.2f [%.2f-%.2f]  %.2f, %.2f%s\n",
                 cell, median(e, n), e[1], e[n], median(q, n), q[1], q[n], median(r, n), r[1], r[n],
                 median(w, n), median(v, n),
                 gap ? sprintf("  (window counts differ by up to %d: read a moment apart)", gap) : ""
        }'
    done
  done
  stop_all
  sleep 1
}
