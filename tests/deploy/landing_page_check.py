#!/usr/bin/python3
"""The exporter's landing page in headless Chromium (Debian package `chromium`).

  landing_page_check.py URL SCREENSHOT.png PRINTER_NAME...

Two Chromium runs against URL (an exporter fed by bambu_sim playing X1C, P1S, A1 and H2D):
  --dump-dom: the rendered DOM names every printer (an <h2> each) and shows each as up; every
    unit that dries in the fixtures shows "drying, <time> left"; a printer with two external
    spools lists Ext-L before Ext-R (the printer's order);
  --screenshot: the PNG (kept at SCREENSHOT.png) holds every loaded tray colour of the fixtures
    the simulator plays (decoded here with zlib: stdlib only), at least MIN_PIXELS pixels each.
Both runs log to stderr (--enable-logging=stderr --v=0); the page has no script, so any console
line (an uncaught exception, console.error, a failed resource load) is a failure.
Chromium gets a fresh profile in a temporary directory, is stopped (its whole process group)
after TIMEOUT_S, and never leaves loopback: networking features that call home are disabled.
"""
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(ROOT, "tests/fixtures")
# The full reports bambu_sim starts from (src/sim/sim_printer.cpp, LoadFixtures).
SIM_FIXTURES = ["ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json",
                "rdiger36-spoolman_P1S-AMS_full.json",
                "ha-bambulab_A1-AMSlite_full.json",
                "ha-bambulab_H2D-AMS-AMS2Pro-AMSHT-drying_full.json"]
WINDOW = (1280, 2400)  # tall enough for the whole page of the four simulated printers
MIN_PIXELS = 150  # a swatch is 1.6em x 1em, about 400 pixels inside its border
TIMEOUT_S = 90
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--enable-logging=stderr",
                  "--v=0", "--hide-scrollbars"]


def fixture_tray_colours():
    """{"#RRGGBB": "X1C fixture AMS 1 slot 1", ...} for every loaded tray of the sim's fixtures."""
    colours = {}
    for name in SIM_FIXTURES:
        with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
            report = json.load(f)["print"]
        trays = [(f"AMS {u['id']} slot {t['id']}", t) for u in report.get("ams", {}).get("ams", [])
                 for t in u.get("tray", [])]
        if report.get("vt_tray"):
            trays.append(("external spool", report["vt_tray"]))
        for where, tray in trays:
            colour = tray.get("tray_color") or ""
            if tray.get("tray_type") and re.fullmatch(r"[0-9A-Fa-f]{6,8}", colour):
                colours.setdefault("#" + colour[:6].upper(), f"{name.split('_')[1]} {where}")
    return colours


def fixture_drying_texts():
    """["drying, 7 h 30 min left", ...]: every unit of the sim's fixtures that dries (info bits
    4-7 in 1, 2, 5, 6: protocol.md §5.12) with its dry_time (minutes) left."""
    texts = []
    for name in SIM_FIXTURES:
        with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
            report = json.load(f)["print"]
        for unit in report.get("ams", {}).get("ams", []):
            status = (int(unit.get("info", "0"), 16) >> 4) & 0xF
            minutes = int(unit.get("dry_time") or 0)
            if status in (1, 2, 5, 6) and minutes > 0:
                hours = f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
                texts.append(f"drying, {hours} left")
    return texts


def external_order_problems(dom):
    """A printer with both external spools lists Ext-L before Ext-R, as the printer does."""
    problems = []
    for section in re.split(r"<h2>", dom)[1:]:
        name = section.split("</h2>", 1)[0]
        left, right = section.find("<td>Ext-L</td>"), section.find("<td>Ext-R</td>")
        if left >= 0 and right >= 0:
            print(f"{name}: external spools Ext-L at {left}, Ext-R at {right}")
            if left > right:
                problems.append(f"{name}: Ext-R is listed before Ext-L")
    return problems


def png_pixels(path):
    """{(r, g, b): count} of an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, bytearray(), None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = header
    if depth != 8 or colour_type not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour_type}")
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(bytes(idat))
    stride = width * channels
    previous = bytearray(stride)
    counts = {}
    for y in range(height):
        start = y * (stride + 1)
        line = unfilter(raw[start], bytearray(raw[start + 1:start + 1 + stride]), previous,
                        channels)
        for x in range(0, stride, channels):
            pixel = (line[x], line[x + 1], line[x + 2])
            counts[pixel] = counts.get(pixel, 0) + 1
        previous = line
    return (width, height), counts


def unfilter(kind, line, previous, bpp):
    if kind == 0:
        return line
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        up = previous[i]
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + up) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
        elif kind == 4:
            corner = previous[i - bpp] if i >= bpp else 0
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            line[i] = (line[i] + predictor) & 0xFF
        else:
            raise ValueError(f"bad PNG filter {kind}")
    return line


def run_chromium(args, workdir, label):
    """Runs Chromium in its own process group; returns (stdout, console lines, problems)."""
    profile = tempfile.mkdtemp(prefix="profile-", dir=workdir)
    command = ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True, cwd=workdir)
    try:
        out, err = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return "", [], [f"{label}: chromium did not finish in {TIMEOUT_S} s"]
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # helpers left behind, if any
        except ProcessLookupError:
            pass
    text = err.decode(errors="replace")
    console = [line for line in text.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    problems = [] if process.returncode == 0 else [f"{label}: chromium exit {process.returncode}"]
    return out.decode(errors="replace"), console, problems


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    url, screenshot, printers = argv[0], argv[1], argv[2:]
    problems = []
    workdir = tempfile.mkdtemp(prefix="bambu-chromium-")
    try:
        dom, console, failed = run_chromium(["--dump-dom", url], workdir, "dump-dom")
        problems += failed
        shot = os.path.join(workdir, "landing.png")
        _, console2, failed = run_chromium(
            [f"--screenshot={shot}", f"--window-size={WINDOW[0]},{WINDOW[1]}", url], workdir,
            "screenshot")
        problems += failed
        console += console2
        if os.path.exists(shot):
            os.makedirs(os.path.dirname(os.path.abspath(screenshot)), exist_ok=True)
            shutil.copyfile(shot, screenshot)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"console lines: {len(console)}")
    problems += [f"console: {line}" for line in console]

    headings = re.findall(r"<h2>([^<]*)</h2>", dom)
    up = dom.count('<td class="up">up</td>')
    swatches = len(re.findall(r'class="swatch" style="background:#', dom))
    print(f"DOM: {len(dom)} characters, printers {headings}, {up} up, {swatches} colour swatches")
    if sorted(headings) != sorted(printers):
        problems.append(f"DOM lists printers {headings}, expected {printers}")
    if up != len(printers):
        problems.append(f"DOM shows {up} printers up, expected {len(printers)}")

    drying = fixture_drying_texts()
    shown = re.findall(r'class="drying">(drying[^<]*)<', dom)
    print(f"drying units: expected {sorted(drying)}, shown {sorted(shown)}")
    if sorted(shown) != sorted(drying):
        problems.append(f"drying shown as {sorted(shown)}, expected {sorted(drying)}")
    problems += external_order_problems(dom)

    expected = fixture_tray_colours()
    if swatches < len(expected):
        problems.append(f"DOM has {swatches} swatches, fewer than {len(expected)} tray colours")
    if not os.path.exists(screenshot):
        problems.append("no screenshot written")
    else:
        size, counts = png_pixels(screenshot)
        found = {c: counts.get(tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)), 0)
                 for c in expected}
        shown = [c for c, n in found.items() if n >= MIN_PIXELS]
        print(f"screenshot {screenshot}: {size[0]}x{size[1]}, {len(counts)} distinct colours; "
              f"tray colours of the fixtures shown: {len(shown)} of {len(expected)}")
        print("  " + ", ".join(f"{c} {n}px" for c, n in sorted(found.items())))
        problems += [f"tray colour {c} ({expected[c]}) has {n} pixels in the screenshot, "
                     f"expected >= {MIN_PIXELS}" for c, n in found.items() if n < MIN_PIXELS]
    for problem in problems:
        print(f"FAILED: {problem}")
    if not problems:
        print("ok: landing page renders every printer and tray colour, no console error")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
