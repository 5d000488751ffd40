#include "report/report_topic.hpp"

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

}  // namespace bambu
