#include "metrics/cloud_metrics.hpp"

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

struct PrinterLabels {
  const CloudStatus& status;
  const PrinterNameFn& printer_name;
  const OwnsSerialFn& owns;
  bool Owns(std::string_view serial) const { return !owns || owns(serial); }
  std::string Name(std::string_view serial) const { return NameFor(status, printer_name, serial); }
};

void AddGrams(MetricSink& out, const FamilySpec& spec, const GramTotals& totals,
              const PrinterLabels& printers) {
  for (const auto& [key, grams] : totals) {
    if (!printers.Owns(key.serial)) continue;
    const std::string printer = printers.Name(key.serial);
    out.Add(spec,
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

void CollectCloud(const CloudStatus& status, MetricSink& out, const PrinterNameFn& printer_name,
                  const OwnsSerialFn& owns) {
  const PrinterLabels printers{status, printer_name, owns};
  out.Add(kUp, {}, status.up() ? 1 : 0);
  for (const auto& [key, count] : status.requests) {
    out.Add(kRequests, {{"endpoint", key.first}, {"code", key.second}}, static_cast<double>(count));
  }
  for (const CloudDevice& device : status.devices) {
    if (!printers.Owns(device.serial)) continue;
    const std::string printer = printers.Name(device.serial);
    out.Add(kOnline, {{"printer", printer}, {"serial", device.serial}}, device.online ? 1 : 0);
  }
  AddGrams(out, kFinishedGrams, status.ledger.finished_grams(), printers);
  AddGrams(out, kFailedGrams, status.ledger.failed_planned_grams(), printers);
  if (status.token_expiry_unix) out.Add(kTokenExpiry, {}, *status.token_expiry_unix);
}

CloudCollector::CloudCollector(const CloudStatus& status, PrinterNameFn printer_name,
                               OwnsSerialFn owns)
    : status_(status), printer_name_(std::move(printer_name)), owns_(std::move(owns)) {}

void CloudCollector::Collect(Instant, MetricSink& out) const {
  CollectCloud(status_, out, printer_name_, owns_);
}

}  // namespace bambu
