// The job fields of a report (protocol.md §7.2, §7.4, §7.5): print.mapping, plate_idx, the
// running file, print_error and fail_reason from real payloads, and the project_file echo's
// mapping arrays; the arrays decode into fixed lists (no allocation) and keep each slicer
// filament's place whatever an entry holds.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fixture_text.hpp"
#include "report/report_decoder.hpp"

namespace bambu {
namespace {

using test::ReadFixture;

std::vector<int> Values(const FilamentMapping& list) { return {list.begin(), list.end()}; }

}  // namespace

TEST_CASE("job fields: H2C FAILED report: mapping, plate, file, fail_reason") {
  ReportDecoder decoder;
  ReportUpdate update;
  REQUIRE_FALSE(decoder.Decode(ReadFixture("ha-bambulab_H2C-AMS2Pro_full.json"), update).rejected);
  REQUIRE(update.mapping.has_value());
  CHECK(Values(*update.mapping) == std::vector<int>{65535, 65535, 0, 1});
  CHECK_FALSE(update.mapping->overflow);
  CHECK(update.plate_idx == 1);
  CHECK(update.gcode_file == "/data/Metadata/plate_1.gcode");
  CHECK(update.file == "/data/Metadata/plate_1.gcode");
  CHECK(update.gcode_file_prepare_percent == 100);
  CHECK(update.print_error == 0);
  CHECK(update.fail_reason == 50348044);
  CHECK(update.mc_percent == 0);
  CHECK(update.command == "push_status");  // every status report names its command
}

TEST_CASE("job fields: H2D AMS HT and A2L idle mapping as sent") {
  ReportDecoder decoder;
  ReportUpdate update;
  REQUIRE_FALSE(
      decoder.Decode(ReadFixture("ha-bambulab_H2D-AMS-AMSHT_full.json"), update).rejected);
  CHECK(Values(*update.mapping) == std::vector<int>{32768});
  REQUIRE_FALSE(decoder.Decode(ReadFixture("ha-bambulab_A2L-AMSlite_full.json"), update).rejected);
  CHECK(Values(*update.mapping) == std::vector<int>(32, 65535));
  CHECK_FALSE(update.mapping->overflow);
  // P1P: no mapping, no plate_idx (protocol.md §7.2).
  REQUIRE_FALSE(decoder.Decode(ReadFixture("ha-bambulab_P1P-noAMS_full.json"), update).rejected);
  CHECK_FALSE(update.mapping.has_value());
  CHECK_FALSE(update.plate_idx.has_value());
}

TEST_CASE("job fields: the project_file echo") {
  ReportDecoder decoder;
  ReportUpdate update;
  const DecodeStatus status = decoder.Decode(
      R"({"print":{"command":"project_file","sequence_id":"20004","param":"Metadata/plate_3.gcode",)"
      R"("url":"file:///userdata/model/history/box.gcode.3mf","subtask_name":"box",)"
      R"("ams_mapping":[0,6,15,-1,-1],"ams_mapping2":[{"ams_id":0,"slot_id":0},)"
      R"({"ams_id":1,"slot_id":2},{"ams_id":3,"slot_id":3},{"ams_id":255,"slot_id":255},)"
      R"({"ams_id":255,"slot_id":0}],"mapping":[0,258,771,65535,65280],"result":"success"}})",
      update);
  REQUIRE_FALSE(status.rejected);
  CHECK(status.fields_ignored == 0);
  CHECK(update.command == "project_file");
  CHECK(update.param == "Metadata/plate_3.gcode");
  CHECK(update.url == "file:///userdata/model/history/box.gcode.3mf");
  CHECK(update.subtask_name == "box");
  CHECK(Values(*update.ams_mapping) == std::vector<int>{0, 6, 15, -1, -1});
  CHECK(Values(*update.mapping) == std::vector<int>{0, 258, 771, 65535, 65280});
  REQUIRE(update.ams_mapping2.has_value());
  const std::vector<AmsSlotRef> slots(update.ams_mapping2->begin(), update.ams_mapping2->end());
  CHECK(slots == std::vector<AmsSlotRef>{{0, 0}, {1, 2}, {3, 3}, {255, 255}, {255, 0}});
}

TEST_CASE("job fields: a bad entry keeps its filament place, a long array is capped") {
  ReportDecoder decoder;
  ReportUpdate update;
  DecodeStatus status =
      decoder.Decode(R"({"print":{"mapping":[1,"x",70000,2],"ams_mapping":[3,null],)"
                     R"("ams_mapping2":[{"ams_id":0},{"ams_id":1,"slot_id":1}]}})",
                     update);
  REQUIRE_FALSE(status.rejected);
  CHECK(status.fields_ignored == 4);
  CHECK(Values(*update.mapping) == std::vector<int>{1, 65535, 65535, 2});
  CHECK(Values(*update.ams_mapping) == std::vector<int>{3, -1});
  const std::vector<AmsSlotRef> slots(update.ams_mapping2->begin(), update.ams_mapping2->end());
  CHECK(slots == std::vector<AmsSlotRef>{{255, 255}, {1, 1}});

  std::string long_array = R"({"print":{"mapping":[)";
  for (int i = 0; i < 40; ++i) long_array += (i ? "," : "") + std::to_string(i);
  status = decoder.Decode(long_array + "]}}", update);
  REQUIRE_FALSE(status.rejected);
  CHECK(update.mapping->size() == kMaxMappedFilaments);
  CHECK(update.mapping->overflow);
  CHECK((*update.mapping)[31] == 31);
  // A string where the echo from Studio's own command sends "" stays out, counted.
  status = decoder.Decode(R"({"print":{"ams_mapping":""}})", update);
  CHECK_FALSE(update.ams_mapping.has_value());
  CHECK(status.fields_ignored == 1);
}

}  // namespace bambu
