#!/usr/bin/python3
"""The built container image, read from `buildah inspect --type image` (docker format) and
scraped while it runs; the helper of tests/deploy/image_test.sh:

  image_check.py config INSPECT_JSON REVISION   # non-root user, EXPOSE 9593, OCI labels with
                                                # this revision, HEALTHCHECK, ENTRYPOINT
  image_check.py user INSPECT_JSON              # prints the uid the image runs as
  image_check.py argv INSPECT_JSON              # prints ENTRYPOINT + CMD, one word a line
  image_check.py healthcheck INSPECT_JSON PORT  # prints the HEALTHCHECK command, one word a
                                                # line, with PORT in place of 9593
  image_check.py metrics URL PRINTER...         # /metrics of the image's exporter against
                                                # bambu_sim (--seed 1): bambu_up 1 for each
                                                # printer, their trays as the fixtures say
Exit 1 on any problem.
"""
import json
import sys
import time
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from check_report import finish  # noqa: E402

PORT = "9593"
EXPORTER = "/usr/local/bin/bambu_exporter"
# Trays of the simulated fleet (tests/fixtures via bambu_sim): printer -> number of
# bambu_tray_info series, and one tray each with its exact labels.
TRAYS = {
    "demo-x1c": (12, {"ams": "1", "slot": "1", "slot_name": "B2", "filament_type": "ABS",
                      "color": "#489FDF"}),
    "demo-p1s": (4, {"ams": "0", "slot": "0", "slot_name": "A1", "name": "PLA Basic",
                     "color": "#5E43B7"}),
    "demo-a1": (5, {"ams": "255", "slot": "0", "slot_name": "Ext", "filament_type": "PLA",
                    "color": "#FFFFFF"}),
    "demo-h2d": (4, {"ams": "0", "slot": "2", "slot_name": "A3", "name": "PLA Matte",
                     "color": "#DE4343"}),
}


def docker_config(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["Docker"]["config"]


def check_config(path, revision):
    config, problems = docker_config(path), []
    user = config.get("User", "")
    print(f"User {user!r}, ExposedPorts {sorted(config.get('ExposedPorts') or {})}, "
          f"Entrypoint {config.get('Entrypoint')}, Cmd {config.get('Cmd')}")
    if user.split(":")[0] in ("", "0", "root"):
        problems.append(f"the image runs as root (User {user!r})")
    if f"{PORT}/tcp" not in (config.get("ExposedPorts") or {}):
        problems.append(f"port {PORT} is not exposed")
    if config.get("Entrypoint") != [EXPORTER]:
        problems.append(f"ENTRYPOINT is {config.get('Entrypoint')}, not [{EXPORTER!r}]")
    labels = config.get("Labels") or {}
    if labels.get("org.opencontainers.image.revision") != revision:
        problems.append(f"revision label {labels.get('org.opencontainers.image.revision')!r}, "
                        f"built from {revision!r}")
    for key in ("title", "description", "version"):
        if not labels.get(f"org.opencontainers.image.{key}"):
            problems.append(f"no label org.opencontainers.image.{key}")
    test = (config.get("Healthcheck") or {}).get("Test") or []
    if not test or test[0] != "CMD":
        problems.append(f"HEALTHCHECK missing or not in exec form: {test}")
    return finish(problems, "image config")


def healthcheck(path, port):
    test = docker_config(path)["Healthcheck"]["Test"]
    return [word.replace(PORT, port) for word in test[1:]]


def parse(text):
    """{name: [(labels dict, value)]} of a Prometheus text exposition (no escaped quotes in
    the label values read here)."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        head, _, value = line.rpartition(" ")
        name, _, rest = head.partition("{")
        labels = {}
        for pair in rest.rstrip("}").split('",'):
            if "=" in pair:
                key, _, val = pair.partition("=")
                labels[key.strip(",")] = val.strip('"')
        out.setdefault(name, []).append((labels, float(value)))
    return out


def fleet_problems(series, printers):
    problems = []
    for printer in printers:
        up = [v for labels, v in series.get("bambu_up", []) if labels["printer"] == printer]
        if up != [1.0]:
            problems.append(f"{printer}: bambu_up {up}, expected [1]")
        count, wanted = TRAYS[printer]
        trays = [labels for labels, v in series.get("bambu_tray_info", [])
                 if labels["printer"] == printer and v == 1.0]
        if len(trays) != count:
            problems.append(f"{printer}: {len(trays)} bambu_tray_info series, expected {count}")
        if not any(all(t.get(k) == v for k, v in wanted.items()) for t in trays):
            problems.append(f"{printer}: no tray {wanted}")
    return problems


def check_metrics(url, printers, seconds=30):
    """Polls until the whole fleet is in (the simulator's first reports take a moment)."""
    deadline, problems = time.time() + seconds, ["no scrape"]
    while time.time() < deadline:
        with urllib.request.urlopen(url, timeout=10) as answer:
            series = parse(answer.read().decode("utf-8"))
        problems = fleet_problems(series, printers)
        if not problems:
            break
        time.sleep(0.5)
    else:
        return finish(problems, f"/metrics of the image: {url}")
    for printer in printers:
        trays = [l for l, v in series["bambu_tray_info"] if l["printer"] == printer]
        present = sum(v for l, v in series.get("bambu_tray_present", []) if l["printer"] == printer)
        print(f"  {printer}: bambu_up 1, {len(trays)} trays "
              f"({', '.join(t['slot_name'] + ' ' + t['filament_type'] for t in trays)}), "
              f"{present:.0f} present")
    return finish([], f"/metrics of the image: {url}, {sum(map(len, series.values()))} series")


def main(argv):
    if len(argv) == 3 and argv[0] == "config":
        return check_config(argv[1], argv[2])
    if len(argv) == 2 and argv[0] == "user":
        print(docker_config(argv[1])["User"].split(":")[0])
        return 0
    if len(argv) == 2 and argv[0] == "argv":
        config = docker_config(argv[1])
        print("\n".join(config["Entrypoint"] + (config.get("Cmd") or [])))
        return 0
    if len(argv) == 3 and argv[0] == "healthcheck":
        print("\n".join(healthcheck(argv[1], argv[2])))
        return 0
    if len(argv) >= 2 and argv[0] == "metrics":
        return check_metrics(argv[1], argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
