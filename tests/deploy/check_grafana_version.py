#!/usr/bin/python3
"""One Grafana version, stated: the Grafana image of deploy/docker/docker-compose.yml, the
@grafana/data and @grafana/schema packages the colour proof runs (tests/deploy/dashboards/
package.json and its lock file), the README's "requires Grafana >= MAJOR.MINOR" and
deploy/README.md name the same version; every dashboard's schemaVersion is the one that
@grafana/schema of that version writes (read from node_modules when installed, e.g. after
`tests/deploy/dashboards/check.sh build`; else from check_dashboards.SCHEMA_VERSION only).
Exit 1 with one line per disagreement.
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_dashboards  # noqa: E402
from check_report import finish  # noqa: E402

DASH = os.path.join(ROOT, "tests/deploy/dashboards")
SCHEMA_TYPES = "node_modules/@grafana/schema/dist/esm/raw/dashboard/x/types.gen.mjs"


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def main():
    problems = []
    compose = re.findall(r"image:\s*grafana/grafana(?:-oss)?:(\S+)",
                         read("deploy/docker/docker-compose.yml"))
    if len(compose) != 1:
        return finish([f"docker-compose.yml: expected one grafana/grafana image, found {compose}"],
                      "")
    version = compose[0]
    package = json.loads(read("tests/deploy/dashboards/package.json"))["devDependencies"]
    lock = json.loads(read("tests/deploy/dashboards/package-lock.json"))["packages"]
    for name in ("@grafana/data", "@grafana/schema"):
        if package.get(name) != version:
            problems.append(f"package.json: {name} {package.get(name)}, compose Grafana {version}")
        locked = lock.get(f"node_modules/{name}", {}).get("version")
        if locked != version:
            problems.append(f"package-lock.json: {name} {locked}, compose Grafana {version}")
    major_minor = ".".join(version.split(".")[:2])
    for doc in ("README.md", "deploy/README.md"):
        stated = re.findall(r"[Rr]equires? Grafana (?:>=|≥) ?([\d.]+)", read(doc))
        if stated != [major_minor]:
            problems.append(f"{doc}: states 'requires Grafana >= {stated}', expected "
                            f"['{major_minor}'] (compose Grafana {version})")
    schema = check_dashboards.SCHEMA_VERSION
    types = os.path.join(DASH, SCHEMA_TYPES)
    source = "check_dashboards.SCHEMA_VERSION"
    if os.path.exists(types):
        with open(types, encoding="utf-8") as f:
            found = re.findall(r"schemaVersion: (\d+)", f.read())
        source = f"@grafana/schema {version} ({SCHEMA_TYPES})"
        if [int(v) for v in found] != [schema]:
            problems.append(f"{SCHEMA_TYPES}: default schemaVersion {found}, dashboards {schema}")
    for name in sorted(os.listdir(os.path.join(ROOT, "dashboards"))):
        if name.endswith(".json"):
            got = json.loads(read(f"dashboards/{name}")).get("schemaVersion")
            if got != schema:
                problems.append(f"dashboards/{name}: schemaVersion {got}, expected {schema}")
    return finish(problems, f"Grafana {version}: compose image, @grafana/data and @grafana/schema "
                            f"(package.json, lock), README 'requires Grafana >= {major_minor}', "
                            f"dashboards' schemaVersion {schema} = {source}")


if __name__ == "__main__":
    sys.exit(main())
