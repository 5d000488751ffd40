// The up rule reads the monotonic clock only; the exported last-report timestamp is the wall
// clock of the report, or, once the wall clock was stepped, the wall clock now less the
// monotonic age (state/printer_up.hpp).
#include <doctest/doctest.h>

#include "state/fleet.hpp"
#include "state/printer_events.hpp"
#include "state/printer_up.hpp"

namespace bambu {
namespace {

constexpr double kStale = 300;

/// A connected printer whose one report arrived at wall 1,000,000, monotonic 50.
PrinterEntry& ReportedPrinter(Fleet& fleet) {
  PrinterEntry& printer = fleet.Add({"p", "SERIAL_CLOCK", Transport::kLan});
  OnSessionConnected(printer, {.unix_s = 999'990, .mono_s = 40});
  REQUIRE(fleet.Ingest(printer, R"({"print":{"bed_temper":12,"msg":1}})",
                       {.unix_s = 1'000'000, .mono_s = 50}));
  return printer;
}

}  // namespace

TEST_CASE("a wall clock stepped back keeps neither the printer up nor its report in the future") {
  Fleet fleet;
  const PrinterEntry& printer = ReportedPrinter(fleet);
  CHECK(printer.last_report_unix == 1'000'000);
  const Instant stepped_back = {.unix_s = 1'000'000 - 3600 + 301, .mono_s = 50 + 301};
  CHECK_FALSE(IsPrinterUp(printer, stepped_back, kStale));
  CHECK(SessionStateOf(printer, stepped_back, kStale) == SessionState::kStale);
  CHECK(ReportAgeS(printer, stepped_back) == 301);
  CHECK(LastReportTimestamp(printer, stepped_back) == 1'000'000 - 3600);
}

TEST_CASE("a wall clock stepped forward keeps a reporting printer up") {
  Fleet fleet;
  const PrinterEntry& printer = ReportedPrinter(fleet);
  const Instant stepped_forward = {.unix_s = 1'000'000 + 3600 + 10, .mono_s = 60};
  CHECK(IsPrinterUp(printer, stepped_forward, kStale));
  CHECK(SessionStateOf(printer, stepped_forward, kStale) == SessionState::kUp);
  CHECK(LastReportTimestamp(printer, stepped_forward) == 1'000'000 + 3600);
}

TEST_CASE("without a step the timestamp is the report's wall clock at every scrape") {
  Fleet fleet;
  const PrinterEntry& printer = ReportedPrinter(fleet);
  // The two clocks are read a little apart at each scrape: the exported value must not move.
  for (const double jitter : {0.0, 0.000'3, -0.000'7, 0.9, -0.9}) {
    const Instant scrape = {.unix_s = 1'000'012 + jitter, .mono_s = 62};
    CHECK(LastReportTimestamp(printer, scrape) == 1'000'000);
  }
  // Past kClockStepS the wall clock counts as stepped.
  CHECK(LastReportTimestamp(printer, {.unix_s = 1'000'014, .mono_s = 62}) == 1'000'014 - 12);
}

TEST_CASE("the first-report window is measured on the monotonic clock") {
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"q", "SERIAL_WINDOW", Transport::kLan});
  OnSessionConnected(printer, {.unix_s = 5000, .mono_s = 100});
  // The wall clock jumped a day ahead, the monotonic one 5 s: still waiting for a first report.
  CHECK(SessionStateOf(printer, {.unix_s = 5000 + 86400, .mono_s = 105}, kStale) ==
        SessionState::kWaiting);
  CHECK(SessionStateOf(printer, {.unix_s = 5000 - 86400, .mono_s = 100 + kFirstReportWindowS},
                       kStale) == SessionState::kNoReports);
}

}  // namespace bambu
