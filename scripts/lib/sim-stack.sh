# shellcheck shell=bash
# Shared by scripts/demo and tests/deploy/real_parts_test.sh: starts mosquitto (TLS + password,
# loopback), bambu_exporter and bambu_sim playing an X1C, a P1S, an A1 and an H2D.
# Source it, then call the functions in order:
#   stack_init DIR            temp directory for certificates, configs and logs
#   stack_make_secrets        CA + broker certificate (CN = first serial, no SAN), access code,
#                             mosquitto password file
#   stack_start_mosquitto PORT
#   stack_write_exporter_config HTTP_PORT MQTT_PORT [STALE_AFTER]  -> $stack_dir/exporter.yaml
#                             (STALE_AFTER: how long without a report until bambu_up is 0; 2m)
#   stack_start_exporter BINARY HTTP_PORT [LOG_TO_STDERR]
#   stack_start_sim BINARY MQTT_PORT [EXTRA_ARGS...]   -> pid in $stack_sim_pid
#   stack_stop                kills every process started here (by PID), in reverse order
# Every started PID is appended to the array stack_pids. Nothing here installs traps.

stack_serials=(SIMX1C0000001 SIMP1S0000002 SIMA1L0000003 SIMH2D0000004)
stack_models=(X1C P1S A1 H2D)
stack_names=(demo-x1c demo-p1s demo-a1 demo-h2d)
stack_pids=()
stack_dir=""
stack_sim_pid=""
stack_access_code=""

stack_init() {
  stack_dir="$1"
  # mosquitto started as root drops to user mosquitto before it reads its files (README.md,
  # Build pitfalls): the directory must be searchable.
  chmod 755 "$stack_dir"
}

stack_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A free TCP port on 127.0.0.1 (bound then released by the kernel's choice).
stack_free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# stack_wait_for CHECK NAME LOG [SECONDS]: polls CHECK (eval'd) every 0.1 s until it succeeds;
# after SECONDS (default 10) prints the tail of LOG and returns 1.
stack_wait_for() {
  local check="$1" name="$2" log="$3" seconds="${4:-10}"
  local deadline=$((SECONDS + seconds))
  while ((SECONDS <= deadline)); do
    if eval "$check"; then return 0; fi
    sleep 0.1
  done
  echo "$name did not start within ${seconds}s; its log:" >&2
  tail -n 30 "$log" >&2 || true
  return 1
}

stack_make_secrets() {
  local d="$stack_dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=bambu_exporter test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null
  chmod 600 "$d/ca.key"
  # A broker certificate named after a serial, without SAN, as on a printer.
  openssl req -newkey rsa:2048 -nodes -subj "/CN=${stack_serials[0]}" \
    -keyout "$d/broker.key" -out "$d/broker.csr" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' \
    >"$d/broker.ext"
  openssl x509 -req -in "$d/broker.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial \
    -days 7 -extfile "$d/broker.ext" -out "$d/broker.pem" 2>/dev/null
  # The access code: 8 digits, like the one a printer shows on its screen.
  stack_access_code="$(printf '%08d' $(($(od -An -N4 -tu4 /dev/urandom | tr -d ' ') % 100000000)))"
  printf '%s\n' "$stack_access_code" >"$d/access_code"
  chmod 600 "$d/access_code"
  mosquitto_passwd -c -b "$d/passwd" bblp "$stack_access_code"
  if ((EUID == 0)) && id mosquitto >/dev/null 2>&1; then
    chgrp mosquitto "$d/broker.key" "$d/passwd"
    chmod 640 "$d/broker.key" "$d/passwd"
  fi
}

stack_start_mosquitto() {
  local port="$1" d="$stack_dir"
  cat >"$d/mosquitto.conf" <<CONF
persistence false
log_dest stdout
listener $port 127.0.0.1
cafile $d/ca.pem
certfile $d/broker.pem
keyfile $d/broker.key
allow_anonymous false
password_file $d/passwd
CONF
  mosquitto -c "$d/mosquitto.conf" >"$d/mosquitto.log" 2>&1 &
  stack_pids+=($!)
  stack_wait_for "stack_port_open $port" mosquitto "$d/mosquitto.log"
}

stack_write_exporter_config() {
  local http_port="$1" mqtt_port="$2" stale_after="${3:-2m}" i
  {
    echo "# bambu_exporter: four simulated printers behind one local broker."
    echo "listen_address: \"127.0.0.1:$http_port\""
    echo "stale_after: $stale_after"
    echo "printers:"
    for i in "${!stack_serials[@]}"; do
      echo "  - name: ${stack_names[$i]}"
      echo "    serial: ${stack_serials[$i]}"
      echo "    host: 127.0.0.1"
      echo "    port: $mqtt_port"
      echo "    access_code_file: $stack_dir/access_code"
      echo "    tls:"
      echo "      ca_file: $stack_dir/ca.pem"
    done
  } >"$stack_dir/exporter.yaml"
}

# stack_start_exporter BINARY HTTP_PORT [tee]: with "tee" the log also goes to stderr.
stack_start_exporter() {
  local binary="$1" http_port="$2" mode="${3:-}" log="$stack_dir/exporter.log"
  if [[ "$mode" == tee ]]; then
    "$binary" --config.file "$stack_dir/exporter.yaml" 2> >(tee "$log" >&2) &
  else
    "$binary" --config.file "$stack_dir/exporter.yaml" 2>"$log" &
  fi
  stack_pids+=($!)
  stack_wait_for "curl -fs -o /dev/null http://127.0.0.1:$http_port/-/healthy" bambu_exporter \
    "$log"
}

stack_start_sim() {
  local binary="$1" mqtt_port="$2" i
  shift 2
  local printers=()
  for i in "${!stack_serials[@]}"; do
    printers+=(--printer "${stack_models[$i]}:${stack_serials[$i]}")
  done
  "$binary" --broker "ssl://127.0.0.1:$mqtt_port" --cafile "$stack_dir/ca.pem" \
    --username bblp --password "$stack_access_code" "${printers[@]}" "$@" \
    >>"$stack_dir/sim.log" 2>&1 &
  stack_sim_pid=$!
  stack_pids+=("$stack_sim_pid")
}

# stack_stop_pid PID: stops one process started here and forgets it.
stack_stop_pid() {
  local pid="$1" kept=() p
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${stack_pids[@]}"; do [[ "$p" == "$pid" ]] || kept+=("$p"); done
  stack_pids=("${kept[@]}")
}

stack_stop() {
  local i
  for ((i = ${#stack_pids[@]} - 1; i >= 0; i--)); do kill "${stack_pids[$i]}" 2>/dev/null || true; done
  for ((i = ${#stack_pids[@]} - 1; i >= 0; i--)); do wait "${stack_pids[$i]}" 2>/dev/null || true; done
  stack_pids=()
}
