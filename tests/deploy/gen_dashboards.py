#!/usr/bin/env python3
"""Generates dashboards/*.json (the source of truth for the dashboards is this file).

  python3 tests/deploy/gen_dashboards.py            # write dashboards/*.json
  python3 tests/deploy/gen_dashboards.py --check    # exit 1 if a committed file differs

Metric names: docs/metrics.md only, plus the bambu:* recording rules of
deploy/prometheus/bambu-recording.yml and Prometheus' own up / scrape_* series.
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dashboard_kit import (PRINTER_ON, TRAY_ON, Layout, dashboard, defaults,  # noqa: E402
                           override, sel, stat_options, steps, table_options, target,
                           timeseries_custom, ts_options, value_map)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RULES_NOTE = ("Panels marked (rule) read recording rules from deploy/prometheus/"
              "bambu-recording.yml; load them in Prometheus.")

# Common filament colours -> (name, hex). Bambu Lab PLA Basic colours and the default colour
# palette of Bambu Studio's filament colour picker. Keys are the exporter's "#RRGGBB" (upper case).
FILAMENT_COLOURS = {
    "#FFFFFF": "White", "#000000": "Black", "#161616": "Black", "#C12E1F": "Red",
    "#F72323": "Red", "#FF6A13": "Orange", "#F98C36": "Orange", "#F4EE2A": "Yellow",
    "#FFF144": "Yellow", "#FEC600": "Sunflower yellow", "#00AE42": "Bambu green",
    "#0ACC38": "Green", "#057748": "Dark green", "#DCF478": "Lime", "#BECF00": "Bright green",
    "#0A2989": "Blue", "#2850E0": "Blue", "#46A8F9": "Light blue", "#76D9F4": "Sky blue",
    "#0086D6": "Cyan", "#0D6284": "Teal", "#0EE2A0": "Mint", "#00B1B7": "Turquoise",
    "#443089": "Indigo", "#5E43B7": "Purple", "#A03CF7": "Violet", "#D4B1DD": "Lilac",
    "#EC008C": "Magenta", "#F330F9": "Magenta", "#F55A74": "Pink", "#F95D73": "Pink",
    "#9D432C": "Brown", "#7C4B00": "Brown", "#AF7933": "Tan", "#D3C5A3": "Sand",
    "#FCECD6": "Cream", "#F7E6DE": "Beige", "#E4BD68": "Gold", "#8E9089": "Grey",
    "#898989": "Grey", "#A6A9AA": "Silver", "#BCBCBC": "Light grey", "#D1D3D5": "Light grey",
    "#545454": "Dark grey",
}

PRINT_STATES = {0: ("No state", "text"), 1: ("Idle", "blue"), 2: ("Preparing", "purple"),
                3: ("Slicing", "purple"), 4: ("Running", "green"), 5: ("Paused", "yellow"),
                6: ("Finished", "text"), 7: ("Failed", "red"), 8: ("Unknown", "orange")}
UP_MAP = value_map({0: ("Down", "red"), 1: ("Up", "green")})
AMS_MAP = value_map({255: ("External", None), 254: ("External (left)", None)})


def info_join(expr, labels="filament_type, name, color"):
    """expr (tray labels) joined with the tray's filament labels; also keeps loaded trays only."""
    return f"{expr}\n* on ({TRAY_ON}) group_left ({labels})\n  bambu_tray_info{sel()}"


def by_printer(expr):
    return f"max by ({PRINTER_ON}) ({expr})"


def tray_legend():
    return "AMS {{ams}}/{{slot}} {{filament_type}} {{color}}"


# --- AMS & filament ----------------------------------------------------------------------------
def ams_dashboard():
    lay = Layout()
    lay.row("$printer", repeat="printer")
    unit = "AMS {{ams}}"
    lay.add("stat", "Humidity level", [target(f"bambu_ams_humidity_level{sel()}", "A", unit)],
            6, 5, "1 = driest .. 5 = wettest, the scale the Bambu apps show.",
            defaults(None, steps("green", (3, "yellow"), (4, "orange"), (5, "red")),
                     min_=1, max_=5, decimals=0),
            options=stat_options(color_mode="background"))
    lay.add("stat", "Humidity", [target(f"bambu_ams_humidity_ratio{sel()}", "A", unit)], 6, 5,
            "Relative humidity inside each unit.",
            defaults("percentunit", steps("green", (0.3, "yellow"), (0.4, "red")), min_=0,
                     max_=1, decimals=0),
            options=stat_options(color_mode="background"))
    lay.add("stat", "Temperature", [target(f"bambu_ams_temperature_celsius{sel()}", "A", unit)],
            6, 5, "Units without a sensor (AMS lite) show nothing.",
            defaults("celsius", steps("green", (45, "yellow"), (50, "red")), decimals=1),
            options=stat_options())
    lay.add("stat", "Drying", [target(f"bambu_ams_drying{sel()}", "A", unit)], 3, 5,
            "Units that can dry (AMS 2 Pro, AMS HT).",
            defaults(mappings=[value_map({0: ("Not drying", "text"), 1: ("Drying", "orange")})]),
            options=stat_options())
    lay.add("stat", "Drying time left",
            [target(f"bambu_ams_drying_remaining_seconds{sel()}", "A", unit)], 3, 5,
            field_defaults=defaults("dtdurations", steps("text")), options=stat_options())

    colour_map = value_map({k: (f"{v} {k}", k) for k, v in FILAMENT_COLOURS.items()})
    tray_labels = "filament_type, name, color, vendor"
    trays = lay.add(
        "table", "Trays",
        [target(info_join(f"bambu_tray_remaining_ratio{sel()}", tray_labels),
                "B", instant=True, fmt="table"),
         target(info_join(f"bambu_tray_remaining_grams{sel()}", tray_labels),
                "C", instant=True, fmt="table"),
         target(info_join(f"max without (extruder) (bambu_tray_active{sel()})", tray_labels),
                "D", instant=True, fmt="table")],
        24, 9,
        "One row per loaded tray. AMS 255 (and 254, the left extruder) is the external spool. "
        "Colour: Grafana cannot paint a cell from an arbitrary label value, so the Colour column "
        "uses value mappings for common Bambu filament colours (the cell is painted in that "
        "colour and named); any other colour shows its #RRGGBB text on a plain cell. Remaining "
        "is empty when the printer does not know it (remain -1, third-party spools).",
        defaults(custom={"align": "auto", "cellOptions": {"type": "auto"}, "inspect": False}),
        overrides=[
            override("AMS", mappings=[AMS_MAP]),
            override("Colour", custom__cellOptions={"type": "color-background", "mode": "basic"},
                     mappings=[colour_map], color={"mode": "thresholds"},
                     thresholds=steps("transparent")),
            override("Remaining", unit="percentunit", min=0, max=1, decimals=0,
                     custom__cellOptions={"type": "gauge", "mode": "basic",
                                          "valueDisplayMode": "text"},
                     color={"mode": "thresholds"},
                     thresholds=steps("red", (0.1, "yellow"), (0.25, "green"))),
            override("Grams", unit="massg", decimals=0),
            override("Active", custom__cellOptions={"type": "color-text"},
                     mappings=[value_map({0: ("", None), 1: ("active", "green")})]),
            override("Spool", mappings=[value_map({"bambu": ("Bambu (RFID)", None),
                                                   "other": ("Other", None)})]),
        ],
        options=table_options(sort_by="AMS"),
        transformations=[
            {"id": "merge", "options": {}},
            {"id": "organize", "options": {
                "excludeByName": {"Time": True, "job": True, "instance": True,
                                  "printer": True, "serial": True},
                "indexByName": {"ams": 0, "slot": 1, "filament_type": 2, "name": 3,
                                "color": 4, "Value #B": 5, "Value #C": 6, "Value #D": 7,
                                "vendor": 8},
                "renameByName": {"ams": "AMS", "slot": "Slot", "filament_type": "Type",
                                 "name": "Name", "color": "Colour", "Value #B": "Remaining",
                                 "Value #C": "Grams", "Value #D": "Active",
                                 "vendor": "Spool"}}},
        ])
    del trays

    lay.add("timeseries", "Remaining filament",
            [target(info_join(f"bambu_tray_remaining_ratio{sel()}"), "A", tray_legend())], 8, 8,
            "Per loaded tray, as the printer estimates it (steps of 1 %).",
            defaults("percentunit", min_=0, max_=1, color_mode="palette-classic",
                     custom=timeseries_custom(0)), options=ts_options())
    lay.add("timeseries", "Remaining filament (grams)",
            [target(info_join(f"bambu_tray_remaining_grams{sel()}"), "A", tray_legend())], 8, 8,
            "remain × spool weight, when both are known.",
            defaults("massg", min_=0, decimals=0, color_mode="palette-classic",
                     custom=timeseries_custom(0)), options=ts_options())
    lay.add("timeseries", "Filament used, last 24 h (rule)",
            [target(info_join(f"bambu:tray:filament_used_grams:sum1d{sel()}"), "A",
                    tray_legend())], 8, 8,
            "Sum of the drops of remaining grams over the previous 24 hours, per tray "
            "(bambu:tray:filament_used_grams:sum1d). " + RULES_NOTE,
            defaults("massg", min_=0, decimals=0, color_mode="palette-classic",
                     custom=timeseries_custom(0)), options=ts_options())

    lay.add("timeseries", "Humidity",
            [target(f"bambu_ams_humidity_ratio{sel()}", "A", unit)], 8, 8,
            field_defaults=defaults("percentunit", steps("green", (0.3, "yellow"), (0.4, "red")),
                                    min_=0, max_=1, color_mode="palette-classic",
                                    custom=dict(timeseries_custom(0),
                                                thresholdsStyle={"mode": "dashed"})),
            options=ts_options())
    lay.add("timeseries", "Humidity level",
            [target(f"bambu_ams_humidity_level{sel()}", "A", unit)], 8, 8,
            "1 = driest .. 5 = wettest.",
            defaults(None, steps("green", (4, "red")), min_=1, max_=5, decimals=0,
                     color_mode="palette-classic",
                     custom=dict(timeseries_custom(0), lineInterpolation="stepAfter",
                                 thresholdsStyle={"mode": "dashed"})),
            options=ts_options())
    lay.add("timeseries", "AMS temperature",
            [target(f"bambu_ams_temperature_celsius{sel()}", "A", unit),
             target(f"bambu_ams_drying{sel()}", "B", "AMS {{ams}} drying")], 8, 8,
            "Drying periods (bambu_ams_drying = 1) show as shaded bars on a hidden 0..1 axis.",
            defaults("celsius", color_mode="palette-classic", custom=timeseries_custom(0)),
            overrides=[{"matcher": {"id": "byFrameRefID", "options": "B"},
                        "properties": [
                            {"id": "custom.drawStyle", "value": "bars"},
                            {"id": "custom.fillOpacity", "value": 20},
                            {"id": "custom.lineWidth", "value": 0},
                            {"id": "custom.axisPlacement", "value": "hidden"},
                            {"id": "unit", "value": "none"},
                            {"id": "min", "value": 0},
                            {"id": "max", "value": 1},
                            {"id": "color", "value": {"mode": "fixed",
                                                      "fixedColor": "orange"}}]}],
            options=ts_options())
    return dashboard(
        "bambu-ams", "Bambu AMS & filament",
        "AMS humidity, temperature and drying, and every tray's filament, one row per printer. "
        "Colours: the tray table paints the Colour cell for common Bambu filament colours "
        "(value mappings); other colours show as #RRGGBB text. " + RULES_NOTE,
        lay, tags=("ams", "filament"))


# --- Printer fleet ------------------------------------------------------------------------------
def fleet_dashboard():
    lay = Layout()
    state_map = value_map(PRINT_STATES)
    lay.add("stat", "Printers up", [target(f"sum(bambu_up{sel()})", "A", "up")], 4, 4,
            field_defaults=defaults(None, steps("red", (1, "green")), decimals=0),
            options=stat_options())
    lay.add("stat", "Printers", [target(f"count(bambu_up{sel()})", "A", "printers")], 4, 4,
            field_defaults=defaults(None, steps("text"), decimals=0), options=stat_options())
    lay.add("stat", "Printing",
            [target("count(bambu_print_state" + sel('state="RUNNING"') + " == 1) or vector(0)",
                    "A", "printing")], 4, 4,
            field_defaults=defaults(None, steps("text", (1, "green")), decimals=0),
            options=stat_options())
    lay.add("stat", "Failed prints",
            [target("count(bambu_print_state" + sel('state="FAILED"') + " == 1) or vector(0)",
                    "A", "failed")], 4, 4,
            field_defaults=defaults(None, steps("green", (1, "red")), decimals=0),
            options=stat_options())
    lay.add("stat", "Active HMS errors",
            [target(f"sum(bambu_hms_errors{sel()}) or vector(0)", "A", "HMS")], 4, 4,
            field_defaults=defaults(None, steps("green", (1, "red")), decimals=0),
            options=stat_options())
    lay.add("stat", "Oldest last report",
            [target(f"max(time() - bambu_last_report_timestamp_seconds{sel()})", "A", "age")],
            4, 4, "Age of the oldest last report among the selected printers.",
            defaults("s", steps("green", (60, "yellow"), (300, "red")), decimals=0),
            options=stat_options())

    cols = [("A", "Up", f"bambu_up{sel()}"),
            ("B", "State", f"bambu:printer:print_state:code{sel()}"),
            ("C", "Progress", f"bambu_print_progress_ratio{sel()}"),
            ("D", "Time left", f"bambu_print_remaining_seconds{sel()}"),
            ("E", "Nozzle", "bambu_nozzle_temperature_celsius" + sel('extruder="0"')),
            ("F", "Nozzle (left)", "bambu_nozzle_temperature_celsius" + sel('extruder="1"')),
            ("G", "Bed", f"bambu_bed_temperature_celsius{sel()}"),
            ("H", "Chamber", f"bambu_chamber_temperature_celsius{sel()}"),
            ("I", "HMS errors", f"bambu_hms_errors{sel()}"),
            ("J", "Last report", f"time() - bambu_last_report_timestamp_seconds{sel()}")]
    lay.add(
        "table", "Fleet",
        [target(by_printer(expr), ref, instant=True, fmt="table") for ref, _, expr in cols],
        24, 8,
        "One row per printer. State comes from the recording rule bambu:printer:print_state:code. "
        + RULES_NOTE,
        defaults(custom={"align": "auto", "cellOptions": {"type": "auto"}, "inspect": False}),
        overrides=[
            override("Up", mappings=[UP_MAP], custom__cellOptions={"type": "color-background",
                                                                   "mode": "basic"}),
            override("State", mappings=[state_map],
                     custom__cellOptions={"type": "color-text"}),
            override("Progress", unit="percentunit", min=0, max=1, decimals=0,
                     custom__cellOptions={"type": "gauge", "mode": "basic"},
                     color={"mode": "fixed", "fixedColor": "green"}),
            override("Time left", unit="dtdurations"),
            override("Nozzle", unit="celsius", decimals=0),
            override("Nozzle (left)", unit="celsius", decimals=0),
            override("Bed", unit="celsius", decimals=0),
            override("Chamber", unit="celsius", decimals=0),
            override("HMS errors", decimals=0, custom__cellOptions={"type": "color-text"},
                     thresholds=steps("green", (1, "red"))),
            override("Last report", unit="s", decimals=0,
                     custom__cellOptions={"type": "color-text"},
                     thresholds=steps("green", (60, "yellow"), (300, "red"))),
        ],
        options=table_options(sort_by="printer"),
        transformations=[
            {"id": "merge", "options": {}},
            {"id": "organize", "options": {
                "excludeByName": {"Time": True, "job": True, "instance": True},
                "indexByName": dict({"printer": 0, "serial": 1},
                                    **{f"Value #{ref}": i + 2
                                       for i, (ref, _, _) in enumerate(cols)}),
                "renameByName": {f"Value #{ref}": name for ref, name, _ in cols}}},
        ])

    lay.add("state-timeline", "Print state (rule)",
            [target(f"bambu:printer:print_state:code{sel()}", "A", "{{printer}}")], 24, 6,
            "bambu:printer:print_state:code mapped back to the state names. " + RULES_NOTE,
            defaults(mappings=[state_map], color_mode="thresholds",
                     custom={"fillOpacity": 80, "lineWidth": 0}),
            options={"showValue": "auto", "mergeValues": True, "alignValue": "left",
                     "rowHeight": 0.9, "legend": {"showLegend": False, "displayMode": "list",
                                                  "placement": "bottom"},
                     "tooltip": {"mode": "single", "sort": "none"}})

    lay.add("timeseries", "Progress",
            [target(f"bambu_print_progress_ratio{sel()}", "A", "{{printer}}")], 12, 8,
            field_defaults=defaults("percentunit", min_=0, max_=1, color_mode="palette-classic",
                                    custom=timeseries_custom(0)), options=ts_options())
    lay.add("timeseries", "Remaining print time",
            [target(f"bambu_print_remaining_seconds{sel()}", "A", "{{printer}}")], 12, 8,
            field_defaults=defaults("s", min_=0, color_mode="palette-classic",
                                    custom=timeseries_custom(0)), options=ts_options())

    target_style = [{"matcher": {"id": "byRegexp", "options": ".*target.*"},
                     "properties": [{"id": "custom.lineStyle",
                                     "value": {"fill": "dash", "dash": [10, 10]}}]}]
    lay.add("timeseries", "Nozzle temperature",
            [target(f"bambu_nozzle_temperature_celsius{sel()}", "A",
                    "{{printer}} nozzle {{extruder}}"),
             target(f"bambu_nozzle_target_temperature_celsius{sel()}", "B",
                    "{{printer}} nozzle {{extruder}} target")], 8, 8,
            "Extruder 0 is the main (right or only) nozzle, 1 the left one (H2D).",
            defaults("celsius", color_mode="palette-classic", custom=timeseries_custom(0)),
            overrides=target_style, options=ts_options())
    lay.add("timeseries", "Bed temperature",
            [target(f"bambu_bed_temperature_celsius{sel()}", "A", "{{printer}} bed"),
             target(f"bambu_bed_target_temperature_celsius{sel()}", "B",
                    "{{printer}} bed target")], 8, 8,
            field_defaults=defaults("celsius", color_mode="palette-classic",
                                    custom=timeseries_custom(0)),
            overrides=target_style, options=ts_options())
    lay.add("timeseries", "Chamber temperature",
            [target(f"bambu_chamber_temperature_celsius{sel()}", "A", "{{printer}}")], 8, 8,
            "Only printers that report it.",
            defaults("celsius", color_mode="palette-classic", custom=timeseries_custom(0)),
            options=ts_options())

    lay.add("timeseries", "HMS errors",
            [target(f"bambu_hms_errors{sel()}", "A", "{{printer}}")], 8, 8,
            "Number of active HMS (health management) entries per printer.",
            defaults(None, min_=0, decimals=0, color_mode="palette-classic",
                     custom=dict(timeseries_custom(10), lineInterpolation="stepAfter")),
            options=ts_options())
    lay.add("table", "Active HMS errors",
            [target(f"bambu_hms_error_info{sel()} == 1", "A", instant=True, fmt="table")], 16, 8,
            "Click a code for its page in the Bambu Lab wiki.",
            defaults(custom={"align": "auto", "cellOptions": {"type": "auto"}, "inspect": False}),
            overrides=[override("code", links=[{
                "title": "Bambu Lab wiki",
                "url": "https://wiki.bambulab.com/en/x1/troubleshooting/hmscode/${__value.text}",
                "targetBlank": True}])],
            options=table_options(sort_by="printer"),
            transformations=[{"id": "organize", "options": {
                "excludeByName": {"Time": True, "Value": True, "__name__": True, "job": True,
                                  "instance": True, "serial": True},
                "indexByName": {"printer": 0, "code": 1, "module": 2, "severity": 3},
                "renameByName": {}}}])

    lay.add("table", "Printers",
            [target(f"bambu_printer_info{sel()}", "A", instant=True, fmt="table")], 12, 6,
            field_defaults=defaults(custom={"align": "auto", "cellOptions": {"type": "auto"},
                                            "inspect": False}),
            options=table_options(sort_by="printer"),
            transformations=[{"id": "organize", "options": {
                "excludeByName": {"Time": True, "Value": True, "__name__": True, "job": True},
                "indexByName": {"printer": 0, "name": 1, "model": 2, "firmware": 3,
                                "serial": 4, "instance": 5},
                "renameByName": {}}}])
    lay.add("timeseries", "Last report age",
            [target(f"time() - bambu_last_report_timestamp_seconds{sel()}", "A", "{{printer}}")],
            6, 6, "Seconds since the last MQTT report of each printer.",
            defaults("s", steps("green", (300, "red")), min_=0, color_mode="palette-classic",
                     custom=dict(timeseries_custom(0), thresholdsStyle={"mode": "dashed"})),
            options=ts_options())
    lay.add("timeseries", "Wi-Fi signal",
            [target(f"bambu_wifi_signal_dbm{sel()}", "A", "{{printer}}")], 6, 6,
            field_defaults=defaults("dBm", color_mode="palette-classic",
                                    custom=timeseries_custom(0)), options=ts_options())
    return dashboard("bambu-fleet", "Bambu printer fleet",
                     "State, progress, temperatures and health of every printer. " + RULES_NOTE,
                     lay, tags=("fleet",))


# --- Exporter health ----------------------------------------------------------------------------
def exporter_dashboard():
    lay = Layout()
    job = '{job=~"$job"}'
    lay.add("stat", "Exporter targets up", [target(f"sum(up{job})", "A", "up")], 4, 4,
            "Prometheus' scrape status of the exporter targets.",
            defaults(None, steps("red", (1, "green")), decimals=0), options=stat_options())
    lay.add("stat", "MQTT sessions up", [target(f"sum(bambu_up{sel()})", "A", "up")], 4, 4,
            "Printers with a live session and a recent report (bambu_up).",
            defaults(None, steps("red", (1, "green")), decimals=0), options=stat_options())
    lay.add("stat", "Printers", [target(f"count(bambu_up{sel()})", "A", "printers")], 4, 4,
            field_defaults=defaults(None, steps("text"), decimals=0), options=stat_options())
    lay.add("stat", "Reports/s (rule)",
            [target(f"sum(bambu:printer:mqtt_messages_received:rate5m{sel()})", "A", "reports/s")],
            4, 4, RULES_NOTE, defaults("reqps", steps("text"), decimals=2),
            options=stat_options(graph=True))
    lay.add("stat", "Exporter version",
            [target(f"bambu_exporter_build_info{job}", "A",
                    "{{instance}}: {{version}} ({{revision}})", instant=True)], 8, 4,
            field_defaults=defaults(None, steps("text")),
            options=stat_options(text_mode="name", color_mode="none"))

    lay.add("state-timeline", "MQTT sessions",
            [target(f"bambu_up{sel()}", "A", "{{printer}} ({{transport}})")], 24, 6,
            "bambu_up: 1 while the session is connected and a report arrived within the "
            "staleness window.",
            defaults(mappings=[UP_MAP], color_mode="thresholds",
                     custom={"fillOpacity": 80, "lineWidth": 0}),
            options={"showValue": "never", "mergeValues": True, "alignValue": "left",
                     "rowHeight": 0.9, "legend": {"showLegend": False, "displayMode": "list",
                                                  "placement": "bottom"},
                     "tooltip": {"mode": "single", "sort": "none"}})

    lay.add("timeseries", "Reports per second (rule)",
            [target(f"bambu:printer:mqtt_messages_received:rate5m{sel()}", "A", "{{printer}}")],
            12, 8, "Rate of bambu_mqtt_messages_received_total over 5m. " + RULES_NOTE,
            defaults("reqps", min_=0, color_mode="palette-classic",
                     custom=timeseries_custom(10)), options=ts_options())
    lay.add("timeseries", "Reconnects",
            [target(f"increase(bambu_mqtt_reconnects_total{sel()}[$__rate_interval])", "A",
                    "{{printer}}")], 12, 8,
            "Session reconnects after the first connect.",
            defaults(None, min_=0, decimals=0, color_mode="palette-classic",
                     custom=timeseries_custom(80, bars=True)), options=ts_options())
    lay.add("timeseries", "Rejected reports by reason (rule)",
            [target(f"sum by (printer, reason) (bambu:printer:report_errors:rate5m{sel()})",
                    "A", "{{printer}} {{reason}}")], 12, 8,
            "Reports the exporter could not use, per second. " + RULES_NOTE,
            defaults("reqps", min_=0, color_mode="palette-classic",
                     custom=timeseries_custom(30, stack=True)), options=ts_options())
    lay.add("timeseries", "Last report age (rule)",
            [target(f"bambu:printer:last_report_age_seconds{sel()}", "A", "{{printer}}")],
            12, 8, RULES_NOTE,
            defaults("s", steps("green", (300, "red")), min_=0, color_mode="palette-classic",
                     custom=dict(timeseries_custom(0), thresholdsStyle={"mode": "dashed"})),
            options=ts_options())
    lay.add("timeseries", "Scrape duration",
            [target(f"scrape_duration_seconds{job}", "A", "{{instance}}")], 8, 8,
            "How long Prometheus takes to scrape the exporter.",
            defaults("s", min_=0, color_mode="palette-classic", custom=timeseries_custom(10)),
            options=ts_options())
    lay.add("timeseries", "Samples scraped",
            [target(f"scrape_samples_scraped{job}", "A", "{{instance}}")], 8, 8,
            "Series per scrape; it follows the number of printers, AMS units and trays.",
            defaults("short", min_=0, decimals=0, color_mode="palette-classic",
                     custom=timeseries_custom(10)), options=ts_options())
    lay.add("timeseries", "Scrape status",
            [target(f"up{job}", "A", "{{instance}}")], 8, 8,
            field_defaults=defaults(None, steps("red", (1, "green")), min_=0, max_=1, decimals=0,
                                    color_mode="palette-classic",
                                    custom=dict(timeseries_custom(10),
                                                lineInterpolation="stepAfter")),
            options=ts_options())
    return dashboard("bambu-exporter", "Bambu exporter health",
                     "MQTT sessions, report rates, rejected reports, reconnects and scrape cost "
                     "of bambu_exporter. " + RULES_NOTE, lay, tags=("exporter",))


DASHBOARDS = {
    "bambu-ams-filament.json": ams_dashboard,
    "bambu-printer-fleet.json": fleet_dashboard,
    "bambu-exporter-health.json": exporter_dashboard,
}


def render(build):
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def main():
    check = "--check" in sys.argv[1:]
    failed = False
    for name, build in DASHBOARDS.items():
        path = os.path.join(ROOT, "dashboards", name)
        text = render(build)
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    same = f.read() == text
            except FileNotFoundError:
                same = False
            if same:
                print(f"dashboards/{name}: in sync with the generator")
            else:
                print(f"dashboards/{name}: differs from tests/deploy/gen_dashboards.py output; "
                      "run python3 tests/deploy/gen_dashboards.py")
                failed = True
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"wrote dashboards/{name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
