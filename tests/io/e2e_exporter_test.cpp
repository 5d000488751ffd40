// End to end: mosquitto (playing the printers' brokers) → bambu_exporter → GET /metrics,
// with real fixture payloads and with bambu_sim. Every wait is a bounded poll.
#include <doctest/doctest.h>

#include <signal.h>

#include <optional>
#include <sstream>
#include <string>

#include <boost/json/parse.hpp>

#include "broker_harness.hpp"
#include "exporter_process.hpp"

namespace bambu {
namespace {

using test::Binary;
using test::BrokerHarness;
using test::CountSamples;
using test::Fixture;
using test::Labels;
using test::PollMetrics;
using test::PrinterYaml;
using test::PromtoolAccepts;
using test::ReportTopic;
using test::Sample;

constexpr char kX1cSerial[] = "00M00A2B0000001";
constexpr char kP1sSerial[] = "01P00C3A0000002";

/// bambu_exporter as a child process, configured for two printers on `broker`.
test::ExporterProcess StartExporter(const BrokerHarness& broker, const std::string& x1c_serial,
                                    const std::string& p1s_serial) {
  return test::ExporterProcess(broker.dir(), PrinterYaml("x1c", x1c_serial, broker) +
                                                 PrinterYaml("p1s", p1s_serial, broker));
}

}  // namespace

TEST_CASE("bambu_exporter serves fixture reports received over MQTT") {
  BrokerHarness broker;
  test::ExporterProcess exporter = StartExporter(broker, kX1cSerial, kP1sSerial);
  const std::string x1c_full = Fixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json");
  const std::string p1s_full = Fixture("rdiger36-spoolman_P1S-AMS_full.json");
  const Labels p1s = {{"printer", "p1s"}, {"serial", kP1sSerial}};
  const Labels x1c = {{"printer", "x1c"}, {"serial", kX1cSerial}};

  // Full reports, repeated until the exporter (subscribed after its connect) has them.
  std::string text = PollMetrics(
      exporter.port(),
      [&](const std::string& t) {
        return Sample(t, "bambu_tray_remaining_ratio", {{"printer", "p1s"}, {"ams", "0"}}) &&
               Sample(t, "bambu_tray_remaining_ratio", {{"printer", "x1c"}, {"ams", "0"}});
      },
      30,
      [&] {
        broker.PublishFile(ReportTopic(kX1cSerial), x1c_full);
        broker.PublishFile(ReportTopic(kP1sSerial), p1s_full);
      });
  REQUIRE(Sample(text, "bambu_tray_remaining_ratio", {{"printer", "p1s"}, {"ams", "0"}}));

  // P1S deltas in order: bed_temper 11.96875, then 12.
  text = PollMetrics(
      exporter.port(),
      [&](const std::string& t) {
        return Sample(t, "bambu_bed_temperature_celsius", p1s) == 11.96875;
      },
      15,
      [&] {
        broker.PublishFile(ReportTopic(kP1sSerial), Fixture("rdiger36-spoolman_P1S_delta-1.json"));
      });
  CHECK(Sample(text, "bambu_bed_temperature_celsius", p1s) == 11.96875);
  text = PollMetrics(
      exporter.port(),
      [&](const std::string& t) { return Sample(t, "bambu_bed_temperature_celsius", p1s) == 12; },
      15,
      [&] {
        broker.PublishFile(ReportTopic(kP1sSerial), Fixture("rdiger36-spoolman_P1S_delta-2.json"));
      });

  CHECK(Sample(text, "bambu_up",
               {{"printer", "p1s"}, {"serial", kP1sSerial}, {"transport", "lan"}}) == 1);
  CHECK(Sample(text, "bambu_up",
               {{"printer", "x1c"}, {"serial", kX1cSerial}, {"transport", "lan"}}) == 1);
  CHECK(Sample(text, "bambu_bed_temperature_celsius", p1s) == 12);
  CHECK(Sample(text, "bambu_wifi_signal_dbm", p1s) == -68);
  CHECK(Sample(text, "bambu_nozzle_temperature_celsius", p1s) == 15.0625);  // from the full report
  // P1S AMS 0 slot 0: remain 83 on a Bambu spool; unit humidity 5 → level 1.
  CHECK(Sample(text, "bambu_tray_remaining_ratio",
               {{"printer", "p1s"}, {"ams", "0"}, {"slot", "0"}}) == 0.83);
  CHECK(Sample(text, "bambu_tray_remaining_ratio",
               {{"printer", "p1s"}, {"ams", "0"}, {"slot", "1"}}) == 1.0);
  CHECK(Sample(text, "bambu_ams_humidity_level", {{"printer", "p1s"}, {"ams", "0"}}) == 1);
  // X1C: AMS 0 slot 3 remain 83, AMS 1 slot 0 remain 21; AMS 2 Pro humidity 4 → level 2.
  CHECK(Sample(text, "bambu_tray_remaining_ratio",
               {{"printer", "x1c"}, {"ams", "0"}, {"slot", "3"}}) == 0.83);
  CHECK(Sample(text, "bambu_tray_remaining_ratio",
               {{"printer", "x1c"}, {"ams", "1"}, {"slot", "0"}}) == 0.21);
  CHECK(Sample(text, "bambu_ams_humidity_level", {{"printer", "x1c"}, {"ams", "2"}}) == 2);
  CHECK(Sample(text, "bambu_ams_humidity_level", {{"printer", "x1c"}, {"ams", "0"}}) == 1);
  CHECK(Sample(text, "bambu_nozzle_temperature_celsius", x1c) == 26);
  CHECK(CountSamples(text, "bambu_ams_info", "x1c") == 4);
  CHECK(CountSamples(text, "bambu_ams_info", "p1s") == 1);
  CHECK(Sample(text, "bambu_mqtt_messages_received_total", p1s) >= 3);
  // The exporter's own process, from its /proc/self: two TLS sessions and a listener are open.
  CHECK(Sample(text, "process_open_fds", {}) >= 5);
  CHECK(Sample(text, "process_resident_memory_bytes", {}) > 1024 * 1024);
  CHECK(Sample(text, "process_max_fds", {}) >= Sample(text, "process_open_fds", {}));
  CHECK(Sample(text, "process_start_time_seconds", {}) > 1.7e9);
  CHECK(Sample(text, "bambu_exporter_http_tls_handshake_failures_total", {}) == 0);

  CHECK(PromtoolAccepts(broker.dir(), text));
  CHECK(exporter.Terminate() == 0);
}

TEST_CASE("bambu_exporter follows two printers played by bambu_sim") {
  BrokerHarness broker;
  const std::string x1c_serial = "00M00A2B0000011";
  const std::string p1s_serial = "01P00C3A0000012";
  test::ExporterProcess exporter = StartExporter(broker, x1c_serial, p1s_serial);
  pid_t sim = test::SpawnProcess(
      {Binary("bambu_sim"), "--broker", broker.uri(), "--cafile", broker.ca_file(), "--username",
       broker.user(), "--password", broker.password(), "--printer", "X1C:" + x1c_serial,
       "--printer", "P1S:" + p1s_serial, "--interval-ms", "200", "--seed", "7"},
      broker.dir() + "/sim.log");

  std::string text = PollMetrics(
      exporter.port(),
      [](const std::string& t) {
        return CountSamples(t, "bambu_ams_info", "x1c") > 0 &&
               CountSamples(t, "bambu_ams_info", "p1s") > 0;
      },
      30);
  CHECK(CountSamples(text, "bambu_ams_info", "x1c") == 4);  // AMS 0, 1, AMS 2 Pro 2, AMS HT 128
  CHECK(CountSamples(text, "bambu_ams_info", "p1s") == 1);
  CHECK(Sample(text, "bambu_up", {{"printer", "p1s"}, {"transport", "lan"}}) == 1);
  // The simulated job is running on both.
  CHECK(Sample(text, "bambu_print_state", {{"printer", "p1s"}, {"state", "RUNNING"}}) == 1);
  CHECK(Sample(text, "bambu_print_state", {{"printer", "x1c"}, {"state", "RUNNING"}}) == 1);
  CHECK(PromtoolAccepts(broker.dir(), text));

  CHECK(test::StopProcess(sim, SIGTERM, 10) == 0);
  CHECK(exporter.Terminate() == 0);
}

TEST_CASE(
    "bambu_exporter --web.telemetry-path serves metrics there and --log.format=json logs JSON") {
  BrokerHarness broker;
  test::ExporterProcess exporter(
      broker.dir() + "/exporter.yaml", broker.dir() + "/exporter.log",
      [&](int port) {
        return "listen_address: \"127.0.0.1:" + std::to_string(port) + "\"\nprinters:\n" +
               PrinterYaml("p1s", kP1sSerial, broker);
      },
      true, {"--web.telemetry-path=/bambu/metrics", "--log.format=json"});
  const Labels p1s = {{"printer", "p1s"}, {"serial", kP1sSerial}};
  std::optional<std::string> text;
  test::WaitFor(
      [&] {
        broker.PublishFile(ReportTopic(kP1sSerial), Fixture("rdiger36-spoolman_P1S-AMS_full.json"));
        text = test::HttpGet(exporter.port(), "/bambu/metrics");
        return text && Sample(*text, "bambu_up", p1s) == 1;
      },
      30);
  REQUIRE(text.has_value());
  CHECK(Sample(*text, "bambu_up", p1s) == 1);
  CHECK(test::HttpRequest(exporter.port(), "GET", "/metrics").status == 404);
  const std::optional<std::string> landing = test::HttpGet(exporter.port(), "/");
  REQUIRE(landing.has_value());
  CHECK(landing->find("href=\"/bambu/metrics\"") != std::string::npos);
  CHECK(exporter.Terminate() == 0);

  // Every line of the log is one JSON object with string ts, level and msg.
  std::istringstream lines(exporter.Log());
  std::string line;
  int parsed = 0;
  bool listening = false;
  const std::string address = "127.0.0.1:" + std::to_string(exporter.port());
  while (std::getline(lines, line)) {
    CAPTURE(line);
    boost::system::error_code ec;
    const boost::json::value value = boost::json::parse(line, ec);
    REQUIRE_FALSE(ec);
    const boost::json::object& entry = value.as_object();
    CHECK(entry.at("ts").is_string());
    CHECK(entry.at("level").is_string());
    REQUIRE(entry.at("msg").is_string());
    if (entry.at("msg") == "listening" && entry.contains("address")) {
      listening = entry.at("address").as_string() == address;
    }
    ++parsed;
  }
  CHECK(parsed >= 3);  // starting, listening, ..., stopped
  CHECK(listening);
}

}  // namespace bambu
