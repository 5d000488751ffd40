// End to end: the real exporter under a stepped wall clock (libfaketime, monotonic clock left
// alone, as NTP or a manual `date -s` steps it). bambu_up and
// bambu_last_report_timestamp_seconds follow the monotonic clock: a step of +1 h does not make
// a reporting printer stale, a step of -1 h does not keep a silent one up, and the timestamp
// stays in the past of the exporter's own wall clock (docs/architecture.md, "Time").
#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "broker_harness.hpp"
#include "exporter_process.hpp"

namespace bambu {
namespace {

using test::Sample;

constexpr char kSerial[] = "01P00A000000077";
constexpr char kLibFaketime[] = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";
constexpr double kStaleAfterS = 12;

double RealNow() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

/// The exporter with its wall clock offset by what `offset_file` says ("+3600", "-3600").
struct SteppedExporter {
  test::BrokerHarness broker{kSerial};
  std::string offset_file = broker.dir() + "/faketime";
  test::ExporterProcess exporter = Start();

  test::ExporterProcess Start() {
    Step(0);
    const std::string printers = test::PrinterYaml("clock", kSerial, broker);
    return test::ExporterProcess(
        broker.dir() + "/exporter.yaml", broker.dir() + "/exporter.log",
        [&](int port) {
          return "listen_address: \"127.0.0.1:" + std::to_string(port) +
                 "\"\nstale_after: " + std::to_string(static_cast<int>(kStaleAfterS)) +
                 "s\nprinters:\n" + printers;
        },
        true, {},
        // An ASan build wants its runtime first in the library list; libfaketime comes first
        // here, which ASan accepts when told not to check (a plain build ignores the option).
        {"env", std::string("LD_PRELOAD=") + kLibFaketime, "FAKETIME_TIMESTAMP_FILE=" + offset_file,
         "FAKETIME_NO_CACHE=1", "FAKETIME_DONT_FAKE_MONOTONIC=1",
         "ASAN_OPTIONS=verify_asan_link_order=0"});
  }
  /// Sets the exporter's wall clock to the real one plus `seconds`.
  void Step(int seconds) const {
    test::WriteFile(offset_file, (seconds < 0 ? "" : "+") + std::to_string(seconds) + "\n");
  }
  std::string Metrics() const { return test::HttpGet(exporter.port(), "/metrics").value_or(""); }
};

std::optional<double> Up(const std::string& text) {
  return Sample(text, "bambu_up", {{"printer", "clock"}});
}
std::optional<double> LastReport(const std::string& text) {
  return Sample(text, "bambu_last_report_timestamp_seconds", {{"printer", "clock"}});
}

}  // namespace

TEST_CASE("bambu_up and last_report follow the monotonic clock when the wall clock steps") {
  REQUIRE(test::RunCommand({"test", "-r", kLibFaketime}) == 0);
  SteppedExporter rig;
  const std::string report = R"({"print":{"bed_temper":21,"msg":1}})";
  const std::string topic = test::ReportTopic(kSerial);

  std::string text = test::PollMetrics(
      rig.exporter.port(), [](const std::string& t) { return Up(t) == 1.0; }, 30,
      [&] { rig.broker.Publish(topic, report); });
  REQUIRE(Up(text) == 1.0);
  const double reported_by = RealNow();  // the last report arrived before this (real clock)

  SUBCASE("a step forward keeps a reporting printer up, its last report an age ago") {
    rig.Step(3600);
    text = rig.Metrics();
    const double scraped_by = RealNow();
    CHECK(Up(text) == 1.0);  // wall-clock age: 3,600 s, far past stale_after
    REQUIRE(LastReport(text).has_value());
    // On the stepped clock: after the report (less its age) and not in the future.
    CHECK(*LastReport(text) > reported_by + 3600 - kStaleAfterS);
    CHECK(*LastReport(text) <= scraped_by + 3600);
  }

  SUBCASE("a step back lets a silent printer go stale, its last report never in the future") {
    rig.Step(-3600);
    text = rig.Metrics();
    const double scraped_by = RealNow();
    CHECK(Up(text) == 1.0);  // still within stale_after of its report
    REQUIRE(LastReport(text).has_value());
    CHECK(*LastReport(text) <= scraped_by - 3600);  // never ahead of the exporter's own clock
    CHECK(*LastReport(text) > reported_by - 3600 - kStaleAfterS);
    // Silent from now on: down once stale_after has passed on the monotonic clock (on the
    // stepped wall clock the report would stay "recent" for another hour).
    text = test::PollMetrics(
        rig.exporter.port(), [](const std::string& t) { return Up(t) == 0.0; }, 3 * kStaleAfterS);
    CHECK(Up(text) == 0.0);
    CHECK(Sample(text, "bambu_session_state", {{"printer", "clock"}, {"state", "stale"}}) == 1.0);
  }
}

}  // namespace bambu
