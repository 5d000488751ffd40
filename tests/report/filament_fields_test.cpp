// The fields the filament work reads (protocol.md §5.11, §5.15, §5.17-§5.19), decoded from real
// reports: spool identity, drying settings, chamber target, nozzles, the print job.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "report/report_decoder.hpp"

namespace bambu {
namespace {

ReportUpdate Decode(const std::string& fixture) {
  std::ifstream in(std::string(BAMBU_FIXTURE_DIR) + "/" + fixture, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing fixture " << fixture);
  std::ostringstream text;
  text << in.rdbuf();
  ReportDecoder decoder;
  ReportUpdate update;
  const DecodeStatus status = decoder.Decode(text.str(), update);
  REQUIRE_FALSE(status.rejected.has_value());
  return update;
}

}  // namespace

TEST_CASE("H2D: tray_uuid, drying settings, ctt, both nozzle forms, the job") {
  const ReportUpdate u = Decode("ha-bambulab_H2D-AMS-AMSHT_full.json");
  const TrayUpdate& ht = u.ams.units.at(1).trays.at(0);  // AMS HT 128
  CHECK(ht.tray_uuid == "EED2E539AAC54C6BAD2559AA9C822F09");
  CHECK(ht.drying_temp_c == 80.0);
  CHECK(ht.drying_time_h == 12.0);
  CHECK_FALSE(ht.tray_temp_c.has_value());
  CHECK(u.ctt == 60.0);
  CHECK(u.ctc_temp == 3932208u);
  CHECK(u.nozzle_type == "stainless_steel");
  CHECK(u.nozzle_diameter_mm == 0.4);
  REQUIRE(u.has_nozzles);
  REQUIRE(u.nozzles.size() == 2);
  CHECK(u.nozzles[0].id == 0);
  CHECK(u.nozzles[0].type == "HS01");
  CHECK(u.nozzles[0].diameter_mm == 0.4);
  CHECK(u.nozzles[1].type == "HH01");
  CHECK(u.subtask_name == "Number 10 House Numbers_plate_1");
  CHECK(u.task_id == "690732215");
  CHECK(u.subtask_id == "690732217");
  CHECK_FALSE(u.gcode_start_time.has_value());
}

TEST_CASE("P1S: tray_temp and tray_time, the older names of the drying settings") {
  const ReportUpdate u = Decode("rdiger36-spoolman_P1S-AMS_full.json");
  const TrayUpdate& tray = u.ams.units.at(0).trays.at(0);
  CHECK(tray.tray_temp_c == 55.0);
  CHECK(tray.tray_time_h == 8.0);
  CHECK_FALSE(tray.drying_temp_c.has_value());
  CHECK_FALSE(u.has_nozzles);
  CHECK(u.nozzle_type == "hardened_steel");
}

TEST_CASE("X1C sample: gcode_start_time, and no job") {
  const ReportUpdate u = Decode("openbambuapi_X1C_full.json");
  CHECK(u.gcode_start_time == 0.0);
  CHECK(u.subtask_name == "");
  CHECK(u.task_id == "");
}

TEST_CASE("H2C: rack nozzles keep their ids (0x10 and up)") {
  const ReportUpdate u = Decode("ha-bambulab_H2C-AMS2Pro_full.json");
  REQUIRE(u.has_nozzles);
  REQUIRE(u.nozzles.size() >= 3);
  CHECK(u.nozzles[0].id == 0);
  CHECK(u.nozzles[2].id == 16);
  CHECK(u.nozzles[2].diameter_mm == 0.2);
}

TEST_CASE("X1Plus: a device.nozzle without an info array leaves the nozzles alone") {
  const ReportUpdate u = Decode("ha-bambulab_X1C-X1Plus-fw-misc_full.json");
  CHECK_FALSE(u.has_nozzles);
  CHECK(u.nozzles.empty());
}

}  // namespace bambu
