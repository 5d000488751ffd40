// The fleet spool inventory: every loaded spool of every printer, at /api/v1/spools (JSON) and
// /api/v1/spools.csv, from live state through BuildView (docs/metrics.md, "Spool inventory").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>

#include "base/clock.hpp"
#include "state/fleet.hpp"

namespace bambu {

/// One loaded spool: where it is, what it is, what is left, and the air it sits in.
struct SpoolRow {
  std::string printer;  // configured name
  std::string serial;
  bool printer_up = false;
  int ams = 0;  // unit id, 255 / 254 for external spools
  int slot = 0;
  std::string unit_name;  // "AMS-1", "AMS HT-1"; empty for external spools
  std::string slot_name;  // "A1", "A", "Ext", "Ext-L"
  bool active = false;
  std::string filament_type;
  std::string filament_id;
  std::string name;       // tray_sub_brands
  std::string color;      // "#RRGGBB", "transparent", "" unset
  std::string vendor;     // "bambu" (RFID tag) or "other"
  std::string tray_uuid;  // the spool's identity, "" when none
  std::optional<double> remaining_ratio;
  std::optional<double> remaining_grams;
  std::optional<double> spool_weight_grams;
  std::optional<int> humidity_level;  // of the unit the spool sits in, 1 (driest) .. 5
  std::optional<double> humidity_ratio;
};

/// Loaded spools of every printer, in fleet order, units by id, then external spools.
std::vector<SpoolRow> CollectSpools(const Fleet& fleet, Instant now, double stale_after_s);

/// [{printer, serial, printer_up, ams, slot, unit_name, slot_name, ...}]; unknown values null.
boost::json::array SpoolsJson(const std::vector<SpoolRow>& rows);

/// RFC 4180 CSV with a header line, CRLF line ends; unknown values empty. Text cells that
/// begin with =, +, -, @ are prefixed with ' so spreadsheets do not run them as formulas.
std::string SpoolsCsv(const std::vector<SpoolRow>& rows);

}  // namespace bambu
