// Typed partial updates decoded from one MQTT report (protocol.md §3-§5).
// Every field is optional: absent means "not in this report", never "zero".
// Units and trays are keyed by their wire id; the merge step (printer_state)
// folds an update into the typed state of one printer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bambu {

/// One tray object: print.ams.ams[].tray[], print.vt_tray or print.vir_slot[].
struct TrayUpdate {
  int id = -1;                               // slot 0..3, or 254/255 for external spools
  std::optional<int> state;                  // tray state bitmask (unreliable, kept for JSON view)
  std::optional<std::string> tray_type;      // "PLA", "PETG-CF", "" = not configured
  std::optional<std::string> tray_info_idx;  // filament preset id, e.g. "GFA01"
  std::optional<std::string> tray_sub_brands;  // e.g. "PLA Matte"
  std::optional<std::string> tray_color;       // RRGGBBAA
  // cols[] (multi-colour spools) as "#RRGGBB,#RRGGBB": unset and malformed entries skipped.
  std::optional<std::string> cols;
  std::optional<bool> rfid_tag;         // tag_uid holds a non-'0' character (a Bambu RFID spool)
  std::optional<int> remain;            // percent 0..100, -1 = unknown
  std::optional<double> tray_weight_g;  // spool net weight, grams ("0" = unknown)
  std::optional<double> total_len_mm;   // spool length, millimetres
  std::optional<double> nozzle_temp_min_c;  // recommended nozzle range, °C
  std::optional<double> nozzle_temp_max_c;
  std::optional<double> k;  // pressure advance (P1/A1)
};

/// One AMS unit: print.ams.ams[].
struct AmsUnitUpdate {
  int id = -1;                         // 0..3, 16 (A2L AMS lite), 128..135 (AMS HT)
  std::optional<int> humidity_index;   // wire index: 5 = driest .. 1 = wettest, 0 = none
  std::optional<double> humidity_raw;  // relative humidity, percent
  std::optional<double> temp_c;        // °C; 0.0 = no sensor
  std::optional<int> dry_time_min;     // remaining drying time, minutes
  std::optional<std::uint32_t> info;   // hex bitfield (§5.4)
  bool has_trays = false;              // a "tray" array was present
  std::vector<TrayUpdate> trays;
};

/// print.ams container fields.
struct AmsUpdate {
  bool has_units = false;  // an "ams" array was present
  std::vector<AmsUnitUpdate> units;
  std::optional<std::uint64_t> ams_exist_bits;    // hex
  std::optional<std::uint64_t> tray_exist_bits;   // hex
  std::optional<std::uint64_t> tray_is_bbl_bits;  // hex
  std::optional<int> tray_now;                    // decimal string; 255 none, 254 external
  std::optional<bool> power_on_flag;
};

/// One entry of print.hms[].
struct HmsEntry {
  std::uint32_t attr = 0;
  std::uint32_t code = 0;
  bool operator==(const HmsEntry&) const = default;
};

/// One entry of print.device.extruder.info[].
struct ExtruderUpdate {
  int id = -1;                        // 0 main/right, 1 deputy/left
  std::optional<int> snow;            // (ams_id << 8) | slot of the loaded tray
  std::optional<std::uint32_t> temp;  // bits 0-15 current °C, 16-31 target °C
};

/// One module of an info/get_version reply.
struct ModuleInfo {
  std::string name;          // "ota", "ams/0", "n3s/128", "esp32", ...
  std::string product_name;  // "Bambu Lab X1-Carbon", may be empty
  std::string project_name;  // "C12", "N2S", may be empty
  std::string sw_ver;
  std::string hw_ver;
  std::string sn;
};

/// Everything one report carries that the exporter uses.
struct ReportUpdate {
  bool has_print = false;  // a "print" object was present
  std::optional<int> msg;  // 0 = full report (replace), 1 = delta; absent = merge

  std::optional<std::string> gcode_state;
  std::optional<double> mc_percent;         // percent
  std::optional<double> mc_remaining_time;  // minutes
  std::optional<double> layer_num;
  std::optional<double> total_layer_num;
  std::optional<double> nozzle_temper;  // °C
  std::optional<double> nozzle_target_temper;
  std::optional<double> bed_temper;
  std::optional<double> bed_target_temper;
  std::optional<double> chamber_temper;
  std::optional<std::uint32_t> ctc_temp;     // print.device.ctc.info.temp: bits 0-15 chamber °C
  std::optional<double> wifi_signal_dbm;     // from "-68dBm"
  std::optional<std::vector<HmsEntry>> hms;  // replaced as a whole

  AmsUpdate ams;
  std::optional<TrayUpdate> vt_tray;  // legacy external spool
  bool has_vir_slot = false;
  std::vector<TrayUpdate> vir_slot;  // external spools 254 / 255

  std::vector<ExtruderUpdate> extruders;  // device.extruder.info[]

  bool has_version = false;  // an info/get_version reply
  std::vector<ModuleInfo> modules;

  std::optional<bool> cloud_online;  // event client.connected / client.disconnected
};

}  // namespace bambu
