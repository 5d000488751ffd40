// bambu_sim (the binary) against a real mosquitto: replies to pushall and
// get_version, P1S deltas, and the ams delta of every 10th tick.
#include <doctest/doctest.h>

#include <signal.h>

#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "broker_harness.hpp"
#include "io_test_util.hpp"

namespace bambu {
namespace {

namespace json = boost::json;
using test::BrokerHarness;

constexpr char kSerial[] = "01P00C3A0000099";
const std::string kReport = std::string("device/") + kSerial + "/report";
const std::string kRequest = std::string("device/") + kSerial + "/request";

std::vector<json::value> Reports(const test::Recorder& rec) {
  std::vector<json::value> out;
  for (const auto& [topic, payload] : rec.messages) {
    if (topic == kReport) out.push_back(json::parse(payload));
  }
  return out;
}

/// The first report for which `match` holds, or null.
json::value Find(const test::Recorder& rec, const std::function<bool(const json::value&)>& match) {
  for (auto& report : Reports(rec)) {
    if (match(report)) return report;
  }
  return nullptr;
}

bool IsFull(const json::value& r) {
  const auto* msg =
      r.as_object().contains("print") ? r.at("print").as_object().if_contains("msg") : nullptr;
  return msg && *msg == 0;
}
bool IsVersion(const json::value& r) { return r.as_object().contains("info"); }
bool HasAms(const json::value& r) {
  return r.as_object().contains("print") && r.at("print").as_object().contains("ams") && !IsFull(r);
}

}  // namespace

TEST_CASE("bambu_sim plays a P1S: full report on pushall, version, deltas") {
  BrokerHarness broker(kSerial);
  boost::asio::io_context io;
  test::Recorder rec;
  auto observer =
      test::RecordingSession(io, test::OptionsFor(broker, "sim-observer"), rec, kReport);
  observer->Start();
  REQUIRE(test::RunUntil(
      io, [&] { return rec.connected == 1; }, 10));
  pid_t sim = test::SpawnProcess(
      {std::string(BAMBU_BINARY_DIR) + "/bambu_sim", "--broker", broker.uri(), "--cafile",
       broker.ca_file(), "--username", broker.user(), "--password", broker.password(), "--printer",
       std::string("P1S:") + kSerial, "--interval-ms", "100", "--seed", "3"},
      broker.dir() + "/sim.log");

  REQUIRE(test::RunUntil(
      io, [&] { return !Find(rec, IsFull).is_null() && !Find(rec, IsVersion).is_null(); }, 15,
      [&] {
        broker.Publish(kRequest, R"({"pushing":{"sequence_id":"0","command":"pushall"}})");
        broker.Publish(kRequest, R"({"info":{"sequence_id":"0","command":"get_version"}})");
      }));
  REQUIRE(test::RunUntil(
      io, [&] { return !Find(rec, HasAms).is_null(); }, 15));
  CHECK(test::StopProcess(sim, SIGTERM, 10) == 0);
  observer->Stop();

  // Full report: the real P1S capture, with a running job.
  const json::value full = Find(rec, IsFull).at("print");
  CHECK(full.at("gcode_state") == "RUNNING");
  CHECK(full.at("ams").at("tray_now") == "0");
  CHECK(full.at("ams").at("ams").at(0).at("tray").at(1).at("remain") == 100);
  CHECK(full.at("ams").at("ams").at(0).at("tray").at(0).at("tray_type") == "PLA");
  CHECK(full.at("nozzle_target_temper") == 220.0);
  // Its job, as a printer names it: the first of the run, started now (Unix seconds).
  CHECK(full.at("subtask_name") == "Sim job 1");
  CHECK(full.at("task_id").as_string().size() == 9);
  CHECK(std::stoll(std::string(full.at("gcode_start_time").as_string())) > 1'700'000'000);

  // Version: the P1P board reply with the P1S project id.
  const json::array modules = Find(rec, IsVersion).at("info").at("module").as_array();
  CHECK(modules.at(1).at("name") == "esp32");
  CHECK(modules.at(1).at("project_name") == "C12");
  CHECK(modules.at(1).at("hw_ver") == "AP04");

  // Deltas: msg 1 with only the changed fields; every 10th one carries one AMS unit.
  for (const auto& report : Reports(rec)) {
    if (IsFull(report) || IsVersion(report)) continue;
    const auto& print = report.at("print").as_object();
    CHECK(print.at("msg") == 1);
    CHECK(print.contains("mc_percent"));
    CHECK_FALSE(print.contains("gcode_state"));
    CHECK(print.size() <= 9);  // 5 changed fields, ams, command, msg, sequence_id
  }
  const json::array ams_delta = Find(rec, HasAms).at("print").at("ams").at("ams").as_array();
  REQUIRE(ams_delta.size() == 1);
  CHECK(ams_delta.at(0).at("id") == "0");
  CHECK(ams_delta.at(0).at("tray").at(0).at("id") == "0");
  CHECK(ams_delta.at(0).at("tray").at(0).at("remain") == 82);  // 83 in the capture, 1 % used
}

}  // namespace bambu
