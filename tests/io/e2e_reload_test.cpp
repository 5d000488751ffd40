// End to end: config reload of a running bambu_exporter (POST /-/reload and SIGHUP) with
// mosquitto playing the printers. Unchanged printers keep session and state; removed ones
// lose their series; added ones start; a bad config is rejected and the old one keeps running.
#include <doctest/doctest.h>

#include <signal.h>

#include <string>

#include "broker_harness.hpp"
#include "exporter_process.hpp"

namespace bambu {
namespace {

using test::ExporterProcess;
using test::Fixture;
using test::PrinterYaml;
using test::ReportTopic;
using test::Sample;

constexpr char kSerialA[] = "01P00C3A0000031";
constexpr char kSerialB[] = "00M00A2B0000032";
constexpr char kSerialC[] = "01P00C3A0000033";
const char* const kP1sFull = "rdiger36-spoolman_P1S-AMS_full.json";
const char* const kX1cFull = "ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json";

/// P1S AMS 0 slot 0 remain ratio: 0.83 in the P1S full report.
std::optional<double> Slot0(const std::string& text, const std::string& printer) {
  return Sample(text, "bambu_tray_remaining_ratio",
                {{"printer", printer}, {"ams", "0"}, {"slot", "0"}});
}

std::optional<double> Messages(const std::string& text, const std::string& printer) {
  return Sample(text, "bambu_mqtt_messages_received_total", {{"printer", printer}});
}

std::optional<double> Reconnects(const std::string& text, const std::string& printer) {
  return Sample(text, "bambu_mqtt_reconnects_total", {{"printer", printer}});
}

}  // namespace

TEST_CASE("bambu_exporter reloads its config on POST /-/reload and SIGHUP") {
  test::BrokerHarness broker;
  ExporterProcess exporter(broker.dir(),
                           PrinterYaml("a", kSerialA, broker) + PrinterYaml("b", kSerialB, broker));
  const int port = exporter.port();

  std::string text = test::PollMetrics(
      port, [](const std::string& t) { return Slot0(t, "a") && Slot0(t, "b"); }, 30,
      [&] {
        broker.PublishFile(ReportTopic(kSerialA), Fixture(kP1sFull));
        broker.PublishFile(ReportTopic(kSerialB), Fixture(kX1cFull));
      });
  REQUIRE(Slot0(text, "a") == 0.83);
  REQUIRE(Slot0(text, "b").has_value());
  CHECK(Reconnects(text, "a") == 0);
  const double messages_a = Messages(text, "a").value_or(0);
  CHECK(messages_a >= 1);
  CHECK(test::HttpRequest(port, "GET", "/-/reload").status == 405);

  // B removed, C added, A unchanged.
  exporter.WriteConfig(PrinterYaml("a", kSerialA, broker) + PrinterYaml("c", kSerialC, broker));
  const test::HttpResult reloaded = test::HttpRequest(port, "POST", "/-/reload");
  CHECK(reloaded.status == 200);
  CHECK(reloaded.body == "reloaded\n");

  text = test::HttpRequest(port, "GET", "/metrics").body;
  CHECK(Slot0(text, "a") == 0.83);  // state kept without a new report
  CHECK(Messages(text, "a") == messages_a);
  CHECK(test::CountPrinterSamples(text, "b") == 0);
  CHECK(Sample(text, "bambu_up", {{"printer", "c"}, {"serial", kSerialC}}) == 0);

  text = test::PollMetrics(
      port, [&](const std::string& t) { return Slot0(t, "c") && Messages(t, "a") > messages_a; },
      30,
      [&] {
        broker.PublishFile(ReportTopic(kSerialA), Fixture(kP1sFull));
        broker.PublishFile(ReportTopic(kSerialC), Fixture(kP1sFull));
      });
  CHECK(Slot0(text, "c") == 0.83);
  CHECK(Messages(text, "a") > messages_a);  // counters kept counting
  CHECK(Reconnects(text, "a") == 0);        // the session was never replaced
  CHECK(Sample(text, "bambu_up", {{"printer", "a"}, {"serial", kSerialA}}) == 1);
  CHECK(test::CountPrinterSamples(text, "b") == 0);

  // A bad config on SIGHUP: rejected with file and key, the running config keeps serving.
  exporter.WriteConfig(PrinterYaml("a", kSerialA, broker) +
                       "  - serial: \"01P00C3A0000034\"\n    host: 127.0.0.1\n    port: eighty\n");
  REQUIRE(exporter.Signal(SIGHUP));
  CHECK(test::WaitFor(
      [&] { return exporter.Log().find("config reload rejected") != std::string::npos; }, 10));
  const std::string log = exporter.Log();
  CHECK(log.find("exporter.yaml: printers[1].port: must be a port number") != std::string::npos);
  CHECK(log.find(broker.password()) == std::string::npos);  // the access code never logged

  const test::HttpResult rejected = test::HttpRequest(port, "POST", "/-/reload");
  CHECK(rejected.status == 500);
  CHECK(rejected.body.find("printers[1].port") != std::string::npos);
  text = test::HttpRequest(port, "GET", "/metrics").body;
  CHECK(Slot0(text, "a") == 0.83);
  CHECK(Slot0(text, "c") == 0.83);
  CHECK(Reconnects(text, "a") == 0);

  // A renamed: its session restarts (a reconnect), its state stays (same serial).
  exporter.WriteConfig(PrinterYaml("a2", kSerialA, broker) + PrinterYaml("c", kSerialC, broker));
  CHECK(test::HttpRequest(port, "POST", "/-/reload").status == 200);
  text = test::PollMetrics(
      port, [](const std::string& t) { return Reconnects(t, "a2") == 1; }, 30);
  CHECK(Reconnects(text, "a2") == 1);
  CHECK(Slot0(text, "a2") == 0.83);
  CHECK(Messages(text, "a2") > messages_a);
  CHECK(test::CountPrinterSamples(text, "a") == 0);

  CHECK(exporter.Terminate() == 0);
}

}  // namespace bambu
