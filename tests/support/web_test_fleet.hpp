// A hand-built printer for the web tests: one AMS with a Bambu spool, a
// multi-colour spool with a hostile name, a present-but-unconfigured slot and
// an empty slot, plus a configured external spool.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "state/fleet.hpp"

namespace bambu::testing {

inline constexpr double kLastReport = 1'700'000'000;  // Unix seconds
inline constexpr double kNow = kLastReport + 12;
inline constexpr const char* kSerial = "01P00A000000001";
inline constexpr const char* kHostileName = "<script>alert('x')</script>";

inline PrinterEntry& AddWorkshopPrinter(Fleet& fleet) {
  PrinterEntry& printer = fleet.Add({"Workshop & Co", kSerial, Transport::kLan});
  printer.connected = true;
  printer.last_report_unix = kLastReport;
  printer.last_report_mono = kLastReport;
  PrinterState& state = printer.state;
  state.has_report = true;
  state.version.model = "P1S";
  state.version.ams_modules[0] = {"ams", "AMS08", "00.00.06.49"};
  state.ams_exist_bits = 0x1;
  state.tray_exist_bits = 0x7;  // slots 0, 1, 2
  state.tray_is_bbl_bits = 0x1;
  state.tray_now = 1;  // unit 0 slot 1

  AmsUnitState& unit = state.units[0];
  unit.humidity_index = 4;  // wire: 4 of 5 = fairly dry → app level 2
  unit.humidity_raw = 28;
  unit.temp_c = 25.5;
  unit.info = 0x1001;  // AMS on extruder 0

  TrayState& bambu = unit.trays[0];
  bambu.tray_type = "PLA";
  bambu.tray_info_idx = "GFA00";
  bambu.tray_sub_brands = "PLA Basic";
  bambu.tray_color = "5E43B7FF";
  bambu.cols = "#5E43B7";
  bambu.rfid_tag = true;
  bambu.remain = 83;
  bambu.tray_weight_g = 1000;
  bambu.total_len_mm = 330000;
  bambu.nozzle_temp_min_c = 190;
  bambu.nozzle_temp_max_c = 230;
  bambu.k = 0.02;

  TrayState& other = unit.trays[1];
  other.tray_type = "PETG";
  other.tray_info_idx = "GFG99";
  other.tray_sub_brands = kHostileName;
  other.tray_color = "FF0000FF";
  other.cols = "#FF0000,#00FF00";
  other.rfid_tag = false;
  other.remain = -1;
  other.tray_weight_g = 0;

  unit.trays[2].tray_type = "";  // a spool the user has not configured
  unit.trays[2].state = 3;

  TrayState& external = state.external[255];
  external.tray_type = "TPU";
  external.tray_color = "FFFF00FF";
  external.remain = 0;
  return printer;
}

inline std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(BAMBU_FIXTURE_DIR) + "/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace bambu::testing
