// Fleet bookkeeping, and decode + merge of real payloads (tests/fixtures).
#include "state/fleet.hpp"
#include "test_clock.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "fixture_text.hpp"

namespace bambu {
namespace {

using test::ReadFixture;

std::uint64_t ErrorCount(const PrinterEntry& printer, std::string_view reason) {
  const auto& errors = printer.counters.report_errors;
  auto it = errors.find(reason);
  return it == errors.end() ? 0 : it->second;
}

TEST_CASE("Add defaults the name to the serial and returns an existing printer") {
  Fleet fleet;
  PrinterEntry& first = fleet.Add({"", "01P00A000000001", Transport::kLan});
  CHECK(first.identity.name == "01P00A000000001");
  CHECK(first.identity.transport == Transport::kLan);
  PrinterEntry& named = fleet.Add({"garage", "00M09A000000002", Transport::kCloud});
  CHECK(named.identity.name == "garage");
  PrinterEntry& again = fleet.Add({"other", "01P00A000000001", Transport::kCloud});
  CHECK(&again == &first);
  CHECK(again.identity.name == "01P00A000000001");
  CHECK(again.identity.transport == Transport::kLan);
  REQUIRE(fleet.printers().size() == 2);
  CHECK(fleet.printers()[0]->identity.serial == "01P00A000000001");
  CHECK(fleet.printers()[1]->identity.serial == "00M09A000000002");
}

TEST_CASE("Find and Remove by serial") {
  Fleet fleet;
  fleet.Add({"a", "SERIAL_A", Transport::kLan});
  fleet.Add({"b", "SERIAL_B", Transport::kLan});
  REQUIRE(fleet.Find("SERIAL_B") != nullptr);
  CHECK(fleet.Find("SERIAL_B")->identity.name == "b");
  CHECK(fleet.Find("SERIAL_C") == nullptr);
  fleet.Remove("SERIAL_A");
  CHECK(fleet.Find("SERIAL_A") == nullptr);
  REQUIRE(fleet.printers().size() == 1);
  CHECK(fleet.printers()[0]->identity.serial == "SERIAL_B");
  fleet.Remove("SERIAL_C");
  CHECK(fleet.printers().size() == 1);
}

TEST_CASE("CountError counts by reason") {
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"", "SERIAL_A", Transport::kLan});
  Fleet::CountError(printer, "wrong_topic");
  Fleet::CountError(printer, "wrong_topic");
  Fleet::CountError(printer, "invalid_json");
  CHECK(ErrorCount(printer, "wrong_topic") == 2);
  CHECK(ErrorCount(printer, "invalid_json") == 1);
  CHECK(printer.counters.report_errors.size() == 2);
  CHECK(printer.counters.messages_received == 0);
}

TEST_CASE("Ingest merges accepted reports, a rejected one is counted and changes nothing") {
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"", "SERIAL_A", Transport::kLan});
  CHECK(fleet.Ingest(printer,
                     R"({"print":{"bed_temper":12,"wifi_signal":"-68dBm",)"
                     R"("command":"push_status","msg":1,"sequence_id":"40942"}})",
                     test::At(1000.5)));
  CHECK(printer.counters.messages_received == 1);
  CHECK(printer.state.has_report);
  CHECK(printer.state.bed_temper == 12.0);
  CHECK(printer.state.wifi_signal_dbm == -68.0);
  CHECK(printer.last_report_unix == 1000.5);

  CHECK_FALSE(fleet.Ingest(printer, R"({"print":{"bed_temper":90,)", test::At(2000.0)));
  CHECK_FALSE(fleet.Ingest(printer, R"([{"print":{"bed_temper":90}}])", test::At(2001.0)));
  CHECK(printer.counters.messages_received == 3);
  CHECK(ErrorCount(printer, "invalid_json") == 1);
  CHECK(ErrorCount(printer, "not_an_object") == 1);
  CHECK(printer.state.bed_temper == 12.0);
  CHECK(printer.last_report_unix == 1000.5);

  CHECK(fleet.Ingest(printer, R"({"print":{"bed_temper":13,"msg":1}})", test::At(3000.0)));
  CHECK(printer.state.bed_temper == 13.0);
  CHECK(printer.state.wifi_signal_dbm == -68.0);
  CHECK(printer.last_report_unix == 3000.0);
  CHECK(printer.counters.report_errors.size() == 2);
}

TEST_CASE("Ingest rejects a payload over the size limit") {
  Fleet fleet(64);
  PrinterEntry& printer = fleet.Add({"", "SERIAL_A", Transport::kLan});
  const std::string big = R"({"print":{"gcode_state":")" + std::string(100, 'x') + R"("}})";
  CHECK_FALSE(fleet.Ingest(printer, big, test::At(10.0)));
  CHECK(ErrorCount(printer, "too_large") == 1);
  CHECK_FALSE(printer.state.has_report);
  CHECK_FALSE(printer.last_report_unix.has_value());
}

TEST_CASE("fixtures: P1S full report, then two deltas") {
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"", "P1S", Transport::kLan});
  REQUIRE(fleet.Ingest(printer, ReadFixture("rdiger36-spoolman_P1S-AMS_full.json"), test::At(1.0)));
  const PrinterState& state = printer.state;
  CHECK(state.bed_temper == 12.0);
  CHECK(state.nozzle_temper == 15.0625);
  CHECK(state.gcode_state == "FINISH");
  CHECK(state.tray_exist_bits == 0xFu);
  CHECK(state.tray_now == 255);
  REQUIRE(state.units.size() == 1);
  const std::map<int, TrayState> trays_before = state.units.at(0).trays;
  REQUIRE(trays_before.size() == 4);
  CHECK(trays_before.at(0).remain == 83);
  CHECK(trays_before.at(0).tray_color == "5E43B7FF");
  CHECK(trays_before.at(3).tray_color == "000000FF");
  CHECK(state.units.at(0).humidity_index == 5);

  REQUIRE(fleet.Ingest(printer, ReadFixture("rdiger36-spoolman_P1S_delta-1.json"), test::At(2.0)));
  CHECK(state.bed_temper == 11.96875);
  CHECK(state.wifi_signal_dbm == -67.0);
  REQUIRE(fleet.Ingest(printer, ReadFixture("rdiger36-spoolman_P1S_delta-2.json"), test::At(3.0)));
  CHECK(state.bed_temper == 12.0);
  CHECK(state.wifi_signal_dbm == -68.0);

  CHECK(state.nozzle_temper == 15.0625);
  CHECK(state.gcode_state == "FINISH");
  CHECK(state.tray_exist_bits == 0xFu);
  REQUIRE(state.units.size() == 1);
  const std::map<int, TrayState>& trays_after = state.units.at(0).trays;
  REQUIRE(trays_after.size() == 4);
  for (const auto& [id, before] : trays_before) {
    const TrayState& after = trays_after.at(id);
    CHECK(after.remain == before.remain);
    CHECK(after.tray_type == before.tray_type);
    CHECK(after.tray_color == before.tray_color);
    CHECK(after.tray_info_idx == before.tray_info_idx);
  }
  CHECK(trays_after.at(0).remain == 83);
  CHECK(printer.counters.messages_received == 3);
  CHECK(printer.counters.report_errors.empty());
}

TEST_CASE("fixtures: legacy vt_tray 254 becomes external 255") {
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"", "P1P", Transport::kLan});
  REQUIRE(fleet.Ingest(printer, ReadFixture("ha-bambulab_P1P-AMS_full.json"), test::At(1.0)));
  CHECK_FALSE(printer.state.has_vir_slot);
  REQUIRE(printer.state.external.size() == 1);
  CHECK(printer.state.external.at(255).tray_type == "PLA");
  CHECK(printer.state.external.at(255).tray_color == "161616FF");
}

TEST_CASE("fixtures: H2D vir_slot, then an extruder-state delta") {
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"", "H2D", Transport::kLan});
  REQUIRE(fleet.Ingest(printer, ReadFixture("ha-bambulab_H2D-AMS-AMSHT_full.json"), test::At(1.0)));
  const PrinterState& state = printer.state;
  CHECK(state.has_vir_slot);
  REQUIRE(state.external.size() == 2);
  CHECK(state.external.at(254).tray_color == "00000000");
  CHECK(state.external.at(255).tray_type == "");
  REQUIRE(state.units.size() == 2);
  CHECK(state.units.at(128).humidity_raw == 6.0);

  REQUIRE(fleet.Ingest(printer, ReadFixture("ha-bambulab_H2D_delta-extruder-state.json"),
                       test::At(2.0)));
  REQUIRE(state.extruders.size() == 2);
  CHECK(state.extruders.at(0).snow == 32768);
  CHECK(state.extruders.at(1).snow == 65279);
  CHECK(state.units.size() == 2);
  CHECK(state.units.at(0).trays.at(3).tray_type == "PETG");
}

struct ExpectedVersion {
  const char* model;
  const char* firmware;
  std::size_t ams_modules;
};

/// Every *_get_version.json fixture → model, firmware, AMS module count.
const std::map<std::string, ExpectedVersion>& VersionTable() {
  static const std::map<std::string, ExpectedVersion> table{
      {"ha-bambulab_A1-AMSlite_get_version.json", {"A1", "01.05.00.00", 1}},
      {"ha-bambulab_A2L-AMSlite_get_version.json", {"A2L", "01.01.00.00", 1}},
      {"ha-bambulab_H2C-AMS2Pro_get_version.json", {"H2C", "01.01.00.00", 1}},
      {"ha-bambulab_H2D-2xAMS-2xAMS2Pro-2xAMSHT-extspool_get_version.json",
       {"H2D", "01.01.02.08", 6}},
      {"ha-bambulab_H2D-2xAMS2Pro_get_version.json", {"H2D", "01.01.01.00", 2}},
      {"ha-bambulab_H2D-AMS-AMS2Pro-AMSHT-drying_get_version.json", {"H2D", "01.01.02.00", 3}},
      {"ha-bambulab_H2D-AMS-AMSHT_get_version.json", {"H2D", "01.01.02.07", 2}},
      {"ha-bambulab_H2DPro-AMS2Pro-AMSHT_get_version.json", {"H2D Pro", "01.01.00.00", 2}},
      {"ha-bambulab_H2S-AMS2Pro_get_version.json", {"H2S", "01.01.00.00", 1}},
      {"ha-bambulab_P1P-AMS_get_version.json", {"P1P", "01.07.00.00", 1}},
      {"ha-bambulab_P1P-noAMS_get_version.json", {"P1P", "01.08.02.00", 0}},
      {"ha-bambulab_P2S-AMS2Pro_get_version.json", {"P2S", "01.01.00.00", 1}},
      {"ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_get_version.json", {"X1C", "01.09.00.01", 4}},
      {"ha-bambulab_X1C-X1Plus-fw-misc_get_version.json", {"X1C", "99.00.00.00", 1}},
      {"ha-bambulab_X2D-AMS2Pro_get_version.json", {"X2D", "01.01.00.00", 1}},
      {"openbambuapi_X1C_get_version.json", {"X1C", "01.01.01.00", 0}},
  };
  return table;
}

TEST_CASE("fixtures: every get_version reply gives its model and firmware") {
  std::size_t seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(BAMBU_FIXTURE_DIR)) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with("_get_version.json")) continue;
    ++seen;
    CAPTURE(name);
    const auto it = VersionTable().find(name);
    REQUIRE_MESSAGE(it != VersionTable().end(), "no expected model for " << name);
    Fleet fleet;
    PrinterEntry& printer = fleet.Add({"", "S", Transport::kLan});
    REQUIRE(fleet.Ingest(printer, ReadFixture(name), test::At(1.0)));
    const VersionState& version = printer.state.version;
    CHECK(version.model == it->second.model);
    CHECK(version.firmware == it->second.firmware);
    CHECK(version.ams_modules.size() == it->second.ams_modules);
    CHECK_FALSE(printer.state.has_report);
  }
  CHECK(seen == VersionTable().size());
}

TEST_CASE("fixtures: AMS modules of an H2D with six units") {
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"", "H2D", Transport::kLan});
  REQUIRE(fleet.Ingest(
      printer, ReadFixture("ha-bambulab_H2D-2xAMS-2xAMS2Pro-2xAMSHT-extspool_get_version.json"),
      test::At(1.0)));
  const auto& modules = printer.state.version.ams_modules;
  REQUIRE(modules.size() == 6);
  CHECK(modules.at(0).prefix == "n3f");
  CHECK(modules.at(0).hw_ver == "N3F05");
  CHECK(modules.at(1).prefix == "ams");
  CHECK(modules.at(1).sw_ver == "00.01.06.62");
  CHECK(modules.at(3).prefix == "n3f");
  CHECK(modules.at(129).prefix == "n3s");
  CHECK(modules.at(129).hw_ver == "N3S05");
}

}  // namespace
}  // namespace bambu
