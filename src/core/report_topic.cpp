#include "core/report_topic.hpp"

#include "core/fleet.hpp"

namespace bambu {
namespace {

constexpr std::string_view kPrefix = "device/";
constexpr std::string_view kReportSuffix = "/report";
constexpr std::string_view kRequestSuffix = "/request";

std::string Topic(std::string_view serial, std::string_view suffix) {
  std::string topic;
  topic.reserve(kPrefix.size() + serial.size() + suffix.size());
  topic.append(kPrefix).append(serial).append(suffix);
  return topic;
}

}  // namespace

bool IsTopicLevel(std::string_view serial) {
  return !serial.empty() && serial.find_first_of("/+# \t\r\n") == std::string_view::npos;
}

std::string ReportTopic(std::string_view serial) { return Topic(serial, kReportSuffix); }

std::string RequestTopic(std::string_view serial) { return Topic(serial, kRequestSuffix); }

std::string_view SerialOfReportTopic(std::string_view topic) {
  if (!topic.starts_with(kPrefix) || !topic.ends_with(kReportSuffix)) return {};
  if (topic.size() <= kPrefix.size() + kReportSuffix.size()) return {};
  const std::string_view serial =
      topic.substr(kPrefix.size(), topic.size() - kPrefix.size() - kReportSuffix.size());
  if (!IsTopicLevel(serial)) return {};
  return serial;
}

bool IngestPrinterMessage(Fleet& fleet, PrinterEntry& printer, std::string_view topic,
                          std::string_view payload, double now_unix) {
  const std::string_view serial = SerialOfReportTopic(topic);
  if (serial.empty() || serial != printer.identity.serial) {
    Fleet::CountError(printer, "unexpected_topic");
    return false;
  }
  fleet.Ingest(printer, payload, now_unix);
  return true;
}

}  // namespace bambu
