// Merge rules of protocol.md §3.5 / §5, on hand-built ReportUpdates.
#include "state/printer_state.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "state/printer_model.hpp"

namespace bambu {
namespace {

ReportUpdate PrintUpdate(std::optional<int> msg) {
  ReportUpdate update;
  update.has_print = true;
  update.msg = msg;
  return update;
}

TrayUpdate FilamentTray(int id, std::string type, std::string color, int remain) {
  TrayUpdate tray;
  tray.id = id;
  tray.state = 11;
  tray.tray_type = std::move(type);
  tray.tray_info_idx = "GFA00";
  tray.tray_sub_brands = "PLA Basic";
  tray.tray_color = std::move(color);
  tray.cols = "#" + tray.tray_color->substr(0, 6);
  tray.rfid_tag = true;
  tray.remain = remain;
  tray.tray_weight_g = 1000;
  tray.nozzle_temp_min_c = 190;
  tray.nozzle_temp_max_c = 230;
  tray.k = 0.02;
  return tray;
}

TrayUpdate StateOnlyTray(int id, int state) {
  TrayUpdate tray;
  tray.id = id;
  tray.state = state;
  return tray;
}

ExtruderUpdate Extruder(int id, std::optional<int> snow, std::optional<std::uint32_t> temp) {
  ExtruderUpdate extruder;
  extruder.id = id;
  extruder.snow = snow;
  extruder.temp = temp;
  return extruder;
}

AmsUnitUpdate Unit(int id, std::vector<TrayUpdate> trays) {
  AmsUnitUpdate unit;
  unit.id = id;
  unit.has_trays = true;
  unit.trays = std::move(trays);
  return unit;
}

/// A full P1S-like report: one AMS with two trays, bed 60 °C, an external spool.
ReportUpdate FullReport() {
  ReportUpdate update = PrintUpdate(0);
  update.gcode_state = "RUNNING";
  update.bed_temper = 60;
  update.nozzle_temper = 220;
  update.wifi_signal_dbm = -68;
  update.hms = std::vector<HmsEntry>{{0x07008000, 0x00020001}};
  AmsUnitUpdate unit =
      Unit(0, {FilamentTray(0, "PLA", "5E43B7FF", 83), FilamentTray(1, "PETG", "0A2989FF", 100)});
  unit.humidity_index = 4;
  unit.humidity_raw = 23;
  unit.temp_c = 26.2;
  unit.dry_time_min = 120;
  unit.info = 0x1001;
  update.ams.has_units = true;
  update.ams.units = {unit};
  update.ams.ams_exist_bits = 0x1;
  update.ams.tray_exist_bits = 0x3;
  update.ams.tray_is_bbl_bits = 0x3;
  update.ams.tray_now = 1;
  update.ams.power_on_flag = true;
  update.vt_tray = FilamentTray(254, "PLA", "FFFFFFFF", 0);
  return update;
}

ReportUpdate VersionReply(std::vector<ModuleInfo> modules) {
  ReportUpdate update;
  update.has_version = true;
  update.modules = std::move(modules);
  return update;
}

TEST_CASE("a full report fills the state and sets has_report") {
  PrinterState state;
  CHECK_FALSE(state.has_report);
  Merge(state, FullReport());
  CHECK(state.has_report);
  CHECK(state.gcode_state == "RUNNING");
  CHECK(state.bed_temper == 60.0);
  CHECK(state.tray_exist_bits == 0x3u);
  CHECK(state.tray_now == 1);
  REQUIRE(state.units.size() == 1);
  const AmsUnitState& unit = state.units.at(0);
  CHECK(unit.humidity_index == 4);
  CHECK(unit.humidity_raw == 23.0);
  CHECK(unit.dry_time_min == 120);
  CHECK(unit.info == 0x1001u);
  REQUIRE(unit.trays.size() == 2);
  CHECK(unit.trays.at(0).remain == 83);
  CHECK(unit.trays.at(1).tray_type == "PETG");
  REQUIRE(state.external.size() == 1);
  CHECK(state.external.at(255).tray_color == "FFFFFFFF");
}

TEST_CASE("a delta overwrites the fields it carries and keeps the rest") {
  for (std::optional<int> msg : {std::optional<int>(1), std::optional<int>()}) {
    PrinterState state;
    Merge(state, FullReport());
    ReportUpdate delta = PrintUpdate(msg);
    delta.bed_temper = 11.96875;
    delta.wifi_signal_dbm = -67;
    Merge(state, delta);
    CHECK(state.bed_temper == 11.96875);
    CHECK(state.wifi_signal_dbm == -67.0);
    CHECK(state.nozzle_temper == 220.0);
    CHECK(state.gcode_state == "RUNNING");
    CHECK(state.tray_exist_bits == 0x3u);
    REQUIRE(state.hms.has_value());
    CHECK(state.hms->size() == 1);
    REQUIRE(state.units.count(0) == 1);
    CHECK(state.units.at(0).trays.at(0).tray_color == "5E43B7FF");
    CHECK(state.external.at(255).tray_type == "PLA");
  }
}

TEST_CASE("msg 0 resets every print field but keeps version and cloud_online") {
  PrinterState state;
  Merge(state, VersionReply({{"ota", "Bambu Lab P1S", "", "01.07.00.00", "OTA", "S1"}}));
  ReportUpdate online;
  online.cloud_online = true;
  Merge(state, online);
  Merge(state, FullReport());
  ReportUpdate extruder = PrintUpdate(1);
  extruder.extruders = {Extruder(0, 259, 0x00DC00DBu)};
  Merge(state, extruder);

  ReportUpdate full = PrintUpdate(0);
  full.nozzle_temper = 25;
  Merge(state, full);
  CHECK(state.nozzle_temper == 25.0);
  CHECK_FALSE(state.bed_temper.has_value());
  CHECK_FALSE(state.gcode_state.has_value());
  CHECK_FALSE(state.hms.has_value());
  CHECK_FALSE(state.tray_exist_bits.has_value());
  CHECK_FALSE(state.tray_now.has_value());
  CHECK(state.units.empty());
  CHECK(state.external.empty());
  CHECK(state.extruders.empty());
  CHECK(state.has_report);
  CHECK(state.cloud_online == true);
  CHECK(state.version.model == "P1S");
  CHECK(state.version.firmware == "01.07.00.00");
}

TEST_CASE("a unit missing from a later full report is gone") {
  PrinterState state;
  ReportUpdate first = FullReport();
  first.ams.units.push_back(Unit(1, {FilamentTray(0, "ABS", "000000FF", 50)}));
  Merge(state, first);
  REQUIRE(state.units.size() == 2);

  Merge(state, FullReport());
  CHECK(state.units.size() == 1);
  CHECK(state.units.count(1) == 0);
  CHECK(state.units.at(0).trays.size() == 2);
}

TEST_CASE("a delta keeps units and trays it does not mention") {
  PrinterState state;
  ReportUpdate first = FullReport();
  first.ams.units.push_back(Unit(1, {FilamentTray(0, "ABS", "000000FF", 50)}));
  Merge(state, first);

  ReportUpdate delta = PrintUpdate(1);
  delta.ams.has_units = true;
  delta.ams.units = {Unit(0, {FilamentTray(1, "PETG", "0A2989FF", 42)})};
  Merge(state, delta);
  REQUIRE(state.units.size() == 2);
  CHECK(state.units.at(1).trays.at(0).tray_type == "ABS");
  CHECK(state.units.at(0).trays.at(0).remain == 83);
  CHECK(state.units.at(0).trays.at(1).remain == 42);
}

TEST_CASE("a tray update with only id and state keeps the filament fields") {
  PrinterState state;
  Merge(state, FullReport());
  ReportUpdate delta = PrintUpdate(1);
  delta.ams.has_units = true;
  delta.ams.units = {Unit(0, {StateOnlyTray(0, 3)})};
  Merge(state, delta);
  const TrayState& tray = state.units.at(0).trays.at(0);
  CHECK(tray.state == 3);
  CHECK(tray.tray_type == "PLA");
  CHECK(tray.tray_info_idx == "GFA00");
  CHECK(tray.tray_sub_brands == "PLA Basic");
  CHECK(tray.tray_color == "5E43B7FF");
  CHECK(tray.rfid_tag == true);
  CHECK(tray.remain == 83);
  CHECK(tray.tray_weight_g == 1000.0);
  CHECK(tray.nozzle_temp_max_c == 230.0);
  CHECK(tray.k == 0.02);
}

TEST_CASE("a tray that becomes unconfigured drops its stale filament fields") {
  PrinterState state;
  Merge(state, FullReport());
  ReportUpdate delta = PrintUpdate(1);
  TrayUpdate emptied = StateOnlyTray(0, 0);
  emptied.tray_type = "";
  emptied.tray_color = "00000000";
  delta.ams.has_units = true;
  delta.ams.units = {Unit(0, {emptied})};
  Merge(state, delta);
  const TrayState& tray = state.units.at(0).trays.at(0);
  CHECK(tray.state == 0);
  CHECK(tray.tray_type == "");
  CHECK(tray.tray_color == "00000000");
  CHECK_FALSE(tray.tray_info_idx.has_value());
  CHECK_FALSE(tray.remain.has_value());
  CHECK_FALSE(tray.rfid_tag.has_value());
}

TEST_CASE("cols is replaced as a whole") {
  PrinterState state;
  Merge(state, FullReport());
  ReportUpdate delta = PrintUpdate(1);
  TrayUpdate tray = StateOnlyTray(1, 11);
  tray.cols = "#FF0000,#00FF00";
  delta.ams.has_units = true;
  delta.ams.units = {Unit(0, {tray})};
  Merge(state, delta);
  CHECK(state.units.at(0).trays.at(1).cols == "#FF0000,#00FF00");
  CHECK(state.units.at(0).trays.at(1).tray_color == "0A2989FF");
}

TEST_CASE("a unit delta without dry_time keeps it, unit fields overwrite when present") {
  PrinterState state;
  Merge(state, FullReport());
  ReportUpdate delta = PrintUpdate(1);
  AmsUnitUpdate unit;
  unit.id = 0;
  unit.humidity_raw = 30;
  delta.ams.has_units = true;
  delta.ams.units = {unit};
  Merge(state, delta);
  const AmsUnitState& merged = state.units.at(0);
  CHECK(merged.humidity_raw == 30.0);
  CHECK(merged.dry_time_min == 120);
  CHECK(merged.humidity_index == 4);
  CHECK(merged.temp_c == 26.2);
  CHECK(merged.info == 0x1001u);
  CHECK(merged.trays.size() == 2);

  unit.dry_time_min = 0;
  delta.ams.units = {unit};
  Merge(state, delta);
  CHECK(state.units.at(0).dry_time_min == 0);
}

TEST_CASE("tray_exist_bits 0 with power_on_flag false is ignored, the rest merges") {
  PrinterState state;
  Merge(state, FullReport());
  ReportUpdate power_off = PrintUpdate(1);
  power_off.ams.tray_exist_bits = 0;
  power_off.ams.power_on_flag = false;
  power_off.ams.tray_now = 255;
  power_off.ams.tray_is_bbl_bits = 0x1;
  Merge(state, power_off);
  CHECK(state.tray_exist_bits == 0x3u);
  CHECK(state.tray_now == 255);
  CHECK(state.tray_is_bbl_bits == 0x1u);

  SUBCASE("0 with power_on_flag true applies") {
    ReportUpdate emptied = PrintUpdate(1);
    emptied.ams.tray_exist_bits = 0;
    emptied.ams.power_on_flag = true;
    Merge(state, emptied);
    CHECK(state.tray_exist_bits == 0x0u);
  }
  SUBCASE("0 without power_on_flag applies") {
    ReportUpdate emptied = PrintUpdate(1);
    emptied.ams.tray_exist_bits = 0;
    Merge(state, emptied);
    CHECK(state.tray_exist_bits == 0x0u);
  }
  SUBCASE("non-zero with power_on_flag false applies") {
    ReportUpdate bits = PrintUpdate(1);
    bits.ams.tray_exist_bits = 0x1;
    bits.ams.power_on_flag = false;
    Merge(state, bits);
    CHECK(state.tray_exist_bits == 0x1u);
  }
}

TEST_CASE("legacy vt_tray id 254 lands in external 255") {
  PrinterState state;
  Merge(state, FullReport());
  REQUIRE(state.external.size() == 1);
  CHECK(state.external.count(254) == 0);
  CHECK(state.external.at(255).tray_color == "FFFFFFFF");
  CHECK_FALSE(state.has_vir_slot);

  ReportUpdate delta = PrintUpdate(1);
  TrayUpdate vt = StateOnlyTray(254, 0);
  vt.remain = 0;
  delta.vt_tray = vt;
  Merge(state, delta);
  CHECK(state.external.at(255).remain == 0);
  CHECK(state.external.at(255).tray_type == "PLA");
}

TEST_CASE("vir_slot wins over vt_tray, in the same update and afterwards") {
  PrinterState state;
  ReportUpdate both = PrintUpdate(0);
  both.vt_tray = FilamentTray(255, "PLA", "FFFFFFFF", 0);
  both.has_vir_slot = true;
  both.vir_slot = {FilamentTray(255, "PETG", "112233FF", 0),
                   FilamentTray(254, "TPU", "445566FF", 0)};
  Merge(state, both);
  CHECK(state.has_vir_slot);
  REQUIRE(state.external.size() == 2);
  CHECK(state.external.at(255).tray_type == "PETG");
  CHECK(state.external.at(254).tray_type == "TPU");

  ReportUpdate legacy_only = PrintUpdate(1);
  legacy_only.vt_tray = FilamentTray(254, "ABS", "000000FF", 0);
  Merge(state, legacy_only);
  CHECK(state.external.at(255).tray_type == "PETG");

  ReportUpdate full_again = PrintUpdate(0);
  full_again.vt_tray = FilamentTray(255, "ABS", "000000FF", 0);
  Merge(state, full_again);
  CHECK(state.has_vir_slot);
  CHECK(state.external.empty());

  ReportUpdate bad_id = PrintUpdate(1);
  bad_id.has_vir_slot = true;
  bad_id.vir_slot = {FilamentTray(3, "PLA", "FFFFFFFF", 0)};
  Merge(state, bad_id);
  CHECK(state.external.empty());
}

TEST_CASE("unit, tray and extruder caps hold") {
  PrinterState state;
  ReportUpdate flood = PrintUpdate(1);
  flood.ams.has_units = true;
  for (int id = 0; id < 1000; ++id) flood.ams.units.push_back(Unit(id, {}));
  Merge(state, flood);
  CHECK(state.units.size() == kMaxUnits);
  CHECK(state.units.begin()->first == 0);
  CHECK(state.units.rbegin()->first == 15);

  ReportUpdate existing = PrintUpdate(1);
  existing.ams.has_units = true;
  AmsUnitUpdate unit15;
  unit15.id = 15;
  unit15.temp_c = 30.5;
  AmsUnitUpdate unit128;
  unit128.id = 128;
  unit128.temp_c = 40;
  existing.ams.units = {unit15, unit128};
  Merge(state, existing);
  CHECK(state.units.at(15).temp_c == 30.5);
  CHECK(state.units.count(128) == 0);

  PrinterState bounded;
  ReportUpdate odd = PrintUpdate(1);
  odd.ams.has_units = true;
  std::vector<TrayUpdate> trays;
  for (int id = -2; id < 1000; ++id) trays.push_back(StateOnlyTray(id, 11));
  odd.ams.units = {Unit(-1, {}), Unit(256, {}), Unit(255, {}), Unit(3, trays)};
  Merge(bounded, odd);
  CHECK(bounded.units.size() == 2);
  CHECK(bounded.units.count(255) == 1);
  REQUIRE(bounded.units.count(3) == 1);
  CHECK(bounded.units.at(3).trays.size() == kMaxTraysPerUnit);
  CHECK(bounded.units.at(3).trays.begin()->first == 0);
  CHECK(bounded.units.at(3).trays.rbegin()->first == 7);

  ReportUpdate high_tray = PrintUpdate(1);
  high_tray.ams.has_units = true;
  high_tray.ams.units = {Unit(0, {StateOnlyTray(16, 3), StateOnlyTray(15, 3)})};
  Merge(bounded, high_tray);
  CHECK(bounded.units.at(0).trays.size() == 1);
  CHECK(bounded.units.at(0).trays.count(15) == 1);

  ReportUpdate extruders = PrintUpdate(1);
  for (int id = -1; id < 10; ++id) extruders.extruders.push_back(Extruder(id, 0xFFFF, 0));
  Merge(bounded, extruders);
  CHECK(bounded.extruders.size() == kMaxExtruders);
  CHECK(bounded.extruders.rbegin()->first == 3);
}

TEST_CASE("extruders merge by id, hms overwrites when present") {
  PrinterState state;
  ReportUpdate first = PrintUpdate(1);
  first.extruders = {Extruder(0, 259, 0x00DC00DBu), Extruder(1, 0xFEFF, 0x00000019u)};
  first.hms = std::vector<HmsEntry>{{0x07008000, 0x00020001}, {0x05000200, 0x00030002}};
  Merge(state, first);

  ReportUpdate delta = PrintUpdate(1);
  delta.extruders = {Extruder(1, std::nullopt, 0x00DC0030u)};
  Merge(state, delta);
  CHECK(state.extruders.at(0).snow == 259);
  CHECK(state.extruders.at(0).temp == 0x00DC00DBu);
  CHECK(state.extruders.at(1).snow == 0xFEFF);
  CHECK(state.extruders.at(1).temp == 0x00DC0030u);
  REQUIRE(state.hms.has_value());
  CHECK(state.hms->size() == 2);

  ReportUpdate cleared = PrintUpdate(1);
  cleared.hms = std::vector<HmsEntry>{};
  Merge(state, cleared);
  REQUIRE(state.hms.has_value());
  CHECK(state.hms->empty());
}

TEST_CASE("cloud_online and get_version leave the print state alone") {
  PrinterState state;
  ReportUpdate offline;
  offline.cloud_online = false;
  Merge(state, offline);
  CHECK(state.cloud_online == false);
  CHECK_FALSE(state.has_report);

  Merge(state, FullReport());
  Merge(state, VersionReply({{"ota", "Bambu Lab X1-Carbon", "", "01.09.00.01", "N/A", "S1"},
                             {"ams/0", "AMS (1)", "", "00.01.06.62", "AMS08", "A0"},
                             {"n3f/2", "AMS 2 Pro (3)", "", "02.00.19.68", "N3F05", "A2"},
                             {"n3s/128", "AMS HT (1)", "", "02.00.19.67", "N3S05", "A128"},
                             {"ams_f1/16", "AMS lite", "", "00.00.08.22", "AMS_F102", ""},
                             {"ahb", "AMS Hub", "", "00.00.00.43", "AHB01", "H"}}));
  CHECK(state.bed_temper == 60.0);
  CHECK(state.units.size() == 1);
  CHECK(state.version.model == "X1C");
  CHECK(state.version.firmware == "01.09.00.01");
  REQUIRE(state.version.ams_modules.size() == 3);
  CHECK(state.version.ams_modules.at(0).prefix == "ams");
  CHECK(state.version.ams_modules.at(0).hw_ver == "AMS08");
  CHECK(state.version.ams_modules.at(2).prefix == "n3f");
  CHECK(state.version.ams_modules.at(2).sw_ver == "02.00.19.68");
  CHECK(state.version.ams_modules.at(128).prefix == "n3s");
  CHECK(state.version.ams_modules.count(16) == 0);  // empty sn

  Merge(state, VersionReply({{"ota", "", "", "01.09.01.00", "N/A", "S1"}}));
  CHECK(state.version.model == "X1C");  // not derivable: kept
  CHECK(state.version.firmware == "01.09.01.00");
  CHECK(state.version.ams_modules.empty());
}

TEST_CASE("model from product_name") {
  CHECK(ModelFromProductName("Bambu Lab X1-Carbon") == "X1C");
  CHECK(ModelFromProductName("Bambu Lab X1E") == "X1E");
  CHECK(ModelFromProductName("Bambu Lab P1P") == "P1P");
  CHECK(ModelFromProductName("Bambu Lab P1S") == "P1S");
  CHECK(ModelFromProductName("Bambu Lab A1") == "A1");
  CHECK(ModelFromProductName("Bambu Lab A1 mini") == "A1 mini");
  CHECK(ModelFromProductName("Bambu Lab A1 Mini") == "A1 mini");
  CHECK(ModelFromProductName("Bambu Lab P2S") == "P2S");
  CHECK(ModelFromProductName("Bambu Lab H2D") == "H2D");
  CHECK(ModelFromProductName("Bambu Lab H2D Pro") == "H2D Pro");
  CHECK(ModelFromProductName("Bambu Lab H2C") == "H2C");
  CHECK(ModelFromProductName("Bambu Lab H2S") == "H2S");
  CHECK(ModelFromProductName("Bambu Lab X2D") == "X2D");
  CHECK(ModelFromProductName("Bambu Lab A2L") == "A2L");
  CHECK(ModelFromProductName("Bambu Lab Z9") == "Z9");
  CHECK_FALSE(ModelFromProductName("").has_value());
  CHECK_FALSE(ModelFromProductName("Bambu Lab ").has_value());
  CHECK_FALSE(ModelFromProductName("AMS Hub").has_value());
}

TEST_CASE("model from the AP board when product_name is missing") {
  CHECK(ModelFromApBoard("AP04", "C11") == "P1P");
  CHECK(ModelFromApBoard("AP04", "C12") == "P1S");
  CHECK(ModelFromApBoard("AP05", "N2S") == "A1");
  CHECK(ModelFromApBoard("AP05", "N1") == "A1 mini");
  CHECK(ModelFromApBoard("AP05", "") == "X1C");
  CHECK(ModelFromApBoard("AP02", "") == "X1E");
  CHECK_FALSE(ModelFromApBoard("AP04", "").has_value());
  CHECK_FALSE(ModelFromApBoard("AP01", "").has_value());

  // P1P fw 01.07: no product_name; esp32 AP04 / C11 (ha-bambulab P1P get_version).
  CHECK(DeriveModel({{"ota", "", "C11", "01.07.00.00", "OTA", "x"},
                     {"esp32", "", "C11", "01.11.32.89", "AP04", "x"}}) == "P1P");
  // X1 (OpenBambuAPI): AP board named rv1126, hw AP05, no project.
  CHECK(DeriveModel({{"ota", "", "", "01.01.01.00", "", ""},
                     {"rv1126", "", "", "00.00.14.74", "AP05", "x"}}) == "X1C");
  CHECK_FALSE(DeriveModel({{"mc", "", "", "00.00.27.26", "MC07", "x"}}).has_value());
}

TEST_CASE("AMS module names") {
  auto ams = ParseAmsModuleName("ams/0");
  REQUIRE(ams.has_value());
  CHECK(ams->prefix == "ams");
  CHECK(ams->unit_id == 0);
  auto lite = ParseAmsModuleName("ams_f1/16");
  REQUIRE(lite.has_value());
  CHECK(lite->prefix == "ams_f1");
  CHECK(lite->unit_id == 16);
  CHECK(ParseAmsModuleName("n3s/128")->unit_id == 128);
  CHECK(ParseAmsModuleName("n3f/3")->prefix == "n3f");
  CHECK_FALSE(ParseAmsModuleName("n3s/256").has_value());
  CHECK_FALSE(ParseAmsModuleName("ams/").has_value());
  CHECK_FALSE(ParseAmsModuleName("ams/1x").has_value());
  CHECK_FALSE(ParseAmsModuleName("ams/-1").has_value());
  CHECK_FALSE(ParseAmsModuleName("wtm/0").has_value());
  CHECK_FALSE(ParseAmsModuleName("ota").has_value());
}

}  // namespace
}  // namespace bambu
