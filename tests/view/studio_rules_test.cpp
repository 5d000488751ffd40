// Bambu Studio's rules where the exporter follows it (protocol.md §5.12-§5.15), each on
// a real fixture or one with a single edit: what /metrics shows.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fixture_fleet.hpp"
#include "test_clock.hpp"

namespace bambu {
namespace {

using Lines = std::vector<std::string>;

constexpr const char* kDrying = "ha-bambulab_H2D-AMS-AMS2Pro-AMSHT-drying_full.json";

/// bambu_ams_drying of the AMS 2 Pro (unit 1) when its info dry-status nibble is `status`.
std::string DryingWithStatus(char status) {
  Fleet fleet;
  PrinterEntry& printer = test::AddTestPrinter(fleet, "H2D");
  const std::string info = std::string(R"("info": "11)") + status + "3\"";
  REQUIRE(fleet.Ingest(printer, test::EditedFixture(kDrying, {{R"("info": "1123")", info}}),
                       test::At(test::kGoldenNow)));
  const Lines lines = test::SeriesLines(fleet, "bambu_ams_drying{ams=\"1\"");
  REQUIRE(lines.size() == 1);
  return lines[0].substr(lines[0].rfind(' ') + 1);
}

}  // namespace

TEST_CASE("drying follows AmsIsDrying: checking, drying, error, cannot-stop, not cooling") {
  CHECK(DryingWithStatus('0') == "0");  // off
  CHECK(DryingWithStatus('1') == "1");  // checking
  CHECK(DryingWithStatus('2') == "1");  // drying (the fixture as captured)
  CHECK(DryingWithStatus('3') == "0");  // cooling
  CHECK(DryingWithStatus('4') == "0");  // stopping
  CHECK(DryingWithStatus('5') == "1");  // error
  CHECK(DryingWithStatus('6') == "1");  // cannot stop, heat out of control
  CHECK(DryingWithStatus('7') == "0");  // production test
}

TEST_CASE("chamber: device.ctc wins over chamber_temper, target from ctc bits 16-31") {
  Fleet fleet;
  PrinterEntry& printer = test::AddTestPrinter(fleet, "H2D");
  // chamber_temper 49, ctt 60, device.ctc.info.temp 3932208 = 60 << 16 | 48.
  REQUIRE(test::IngestFixture(fleet, printer, "ha-bambulab_H2D-AMS-AMSHT_full.json"));
  CHECK(test::SeriesLines(fleet, "bambu_chamber_") ==
        Lines{R"(bambu_chamber_target_temperature_celsius{printer="test",serial="H2D"} 60)",
              R"(bambu_chamber_temperature_celsius{printer="test",serial="H2D"} 48)"});
}

TEST_CASE("a Bambu spool's colour 00000000 is transparent, an unset one stays empty") {
  Fleet fleet;
  PrinterEntry& printer = test::AddTestPrinter(fleet, "H2D");
  // AMS 1 slot 0 holds a Bambu PLA (tag_uid 64AFAB0000000100); black becomes clear.
  const std::string report = test::EditedFixture(
      "ha-bambulab_H2D-2xAMS2Pro_full.json",
      {{"\"tag_uid\": \"64AFAB0000000100\",\n              \"total_len\": 330000,\n"
        "              \"tray_color\": \"000000FF\"",
        "\"tag_uid\": \"64AFAB0000000100\",\n              \"total_len\": 330000,\n"
        "              \"tray_color\": \"00000000\""}});
  REQUIRE(fleet.Ingest(printer, report, test::At(test::kGoldenNow)));
  const Lines info = test::SeriesLines(fleet, "bambu_tray_info{ams=\"1\"");
  REQUIRE(info.size() == 4);
  CHECK(info[0].find(R"(color="transparent")") != std::string::npos);
  CHECK(info[0].find(R"(slot_name="B1")") != std::string::npos);
  // The external spools send "00000000" with no tag and no type: not loaded, no info series.
  CHECK(test::SeriesLines(fleet, "bambu_tray_info{ams=\"25").empty());
}

TEST_CASE("k sent as a 32-bit float is written at float precision") {
  Fleet fleet;
  PrinterEntry& printer = test::AddTestPrinter(fleet, "P1P");
  REQUIRE(test::IngestFixture(fleet, printer, "ha-bambulab_P1P-AMS_full.json"));  // 0.0199999995…
  const Lines k = test::SeriesLines(fleet, "bambu_tray_pressure_advance{ams=\"0\"");
  REQUIRE(k.size() == 4);
  CHECK(k[0] ==
        R"(bambu_tray_pressure_advance{ams="0",printer="test",serial="P1P",slot="0"} 0.02)");
}

}  // namespace bambu
