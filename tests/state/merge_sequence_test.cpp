// The merge rules of protocol.md §3.5 end to end: a real fixture, then small
// inline deltas, through decode → merge → collect; exact series before/after.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fixture_fleet.hpp"
#include "test_clock.hpp"

namespace bambu {
namespace {

using Lines = std::vector<std::string>;

Lines Series(const Fleet& fleet, std::string_view prefix) {
  return test::SeriesLines(fleet, prefix);
}

/// A printer with serial `serial` fed its fixture's get_version and full report.
PrinterEntry& FromFixture(Fleet& fleet, const std::string& serial, const std::string& stem) {
  PrinterEntry& printer = test::AddTestPrinter(fleet, serial);
  REQUIRE(test::IngestFixture(fleet, printer, stem + "_get_version.json"));
  REQUIRE(test::IngestFixture(fleet, printer, stem + "_full.json"));
  return printer;
}

void Apply(Fleet& fleet, PrinterEntry& printer, std::string_view payload) {
  REQUIRE(fleet.Ingest(printer, payload, test::At(test::kGoldenNow)));
}

}  // namespace

TEST_CASE("sequence: a metadata-only tray delta keeps type and colour") {
  Fleet fleet;
  PrinterEntry& printer = test::AddTestPrinter(fleet, "P1S");
  REQUIRE(test::IngestFixture(fleet, printer, "rdiger36-spoolman_P1S-AMS_full.json"));
  const Lines info_before = {
      R"(bambu_tray_info{ams="0",color="#0A2989",colors="#0A2989",filament_id="GFA00",filament_type="PLA",name="PLA Basic",printer="test",serial="P1S",slot="1",slot_name="A2",tray_uuid="",vendor="bambu"} 1)"};
  const auto info_slot1 = [&] {
    Lines out;
    for (const auto& line : Series(fleet, "bambu_tray_info{")) {
      if (line.find(R"(slot="1")") != std::string::npos &&
          line.find(R"(ams="0")") != std::string::npos)
        out.push_back(line);
    }
    return out;
  };
  CHECK(info_slot1() == info_before);
  const Lines before = Series(fleet, "bambu_tray_");

  Apply(fleet, printer,
        R"({"print":{"ams":{"ams":[{"id":"0","tray":[{"id":"1","state":11}]}]},)"
        R"("command":"push_status","msg":1,"sequence_id":"7"}})");
  CHECK(info_slot1() == info_before);
  CHECK(Series(fleet, "bambu_tray_") == before);
  CHECK(printer.state.units.at(0).trays.at(1).state == 11);
}

TEST_CASE("sequence: a unit delta without dry_time keeps the remaining drying time") {
  Fleet fleet;
  PrinterEntry& printer = FromFixture(fleet, "H2D", "ha-bambulab_H2D-AMS-AMS2Pro-AMSHT-drying");
  const std::string unit1 = R"({ams="1",printer="test",serial="H2D"})";
  CHECK(Series(fleet, "bambu_ams_drying_remaining_seconds" + unit1) ==
        Lines{"bambu_ams_drying_remaining_seconds" + unit1 + " 41520"});
  CHECK(Series(fleet, "bambu_ams_temperature_celsius" + unit1) ==
        Lines{"bambu_ams_temperature_celsius" + unit1 + " 55.9"});

  Apply(fleet, printer,
        R"({"print":{"ams":{"ams":[{"id":"1","temp":"45.5","humidity_raw":"14"}]},"msg":1}})");
  CHECK(Series(fleet, "bambu_ams_drying_remaining_seconds" + unit1) ==
        Lines{"bambu_ams_drying_remaining_seconds" + unit1 + " 41520"});
  CHECK(Series(fleet, "bambu_ams_drying" + unit1) == Lines{"bambu_ams_drying" + unit1 + " 1"});
  CHECK(Series(fleet, "bambu_ams_temperature_celsius" + unit1) ==
        Lines{"bambu_ams_temperature_celsius" + unit1 + " 45.5"});
  CHECK(Series(fleet, "bambu_ams_humidity_ratio" + unit1) ==
        Lines{"bambu_ams_humidity_ratio" + unit1 + " 0.14"});

  Apply(fleet, printer, R"({"print":{"ams":{"ams":[{"id":"1","dry_time":0}]},"msg":1}})");
  CHECK(Series(fleet, "bambu_ams_drying_remaining_seconds" + unit1) ==
        Lines{"bambu_ams_drying_remaining_seconds" + unit1 + " 0"});
}

TEST_CASE("sequence: msg 0 replaces the whole print state") {
  Fleet fleet;
  PrinterEntry& printer = FromFixture(fleet, "X1C", "ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT");
  CHECK(Series(fleet, "bambu_ams_info").size() == 4);
  CHECK(Series(fleet, "bambu_tray_present").size() == 14);  // 3 × 4 slots + HT + external

  Apply(fleet, printer,
        R"({"print":{"command":"push_status","msg":0,"bed_temper":21.5,)"
        R"("ams":{"ams_exist_bits":"1","tray_exist_bits":"1","ams":[{"id":"0","info":"1001",)"
        R"("humidity":"4","tray":[{"id":"0","tray_type":"PETG","tray_color":"FF0000FF"}]}]}}})");
  CHECK(
      Series(fleet, "bambu_ams_") ==
      Lines{
          R"(bambu_ams_humidity_level{ams="0",printer="test",serial="X1C"} 2)",
          R"(bambu_ams_info{ams="0",ams_name="AMS-1",extruder="0",hw_version="AMS08",model="ams",printer="test",serial="X1C",sw_version="00.01.06.62"} 1)"});
  CHECK(
      Series(fleet, "bambu_tray_") ==
      Lines{
          R"(bambu_tray_active{ams="0",extruder="0",printer="test",serial="X1C",slot="0"} 0)",
          R"(bambu_tray_info{ams="0",color="#FF0000",colors="",filament_id="",filament_type="PETG",name="",printer="test",serial="X1C",slot="0",slot_name="A1",tray_uuid="",vendor="other"} 1)",
          R"(bambu_tray_present{ams="0",printer="test",serial="X1C",slot="0"} 1)",
          R"(bambu_tray_present{ams="0",printer="test",serial="X1C",slot="1"} 0)",
          R"(bambu_tray_present{ams="0",printer="test",serial="X1C",slot="2"} 0)",
          R"(bambu_tray_present{ams="0",printer="test",serial="X1C",slot="3"} 0)"});
  CHECK(Series(fleet, "bambu_bed_temperature_celsius") ==
        Lines{R"(bambu_bed_temperature_celsius{printer="test",serial="X1C"} 21.5)"});
  CHECK(Series(fleet, "bambu_chamber_temperature_celsius").empty());
  CHECK(Series(fleet, "bambu_print_state").empty());
  CHECK(
      Series(fleet, "bambu_printer_info") ==
      Lines{
          R"(bambu_printer_info{firmware="01.09.00.01",model="X1C",name="test",printer="test",serial="X1C"} 1)"});
}

TEST_CASE("sequence: a unit missing from a later full report loses its series") {
  Fleet fleet;
  PrinterEntry& printer = FromFixture(fleet, "H2D", "ha-bambulab_H2D-AMS-AMSHT");
  CHECK(
      Series(fleet, "bambu_ams_info") ==
      Lines{
          R"(bambu_ams_info{ams="0",ams_name="AMS-1",extruder="1",hw_version="AMS08",model="ams",printer="test",serial="H2D",sw_version="00.01.06.62"} 1)",
          R"(bambu_ams_info{ams="128",ams_name="AMS HT-1",extruder="0",hw_version="N3S05",model="ams_ht",printer="test",serial="H2D",sw_version="02.00.19.67"} 1)"});
  // An H2D full report has no msg key: it merges, and ams_exist_bits drops HT 128.
  Apply(fleet, printer,
        R"({"print":{"command":"push_status","ams":{"ams_exist_bits":"1","tray_exist_bits":"f",)"
        R"("ams":[{"id":"0","info":"1101","humidity":"3"}]}}})");
  CHECK(
      Series(fleet, "bambu_ams_info") ==
      Lines{
          R"(bambu_ams_info{ams="0",ams_name="AMS-1",extruder="1",hw_version="AMS08",model="ams",printer="test",serial="H2D",sw_version="00.01.06.62"} 1)"});
  for (const auto& line : Series(fleet, "bambu_")) {
    CAPTURE(line);
    CHECK(line.find(R"(ams="128")") == std::string::npos);
  }
}

TEST_CASE("sequence: the power-off message changes nothing") {
  Fleet fleet;
  PrinterEntry& printer = test::AddTestPrinter(fleet, "P1S");
  REQUIRE(test::IngestFixture(fleet, printer, "rdiger36-spoolman_P1S-AMS_full.json"));
  const Lines before = Series(fleet, "bambu_tray_");
  CHECK(Series(fleet, "bambu_tray_present{ams=\"0\"") ==
        Lines{R"(bambu_tray_present{ams="0",printer="test",serial="P1S",slot="0"} 1)",
              R"(bambu_tray_present{ams="0",printer="test",serial="P1S",slot="1"} 1)",
              R"(bambu_tray_present{ams="0",printer="test",serial="P1S",slot="2"} 1)",
              R"(bambu_tray_present{ams="0",printer="test",serial="P1S",slot="3"} 1)"});
  Apply(fleet, printer,
        R"({"print":{"ams":{"tray_exist_bits":"0","power_on_flag":false},"msg":1}})");
  CHECK(Series(fleet, "bambu_tray_") == before);
  // tray_exist_bits "0" while powered on does empty the slots.
  Apply(fleet, printer,
        R"({"print":{"ams":{"tray_exist_bits":"0","power_on_flag":true},"msg":1}})");
  CHECK(Series(fleet, "bambu_tray_present{ams=\"0\"") ==
        Lines{R"(bambu_tray_present{ams="0",printer="test",serial="P1S",slot="0"} 0)",
              R"(bambu_tray_present{ams="0",printer="test",serial="P1S",slot="1"} 0)",
              R"(bambu_tray_present{ams="0",printer="test",serial="P1S",slot="2"} 0)",
              R"(bambu_tray_present{ams="0",printer="test",serial="P1S",slot="3"} 0)"});
}

TEST_CASE("sequence: an unknown new field is ignored without error") {
  Fleet fleet;
  PrinterEntry& printer = FromFixture(fleet, "P1P", "ha-bambulab_P1P-AMS");
  const std::string before = test::MetricsText(fleet);
  Apply(fleet, printer,
        R"({"print":{"msg":1,"hyperdrive":{"warp":[1,{"x":"y"}],"on":true},"new_flag":7,)"
        R"("ams":{"ams_future_bits":"ff","ams":[{"id":"0","sensor9":"12.5",)"
        R"("tray":[{"id":"0","spectro":{"l":50}}]}]}}})");
  CHECK(printer.counters.report_errors.empty());
  std::string after = test::MetricsText(fleet);
  const std::string messages =
      R"(bambu_mqtt_messages_received_total{printer="test",serial="P1P"} )";
  const auto at = after.find(messages + "3");
  REQUIRE(at != std::string::npos);
  after.replace(at, messages.size() + 1, messages + "2");  // the only difference
  CHECK(after == before);
}

}  // namespace bambu
