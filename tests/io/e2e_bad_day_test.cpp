// End to end, an operator's bad day against real mosquitto brokers playing four printers, all at
// once (docs/security.md, "MQTT sessions"):
// - "refused": a wrong access code; every refused attempt is counted (bad_credentials),
// - "typo": a mistyped serial; a warning naming printer and serial, state no_reports,
// - "frozen": a printer that stops answering without closing the connection (SIGSTOP on its
//   broker); the default keepalive takes bambu_up to 0 within a minute, as one disconnect,
// - "shared": an idle printer that a second exporter process watches too; with per-instance
//   client ids both stay up and neither is kicked off.
// Bounds ("within a minute") are timeouts, never measured speeds.
#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "broker_harness.hpp"
#include "exporter_process.hpp"

namespace bambu {
namespace {

using test::BrokerHarness;
using test::Sample;
using Clock = std::chrono::steady_clock;

constexpr char kRefusedSerial[] = "01P00A000000061";
constexpr char kTypoSerial[] = "01P00A000000062";      // what the printer reports under
constexpr char kTypoConfigured[] = "01P00A000000026";  // what the config says
constexpr char kFrozenSerial[] = "00M00A000000063";
constexpr char kSharedSerial[] = "03919A000000064";
constexpr int kRounds = 45;  // seconds of once-a-second scrapes

std::string PrinterYaml(const std::string& name, const std::string& serial,
                        const BrokerHarness& broker, const std::string& access_code) {
  return "  - name: " + name + "\n    serial: \"" + serial +
         "\"\n    host: 127.0.0.1\n    port: " + std::to_string(broker.port()) +
         "\n    access_code: \"" + access_code +
         "\"\n    tls:\n      ca_file: " + broker.ca_file() + "\n";
}

}  // namespace

TEST_CASE(
    "bambu_exporter on a bad day: refused code, mistyped serial, silent death, two "
    "exporters on one printer") {
  BrokerHarness refused(kRefusedSerial);
  BrokerHarness typo(kTypoSerial);
  BrokerHarness frozen(kFrozenSerial);
  BrokerHarness shared(kSharedSerial);
  const std::string full = test::Fixture("rdiger36-spoolman_P1S-AMS_full.json");

  test::ExporterProcess first(refused.dir(),
                              PrinterYaml("refused", kRefusedSerial, refused, "99999999") +
                                  PrinterYaml("typo", kTypoConfigured, typo, typo.password()) +
                                  PrinterYaml("frozen", kFrozenSerial, frozen, frozen.password()) +
                                  PrinterYaml("shared", kSharedSerial, shared, shared.password()));
  test::ExporterProcess second(shared.dir(),
                               PrinterYaml("shared", kSharedSerial, shared, shared.password()));

  // Both exporters get a report from "frozen" and "shared"; then those printers fall idle.
  const auto up = [](const std::string& text, const std::string& printer) {
    return Sample(text, "bambu_up", {{"printer", printer}}) == 1;
  };
  const auto nudge = [&] {
    frozen.PublishFile(test::ReportTopic(kFrozenSerial), full);
    shared.PublishFile(test::ReportTopic(kSharedSerial), full);
  };
  std::string text = test::PollMetrics(
      first.port(), [&](const std::string& t) { return up(t, "frozen") && up(t, "shared"); }, 30,
      nudge);
  REQUIRE(up(text, "frozen"));
  REQUIRE(test::WaitFor(
      [&] {
        nudge();
        return up(test::HttpGet(second.port(), "/metrics").value_or(""), "shared");
      },
      30));

  // The frozen printer's broker stops answering; the connection stays open.
  frozen.Freeze();
  const auto frozen_at = Clock::now();
  std::optional<Clock::duration> frozen_down_after;
  int shared_up[2] = {0, 0};
  std::set<double> refusals_seen;
  const auto start = Clock::now();
  int round = 0;
  for (; round < kRounds; ++round) {
    std::this_thread::sleep_until(start + std::chrono::seconds(round));
    // The mistyped printer keeps reporting, under its real serial.
    if (round % 3 == 0) typo.PublishFile(test::ReportTopic(kTypoSerial), full);
    text = test::HttpGet(first.port(), "/metrics").value_or("");
    shared_up[0] += up(text, "shared");
    shared_up[1] += up(test::HttpGet(second.port(), "/metrics").value_or(""), "shared");
    if (auto refusals = Sample(text, "bambu_mqtt_connect_failures_total",
                               {{"printer", "refused"}, {"reason", "bad_credentials"}})) {
      refusals_seen.insert(*refusals);
    }
    if (!frozen_down_after && Sample(text, "bambu_up", {{"printer", "frozen"}}) == 0) {
      frozen_down_after = Clock::now() - frozen_at;
    }
  }
  // A slow machine: the frozen printer gets the rest of its minute.
  if (!frozen_down_after) {
    text = test::PollMetrics(
        first.port(),
        [](const std::string& t) {
          return Sample(t, "bambu_up", {{"printer", "frozen"}}) == 0;
        },
        std::chrono::duration<double>(std::chrono::seconds(60) - (Clock::now() - frozen_at))
            .count());
  }

  // Every refused attempt counted once: the counter follows mosquitto's own count, and kept
  // rising through the run.
  text = test::HttpGet(first.port(), "/metrics").value_or("");
  const double counted = Sample(text, "bambu_mqtt_connect_failures_total",
                                {{"printer", "refused"}, {"reason", "bad_credentials"}})
                             .value_or(-1);
  const int broker_refused = refused.LogLines("disconnected, not authorised");
  MESSAGE("refused: counter " << counted << ", broker refusals " << broker_refused
                              << ", distinct values while scraping " << refusals_seen.size());
  CHECK(counted >= 5);
  CHECK((counted == broker_refused || counted + 1 == broker_refused));
  CHECK(refusals_seen.size() >= 3);
  CHECK(Sample(text, "bambu_session_state", {{"printer", "refused"}, {"state", "disconnected"}}) ==
        1);
  CHECK(Sample(text, "bambu_mqtt_disconnects_total", {{"printer", "refused"}}) == 0);

  // The mistyped serial: a warning naming printer and serial, and a state to alert on.
  const std::string log = first.Log();
  CHECK(log.find("level=warn msg=\"no report from the printer since connecting: check its "
                 "serial\" printer=typo serial=" +
                 std::string(kTypoConfigured)) != std::string::npos);
  CHECK(Sample(text, "bambu_session_state", {{"printer", "typo"}, {"state", "no_reports"}}) == 1);
  CHECK(Sample(text, "bambu_up", {{"printer", "typo"}}) == 0);

  // The frozen printer: down within a minute, one disconnect.
  CHECK(Sample(text, "bambu_up", {{"printer", "frozen"}}) == 0);
  CHECK(Sample(text, "bambu_session_state", {{"printer", "frozen"}, {"state", "disconnected"}}) ==
        1);
  CHECK(Sample(text, "bambu_mqtt_disconnects_total", {{"printer", "frozen"}}) == 1);
  CHECK(log.find("msg=\"connection lost\" printer=frozen") != std::string::npos);
  if (frozen_down_after) {
    MESSAGE("frozen: bambu_up 0 after about "
            << std::chrono::duration_cast<std::chrono::seconds>(*frozen_down_after).count()
            << " s");
  }

  // Two exporters on one idle printer: both up, nobody kicked off.
  MESSAGE("shared: up on " << shared_up[0] << " and " << shared_up[1] << " of " << round
                           << " scrapes");
  const std::string second_text = test::HttpGet(second.port(), "/metrics").value_or("");
  for (const std::string& each : {text, second_text}) {
    CHECK(Sample(each, "bambu_mqtt_reconnects_total", {{"printer", "shared"}}) <= 1);
    CHECK(Sample(each, "bambu_mqtt_disconnects_total", {{"printer", "shared"}}) == 0);
  }
  CHECK(shared_up[0] >= round * 9 / 10);
  CHECK(shared_up[1] >= round * 9 / 10);

  frozen.Thaw();
  CHECK(first.Terminate() == 0);
  CHECK(second.Terminate() == 0);
}

}  // namespace bambu
