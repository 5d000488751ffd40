// Report and request topics, the serial of a report topic, and what a message on an
// unexpected topic does to a printer (counted as "unexpected_topic", nothing else).
#include "report/report_topic.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "state/fleet.hpp"
#include "test_clock.hpp"

namespace bambu {
namespace {

constexpr std::string_view kSerial = "01P00A000000001";
constexpr std::string_view kReport =
    R"({"print":{"bed_temper":60,"mc_percent":42,"gcode_state":"RUNNING"}})";
constexpr std::string_view kOtherReport =
    R"({"print":{"bed_temper":99,"mc_percent":1,"gcode_state":"FAILED"}})";

std::uint64_t ErrorCount(const PrinterEntry& printer, std::string_view reason) {
  const auto& errors = printer.counters.report_errors;
  auto it = errors.find(reason);
  return it == errors.end() ? 0 : it->second;
}

}  // namespace

TEST_CASE("report and request topics of a serial") {
  CHECK(ReportTopic(kSerial) == "device/01P00A000000001/report");
  CHECK(RequestTopic(kSerial) == "device/01P00A000000001/request");
  CHECK(SerialOfReportTopic(ReportTopic(kSerial)) == kSerial);
}

TEST_CASE("SerialOfReportTopic: empty for every topic that is not one printer's report topic") {
  CHECK(SerialOfReportTopic("device/X/report") == "X");
  for (const std::string_view topic :
       {"", "device", "device/", "device//report", "/report", "device/report",
        "device/X/report/extra", "device/X/reports", "device/X/request", "devices/X/report",
        "Device/X/report", "/device/X/report", "x/device/X/report", "device/a/b/report",
        "device/+/report", "device/#/report", "device/X+/report", "device/X/REPORT"}) {
    CAPTURE(topic);
    CHECK(SerialOfReportTopic(topic).empty());
  }
}

TEST_CASE("IngestPrinterMessage: the printer's report topic is ingested, any other is counted") {
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"p1s", std::string(kSerial), Transport::kLan});
  PrinterEntry& other = fleet.Add({"x1c", "00M09A350100123", Transport::kLan});
  REQUIRE(IngestPrinterMessage(fleet, printer, ReportTopic(kSerial), kReport, test::At(1000)));
  CHECK(printer.counters.messages_received == 1);
  CHECK(printer.counters.report_errors.empty());
  CHECK(printer.last_report_unix == 1000);

  int unexpected = 0;
  for (const std::string& topic :
       {std::string(), std::string("device//report"), ReportTopic(kSerial) + "/extra",
        "prefix/" + ReportTopic(kSerial), RequestTopic(kSerial), ReportTopic(other.identity.serial),
        std::string("device/+/report"), std::string("device/#")}) {
    CAPTURE(topic);
    CHECK_FALSE(
        IngestPrinterMessage(fleet, printer, topic, kOtherReport, test::At(2000 + unexpected)));
    ++unexpected;
    CHECK(ErrorCount(printer, "unexpected_topic") == static_cast<std::uint64_t>(unexpected));
  }
  // The state, the arrival time and the received count are those of the one good report.
  CHECK(printer.counters.messages_received == 1);
  CHECK(printer.counters.report_errors.size() == 1);
  CHECK(printer.last_report_unix == 1000);
  CHECK(printer.state.bed_temper == 60);
  CHECK(printer.state.mc_percent == 42);
  CHECK(printer.state.gcode_state == "RUNNING");
  // The printer whose serial was in a topic saw nothing either.
  CHECK(other.counters.messages_received == 0);
  CHECK(other.counters.report_errors.empty());
  CHECK_FALSE(other.state.bed_temper.has_value());
  CHECK_FALSE(other.last_report_unix.has_value());

  // A bad payload on the right topic is the decoder's business: routed, then rejected.
  CHECK(IngestPrinterMessage(fleet, printer, ReportTopic(kSerial), "not json", test::At(3000)));
  CHECK(printer.counters.messages_received == 2);
  CHECK(ErrorCount(printer, "invalid_json") == 1);
  CHECK(printer.state.bed_temper == 60);
}

}  // namespace bambu
