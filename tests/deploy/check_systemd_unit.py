#!/usr/bin/python3
"""The systemd unit (deploy/systemd/bambu-exporter.service) against its example configuration
(deploy/systemd/exporter.yaml), with systemd's own offline checks:

1. the unit: DynamicUser, a StateDirectory, credentials from LoadCredential=, ExecReload sending
   SIGHUP, LimitNOFILE of at least 16384 (docs/scaling.md), ProtectSystem=strict, ExecStart
   reading /etc/bambu-exporter/exporter.yaml;
2. every secret path of the configuration (access_code_file, cloud.token_file) is the path at
   which the unit's LoadCredential= puts a credential (/run/credentials/<unit>/<id>, or
   <id>_<file> for a directory), and cloud.state_file lies in a directory the service may write
   under ProtectSystem=strict (its StateDirectory, or a ReadWritePaths= entry);
3. `systemd-analyze verify` and `systemd-analyze security --offline=yes --threshold=25` (exposure at most 2.5 of 10) on the
   unit (ExecStart pointed at /bin/true when the binary is not installed, every other line
   unchanged);
4. with a bambu_exporter binary ($BAMBU_EXPORTER, else none: skipped with a note), the
   configuration passes --config.check with the credential and state paths mapped to a
   temporary directory laid out as systemd lays them out.
Exit 1 on any problem. Needs python3-yaml and systemd-analyze (systemd >= 250).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from check_report import finish  # noqa: E402
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UNIT = os.path.join(ROOT, "deploy/systemd/bambu-exporter.service")
CONFIG = os.path.join(ROOT, "deploy/systemd/exporter.yaml")
UNIT_NAME = os.path.basename(UNIT)
EXPOSURE_THRESHOLD = "25"  # tenths of the 0-10 exposure scale: fail above 2.5 (the unit scores 1.2)
MIN_NOFILE = 16384


def parse_unit(path):
    """{key: [values]} of the [Service] section (keys may repeat)."""
    values, section = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith(("#", ";")):
                continue
            if line.startswith("["):
                section = line.strip("[]")
                continue
            if section == "Service" and "=" in line:
                key, value = line.split("=", 1)
                values.setdefault(key.strip(), []).append(value.strip())
    return values


def credential_paths(unit):
    """Paths at which the service sees its credentials: /run/credentials/<unit>/<id> for a file,
    /run/credentials/<unit>/<id>_<file name> for each file of a directory (systemd.exec(5))."""
    directory = f"/run/credentials/{UNIT_NAME}"
    ids = [entry.partition(":")[0] for entry in unit.get("LoadCredential", [])]
    return [f"{directory}/{cid}" for cid in ids] + [f"{directory}/{cid}_" for cid in ids]


def writable_dirs(unit):
    dirs = [f"/var/lib/{d}" for v in unit.get("StateDirectory", []) for d in v.split()]
    dirs += [d.lstrip("-") for v in unit.get("ReadWritePaths", []) for d in v.split()]
    return dirs


def secret_paths(config):
    paths = [("printers[%d].access_code_file" % i, p["access_code_file"])
             for i, p in enumerate(config.get("printers", [])) if "access_code_file" in p]
    if config.get("cloud", {}).get("token_file"):
        paths.append(("cloud.token_file", config["cloud"]["token_file"]))
    return paths


def check_unit(unit, problems):
    expect = {"DynamicUser": "yes", "ProtectSystem": "strict"}
    for key, value in expect.items():
        if unit.get(key) != [value]:
            problems.append(f"{key}={unit.get(key)}, expected {value}")
    if not unit.get("StateDirectory"):
        problems.append("no StateDirectory=")
    if not unit.get("LoadCredential"):
        problems.append("no LoadCredential=")
    if not any("-HUP" in v and "$MAINPID" in v for v in unit.get("ExecReload", [])):
        problems.append(f"ExecReload={unit.get('ExecReload')} does not send SIGHUP to $MAINPID")
    nofile = unit.get("LimitNOFILE", ["0"])[-1].split(":")[-1]
    if not nofile.isdigit() or int(nofile) < MIN_NOFILE:
        problems.append(f"LimitNOFILE={nofile}, expected at least {MIN_NOFILE}")
    if not any("--config.file=/etc/bambu-exporter/exporter.yaml" in v
               for v in unit.get("ExecStart", [])):
        problems.append("ExecStart does not read /etc/bambu-exporter/exporter.yaml")


def check_paths(unit, config, problems):
    credentials = credential_paths(unit)
    for key, path in secret_paths(config):
        if not any(path == p or (p.endswith("_") and path.startswith(p) and
                                 "/" not in path[len(p):]) for p in credentials):
            problems.append(f"exporter.yaml {key}: {path} is not a credential of the unit "
                            f"({', '.join(sorted(credentials))})")
        else:
            print(f"{key}: {path} is a credential of {UNIT_NAME}")
    state = config.get("cloud", {}).get("state_file")
    if state:
        directory = os.path.dirname(state)
        owner = next((d for d in writable_dirs(unit)
                      if directory == d or directory.startswith(d + "/")), None)
        if owner is None:
            problems.append(f"exporter.yaml cloud.state_file: {state} is not in a directory the "
                            f"service may write ({writable_dirs(unit)})")
        else:
            print(f"cloud.state_file: {state} is in {owner}, writable under ProtectSystem=strict")
    elif "cloud" in config:
        problems.append("exporter.yaml: the cloud section has no state_file")


def run(command, problems):
    print("$ " + " ".join(command))
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = result.stdout.strip().splitlines()
    for line in lines[-3:] if result.returncode == 0 else lines:
        print("  " + line)
    if result.returncode != 0:
        problems.append(f"{' '.join(command[:2])} failed ({result.returncode})")


def systemd_checks(tmp, problems):
    if not shutil.which("systemd-analyze"):
        print("systemd-analyze not installed: systemd's checks skipped")
        return
    unit = os.path.join(tmp, UNIT_NAME)
    with open(UNIT, encoding="utf-8") as f:
        text = f.read()
    if not os.access("/usr/local/bin/bambu_exporter", os.X_OK):
        print("(/usr/local/bin/bambu_exporter not installed: ExecStart=/bin/true for systemd)")
        text = text.replace("ExecStart=/usr/local/bin/bambu_exporter", "ExecStart=/bin/true")
    with open(unit, "w", encoding="utf-8") as f:
        f.write(text)
    run(["systemd-analyze", "verify", unit], problems)
    run(["systemd-analyze", "security", "--offline=yes", f"--threshold={EXPOSURE_THRESHOLD}",
         "--no-pager", unit], problems)


def config_check(tmp, unit, config, problems):
    """--config.check with /run/credentials/... and /var/lib/... mapped into tmp."""
    exporter = os.environ.get("BAMBU_EXPORTER")
    if not exporter:
        print("BAMBU_EXPORTER not set: --config.check of the systemd example skipped")
        return
    text = open(CONFIG, encoding="utf-8").read()
    for _, path in secret_paths(config):
        mapped = tmp + path
        os.makedirs(os.path.dirname(mapped), exist_ok=True)
        with open(mapped, "w", encoding="utf-8") as f:
            f.write("00000000\n")
        text = text.replace(path, mapped)
    for directory in writable_dirs(unit):
        os.makedirs(tmp + directory, exist_ok=True)
        text = text.replace(directory + "/", tmp + directory + "/")
    mapped_config = os.path.join(tmp, "exporter.yaml")
    with open(mapped_config, "w", encoding="utf-8") as f:
        f.write(text)
    run([exporter, "--config.check", f"--config.file={mapped_config}"], problems)


def main():
    problems = []
    unit = parse_unit(UNIT)
    with open(CONFIG, encoding="utf-8") as f:
        config = yaml.safe_load(f)
    check_unit(unit, problems)
    check_paths(unit, config, problems)
    tmp = tempfile.mkdtemp(prefix="bambu-systemd-")
    try:
        systemd_checks(tmp, problems)
        config_check(tmp, unit, config, problems)
    finally:
        shutil.rmtree(tmp)
    return finish(problems, "systemd unit: paths, systemd-analyze verify and security")


if __name__ == "__main__":
    sys.exit(main())
