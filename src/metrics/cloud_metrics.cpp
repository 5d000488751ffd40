#include "metrics/cloud_metrics.hpp"

#include "metrics/metric_family_builder.hpp"

namespace bambu {
namespace {

using prometheus::MetricType;

constexpr FamilySpec kUp{"bambu_cloud_up", MetricType::Gauge,
                         "1 when the last Bambu cloud REST poll succeeded and the token is not "
                         "known to be rejected, else 0."};
constexpr FamilySpec kRequests{
    "bambu_cloud_requests_total", MetricType::Counter,
    "Bambu cloud REST requests by endpoint and result (HTTP status, \"error\" for transport "
    "failures, \"invalid_json\" for unparsable replies)."};
constexpr FamilySpec kOnline{"bambu_cloud_printer_online", MetricType::Gauge,
                             "1 when the cloud device list (bind: online) says the printer is "
                             "online, else 0."};
constexpr FamilySpec kFinishedGrams{
    "bambu_cloud_task_filament_grams_total", MetricType::Counter,
    "Filament of finished cloud print tasks (status 2), grams, summed per slot, material and "
    "colour from amsDetailMapping[].weight (slicer estimates)."};
constexpr FamilySpec kFailedGrams{
    "bambu_cloud_failed_task_filament_grams_total", MetricType::Counter,
    "Planned filament of failed or aborted cloud print tasks (status 3), grams, per slot from "
    "amsDetailMapping[].weight: the whole job's estimate, an upper bound of what was used."};
constexpr FamilySpec kTokenExpiry{"bambu_cloud_token_expiry_timestamp_seconds", MetricType::Gauge,
                                  "Unix time when the Bambu cloud access token expires, when "
                                  "known (JWT exp claim or login expiresIn)."};

std::string NameFor(const CloudStatus& status, const PrinterNameFn& printer_name,
                    std::string_view serial) {
  if (printer_name) return printer_name(serial);
  for (const CloudDevice& device : status.devices) {
    if (device.serial == serial) return CloudPrinterName(device);
  }
  return std::string(serial);
}

void AddGrams(MetricFamilyBuilder& builder, const FamilySpec& spec, const GramTotals& totals,
              const CloudStatus& status, const PrinterNameFn& printer_name) {
  for (const auto& [key, grams] : totals) {
    const std::string printer = NameFor(status, printer_name, key.serial);
    builder.Add(spec,
                {{"printer", printer},
                 {"serial", key.serial},
                 {"ams", key.ams},
                 {"slot", key.slot},
                 {"filament_type", key.filament_type},
                 {"color", key.color}},
                grams);
  }
}

}  // namespace

void CloudStatus::CountRequest(std::string_view endpoint, std::string_view code) {
  const std::pair<std::string, std::string> key{std::string(endpoint), std::string(code)};
  ++requests[key];
}

std::string CloudPrinterName(const CloudDevice& device) {
  return device.name.empty() ? device.serial : device.name;
}

std::vector<prometheus::MetricFamily> CollectCloud(const CloudStatus& status,
                                                   const PrinterNameFn& printer_name) {
  MetricFamilyBuilder builder;
  builder.Add(kUp, {}, status.up() ? 1 : 0);
  for (const auto& [key, count] : status.requests) {
    builder.Add(kRequests, {{"endpoint", key.first}, {"code", key.second}},
                static_cast<double>(count));
  }
  for (const CloudDevice& device : status.devices) {
    const std::string printer = NameFor(status, printer_name, device.serial);
    builder.Add(kOnline, {{"printer", printer}, {"serial", device.serial}}, device.online ? 1 : 0);
  }
  AddGrams(builder, kFinishedGrams, status.ledger.finished_grams(), status, printer_name);
  AddGrams(builder, kFailedGrams, status.ledger.failed_planned_grams(), status, printer_name);
  if (status.token_expiry_unix) builder.Add(kTokenExpiry, {}, *status.token_expiry_unix);
  return builder.Take();
}

CloudCollector::CloudCollector(const CloudStatus& status, PrinterNameFn printer_name)
    : status_(status), printer_name_(std::move(printer_name)) {}

std::vector<prometheus::MetricFamily> CloudCollector::Collect() const {
  return CollectCloud(status_, printer_name_);
}

}  // namespace bambu
