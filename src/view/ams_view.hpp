// The AMS rules of metrics.md applied once to a PrinterState: unit models,
// presence, active trays, normalised external spools, values with unknown and
// out-of-range readings left out. /metrics and the JSON view both read this.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/ams_units.hpp"
#include "state/printer_state.hpp"
#include "view/toolhead_view.hpp"

namespace bambu {

/// One slot of a unit or one external spool, as metrics.md describes it.
struct TrayView {
  int ams = 0;                            // unit id, or 255 / 254 for external spools
  int slot = 0;                           // 0..3; 0 for AMS HT and external spools
  int extruder = 0;                       // extruder this tray feeds
  std::string slot_name;                  // "A1", "A" (AMS HT), "Ext", "Ext-L" (ams_names.hpp)
  bool present = false;                   // from tray_exist_bits (external: configured)
  bool loaded = false;                    // present and a filament type is known
  bool active = false;                    // feeding its extruder now
  bool bambu_spool = false;               // RFID tag of a Bambu spool
  const TrayState* tray = nullptr;        // merged fields; null when never reported
  std::optional<double> remaining_ratio;  // remain/100 when 0..100 and tracked
  std::optional<double> remaining_grams;  // remaining_ratio × spool weight
  std::optional<double> spool_weight_grams;
  std::optional<double> spool_length_meters;
  std::optional<double> nozzle_temp_min_c;
  std::optional<double> nozzle_temp_max_c;
  std::optional<double> pressure_advance;  // k at float precision
  std::optional<double> drying_temp_c;     // recommended drying (drying_temp, else tray_temp)
  std::optional<double> drying_time_s;     // drying_time (else tray_time) hours x 3600
  std::string spool_uuid;                  // tray_uuid of an identified spool, else empty
  std::string color;   // "#RRGGBB", "transparent" (RFID 00000000), empty when unset
  std::string colors;  // comma-joined "#RRGGBB" list
};

struct UnitView {
  int id = 0;
  UnitModel model = UnitModel::kAms;
  std::string name;  // "AMS-1", "AMS HT-1" (ams_names.hpp)
  int extruder = 0;
  std::string hw_version;  // from get_version, may be empty
  std::string sw_version;
  const AmsUnitState* unit = nullptr;
  std::optional<int> humidity_level;     // app scale 1 (driest) .. 5 (wettest)
  std::optional<double> humidity_ratio;  // humidity_raw / 100
  std::optional<double> temperature_c;
  std::optional<bool> drying;  // units that can dry: Bambu Studio's AmsIsDrying
  std::optional<double> drying_remaining_seconds;
  std::vector<TrayView> trays;  // every slot of the unit, by slot id
};

struct PrinterView {
  std::vector<UnitView> units;      // present units, by id
  std::vector<TrayView> external;   // as the printer lists them: 254 (Ext-L) before 255 (Ext-R)
  std::vector<NozzleView> nozzles;  // per extruder
  ChamberView chamber;
};

/// Applies every rule of metrics.md to `state`. Pointers in the result point
/// into `state`, which must outlive it.
PrinterView BuildView(const PrinterState& state);

}  // namespace bambu
