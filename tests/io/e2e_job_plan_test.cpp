// End to end: a print job's plan read over FTPS and counted. Real mosquitto (the printer's
// MQTT), real vsftpd (its storage: implicit TLS, session reuse required, user bblp with the
// access code), the bambu_exporter binary. A real H2D report made idle, the job's reports as
// the printer sends them, the 3MF in /cache/ as Bambu Studio lays it out; at FINISH,
// bambu_filament_used_grams_total adds the plan's grams per material and colour.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <string_view>

#include "broker_harness.hpp"
#include "exporter_process.hpp"
#include "ftps_harness.hpp"
#include "plan_archive.hpp"

namespace bambu {
namespace {

using test::ReportTopic;

constexpr char kSerial[] = "01P00A000000001";
constexpr std::string_view kStem = "ha-bambulab_H2D-AMS-AMSHT";

/// Plate 1 of a four-filament project, filament 3 unused (docs/protocol.md §7.3).
constexpr std::string_view kPlate1 = R"(<?xml version="1.0" encoding="UTF-8"?>
<config>
  <header><header_item key="X-BBL-Client-Type" value="slicer"/></header>
  <plate>
    <metadata key="index" value="1"/>
    <metadata key="printer_model_id" value="O1D"/>
    <metadata key="prediction" value="5025"/>
    <metadata key="weight" value="61.37"/>
    <metadata key="filament_maps" value="1 2 1 1"/>
    <object identify_id="178" name="Number 10.stl" skipped="false" />
    <filament id="1" tray_info_idx="GFL99" type="PLA" color="#000000" used_m="14.03" used_g="41.85" group_id="0" />
    <filament id="2" tray_info_idx="GFN08" type="PA-GF" color="#000000" used_m="4.61" used_g="14.66" group_id="1" />
    <filament id="4" tray_info_idx="GFL99" type="PETG" color="#FF0000" used_m="1.57" used_g="4.86" group_id="0" />
  </plate>
</config>
)";

std::string Replaced(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "no " << from);
  text.replace(at, from.size(), to);
  return text;
}

std::string Print(std::string_view body) {
  return R"({"print":{)" + std::string(body) + R"(,"msg":1}})";
}

std::string ThirdParty(std::string_view unit_slot, std::string_view type, std::string_view rgba) {
  return std::string(unit_slot) + R"("tag_uid":"0000000000000000","tray_type":")" +
         std::string(type) + R"(","tray_info_idx":"GFL99","tray_color":")" + std::string(rgba) +
         R"(","tray_weight":"0","remain":-1,"tray_uuid":"00000000000000000000000000000000")";
}

TEST_CASE("e2e job plan: a finished H2D job adds its plan's grams, read over FTPS") {
  test::BrokerHarness broker(kSerial);
  test::FtpsServerHarness ftps({.serial = kSerial, .access_code = broker.password()});
  const std::string archive = test::PlanArchive(kPlate1, 1'500'000);
  ftps.PutFile("/cache/Number 10 House Numbers_plate_1.gcode.3mf", archive);
  // One trust store for both: the printer's MQTT and FTPS certificates chain to it.
  const std::string bundle = broker.dir() + "/bundle.pem";
  test::WriteFile(bundle, test::ReadFile(broker.ca_file()) + test::ReadFile(ftps.ca_file()));
  const std::string printer =
      "  - name: h2d\n    serial: \"" + std::string(kSerial) +
      "\"\n    host: 127.0.0.1\n    port: " + std::to_string(broker.port()) +
      "\n    access_code: \"" + broker.password() +
      "\"\n    ftps_port: " + std::to_string(ftps.port()) + "\n    tls:\n      ca_file: " + bundle +
      "\n";
  test::ExporterProcess exporter(broker.dir(), printer);
  const std::string topic = ReportTopic(kSerial);

  const std::string version = test::Fixture(std::string(kStem) + "_get_version.json");
  std::string full = test::ReadFile(test::Fixture(std::string(kStem) + "_full.json"));
  full = Replaced(full, R"("gcode_state": "RUNNING")", R"("gcode_state": "IDLE")");
  full = Replaced(full, "\"mapping\": [\n      32768\n    ]", "\"mapping\": []");
  test::PollMetrics(
      exporter.port(),
      [](const std::string& text) {
        return test::Sample(text, "bambu_tray_remaining_ratio", {{"printer", "h2d"}}).has_value();
      },
      30,
      [&] {
        broker.PublishFile(topic, version);
        broker.Publish(topic, full);
      });
  // A2 a third-party black PLA, the right external spool a third-party red PETG.
  REQUIRE(broker.Publish(topic, Print(R"("ams":{"ams":[{"id":"0","tray":[{)" +
                                      ThirdParty(R"("id":"1",)", "PLA", "000000FF") + "}]}]}")));
  REQUIRE(broker.Publish(
      topic, Print(R"("vir_slot":[{)" + ThirdParty(R"("id":"255",)", "PETG", "FF0000FF") + "}]")));
  // The job: Studio's project_file echo, PREPARE, RUNNING with the tray mapping.
  REQUIRE(broker.Publish(
      topic,
      Print(R"("command":"project_file","param":"Metadata/plate_1.gcode",)"
            R"("url":"ftp:///cache/Number 10 House Numbers_plate_1.gcode.3mf",)"
            R"("subtask_name":"Number 10 House Numbers_plate_1","ams_mapping":[1,128,-1,-1],)"
            R"("ams_mapping2":[{"ams_id":0,"slot_id":1},{"ams_id":128,"slot_id":0},)"
            R"({"ams_id":255,"slot_id":255},{"ams_id":255,"slot_id":0}],"result":"success")")));
  REQUIRE(broker.Publish(topic, Print(R"("gcode_state":"PREPARE","mc_percent":0)")));
  REQUIRE(broker.Publish(
      topic, Print(R"("gcode_state":"RUNNING","mapping":[1,32768,65535,65280],"mc_percent":1)")));

  // The exporter reads the plan within a few of its 1 s polls.
  REQUIRE_MESSAGE(
      test::WaitFor([&] { return exporter.Log().find("print job plan read") != std::string::npos; },
                    30),
      exporter.Log());
  const std::string log = exporter.Log();
  CHECK(log.find("Number 10 House Numbers_plate_1.gcode.3mf") != std::string::npos);
  // The zip's tail and one block of the 1.5 MB archive, never the whole file.
  CHECK(log.find("bytes=131114") != std::string::npos);

  REQUIRE(broker.Publish(topic, Print(R"("gcode_state":"FINISH","mc_percent":100)")));
  auto used = [](const std::string& text, const char* type, const char* color) {
    return test::Sample(text, "bambu_filament_used_grams_total",
                        {{"printer", "h2d"}, {"filament_type", type}, {"color", color}});
  };
  const std::string text = test::PollMetrics(
      exporter.port(),
      [&](const std::string& t) {
        const auto petg = used(t, "PETG", "#FF0000");
        return petg && *petg > 0;
      },
      30);
  const auto pla = used(text, "PLA", "#000000");
  const auto pagf = used(text, "PA-GF", "#000000");
  const auto petg = used(text, "PETG", "#FF0000");
  REQUIRE(pla);
  REQUIRE(pagf);
  REQUIRE(petg);
  CHECK(std::abs(*pla - 41.85) < 0.005);   // third-party, AMS 0 slot 2
  CHECK(std::abs(*pagf - 14.66) < 0.005);  // RFID on AMS HT 128
  CHECK(std::abs(*petg - 4.86) < 0.005);   // third-party, external spool
}

}  // namespace
}  // namespace bambu
