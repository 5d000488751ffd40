// Cloud mode status (owned by the event loop, updated by the cloud poller) and
// its scrape-time metric families:
//   bambu_cloud_up, bambu_cloud_requests_total{endpoint,code},
//   bambu_cloud_printer_online{printer,serial},
//   bambu_cloud_task_filament_grams_total{printer,serial,ams,slot,filament_type},
//   bambu_cloud_failed_task_filament_grams_total{...same...},
//   bambu_cloud_token_expiry_timestamp_seconds.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cloud/cloud_api.hpp"
#include "cloud/task_ledger.hpp"
#include "metrics/collector.hpp"
#include "metrics/metric_sink.hpp"

namespace bambu {

struct CloudStatus {
  bool last_poll_ok = false;    // the last REST poll succeeded
  bool token_rejected = false;  // a 401 came back and the token has not changed since
  // REST requests by {endpoint, code}: endpoint "preference", "bind", "tasks", "login";
  // code = HTTP status as text, "error" (transport) or "invalid_json".
  std::map<std::pair<std::string, std::string>, std::uint64_t, std::less<>> requests;
  std::vector<CloudDevice> devices;         // the last bind list
  std::optional<double> token_expiry_unix;  // from the JWT "exp" or the login's expiresIn
  TaskLedger ledger;

  void CountRequest(std::string_view endpoint, std::string_view code);
  bool up() const { return last_poll_ok && !token_rejected; }
};

/// Printer label for a cloud device: its cloud name, or the serial when it has none.
std::string CloudPrinterName(const CloudDevice& device);

/// Maps a serial to its `printer` label; nullptr → the bind-list name rule above.
using PrinterNameFn = std::function<std::string(std::string_view serial)>;
/// True when this instance exports the printer `serial` (sharding); nullptr → every printer.
using OwnsSerialFn = std::function<bool(std::string_view serial)>;

/// The families listed at the top of this file into `out`. Per-printer samples (those with a
/// `serial` label) only for printers `owns` accepts; account-level samples always.
void CollectCloud(const CloudStatus& status, MetricSink& out,
                  const PrinterNameFn& printer_name = nullptr, const OwnsSerialFn& owns = nullptr);

class CloudCollector final : public Collector {
 public:
  explicit CloudCollector(const CloudStatus& status, PrinterNameFn printer_name = nullptr,
                          OwnsSerialFn owns = nullptr);
  void Collect(Instant now, MetricSink& out) const override;

 private:
  const CloudStatus& status_;
  PrinterNameFn printer_name_;
  OwnsSerialFn owns_;
};

}  // namespace bambu
