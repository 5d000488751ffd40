#!/usr/bin/python3
"""The container files without a container engine (tests/deploy/image_test.sh builds and runs the
image itself where buildah is installed):

1. deploy/docker/Dockerfile: a runtime stage that runs as a non-root uid, exposes 9593, carries
   the OCI labels org.opencontainers.image.{title,description,version,revision} and a
   HEALTHCHECK in exec form;
2. that HEALTHCHECK command, run here against a real bambu_exporter ($BAMBU_EXPORTER; skipped
   with a note when unset) listening on a free loopback port (the port swapped in): exit 0 while
   the exporter serves, non-zero once it is stopped;
3. deploy/docker/docker-compose.yml: the services bambu-exporter, prometheus, alertmanager and
   grafana; Prometheus loads the repository's rule files and sends to Alertmanager; Grafana gets
   the provisioning and dashboards/ (check_deploy_files.py checks that the mounted paths exist).
Exit 1 on any problem. Needs python3-yaml and bash.
"""
import json
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import time

import yaml

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from check_report import finish  # noqa: E402
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCKERFILE = os.path.join(ROOT, "deploy/docker/Dockerfile")
COMPOSE = os.path.join(ROOT, "deploy/docker/docker-compose.yml")
OCI = ["title", "description", "version", "revision"]


def instructions(path):
    """[(INSTRUCTION, arguments)] with continuation lines joined."""
    out, pending = [], ""
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        text = (pending + line).strip()
        pending = ""
        word, _, rest = text.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def runtime_stage(steps):
    last_from = max(i for i, (word, _) in enumerate(steps) if word == "FROM")
    return steps[last_from:]


def check_dockerfile(problems):
    stage = runtime_stage(instructions(DOCKERFILE))
    labels = " ".join(rest for word, rest in stage if word == "LABEL")
    for key in OCI:
        if f"org.opencontainers.image.{key}=" not in labels:
            problems.append(f"Dockerfile: no LABEL org.opencontainers.image.{key}")
    users = [rest for word, rest in stage if word == "USER"]
    if not users or users[-1].split(":")[0] in ("0", "root"):
        problems.append(f"Dockerfile: the runtime stage runs as {users[-1] if users else 'root'}")
    if not any(word == "EXPOSE" and "9593" in rest for word, rest in stage):
        problems.append("Dockerfile: no EXPOSE 9593")
    health = [rest for word, rest in stage if word == "HEALTHCHECK"]
    if len(health) != 1 or " CMD [" not in " " + health[0]:
        problems.append("Dockerfile: expected one HEALTHCHECK ... CMD [exec form]")
        return None
    command = json.loads(health[0][health[0].index("CMD") + 3:].strip())
    print(f"HEALTHCHECK: {command}")
    return command


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_health(command, port):
    swapped = [part.replace("9593", str(port)) for part in command]
    return subprocess.run(swapped, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          timeout=10).returncode


def check_healthcheck(command, problems):
    exporter = os.environ.get("BAMBU_EXPORTER")
    if not exporter:
        print("BAMBU_EXPORTER not set: the HEALTHCHECK command is not run")
        return
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bambu-health-") as tmp:
        config = os.path.join(tmp, "exporter.yaml")
        with open(config, "w", encoding="utf-8") as f:
            f.write("printers:\n  - {name: p, serial: S1, host: 127.0.0.1, port: 1, "
                    "access_code: '00000000', tls: {insecure: true}}\n")
        log = open(os.path.join(tmp, "log"), "w", encoding="utf-8")
        proc = subprocess.Popen([exporter, f"--config.file={config}",
                                 f"--web.listen-address=127.0.0.1:{port}"], stderr=log)
        try:
            deadline, status = time.time() + 20, None
            while time.time() < deadline:
                status = run_health(command, port)
                if status == 0:
                    break
                time.sleep(0.3)
            print(f"$ {shlex.join(command)}  (port {port}): exit {status} while serving")
            if status != 0:
                problems.append("HEALTHCHECK fails against a serving exporter")
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            log.close()
        status = run_health(command, port)
        print(f"  exit {status} after the exporter stopped")
        if status == 0:
            problems.append("HEALTHCHECK passes without an exporter")


def check_compose(problems):
    with open(COMPOSE, encoding="utf-8") as f:
        services = yaml.safe_load(f)["services"]
    for name in ("bambu-exporter", "prometheus", "alertmanager", "grafana"):
        if name not in services:
            problems.append(f"docker-compose.yml: no service {name}")
    volumes = {name: " ".join(svc.get("volumes", [])) for name, svc in services.items()}
    wanted = {"prometheus": "../prometheus:/etc/prometheus", "alertmanager":
              "../alertmanager:/etc/alertmanager", "grafana": "../../dashboards:"}
    for name, mount in wanted.items():
        if mount not in volumes.get(name, ""):
            problems.append(f"docker-compose.yml: {name} does not mount {mount}")
    if "../grafana/provisioning:/etc/grafana/provisioning" not in volumes.get("grafana", ""):
        problems.append("docker-compose.yml: grafana gets no provisioning")
    print(f"compose services: {', '.join(services)}")


def main():
    problems = []
    command = check_dockerfile(problems)
    if command:
        check_healthcheck(command, problems)
    check_compose(problems)
    return finish(problems, "docker: static checks, no container engine used")


if __name__ == "__main__":
    sys.exit(main())
