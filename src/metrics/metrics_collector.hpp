// Fleet state → Prometheus metric families, built at scrape time (metrics.md).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include "metrics/exposition_writer.hpp"
#include "metrics/metric_sink.hpp"
#include "state/fleet.hpp"

namespace bambu {

struct CollectOptions {
  double now_unix = 0;             // scrape time, seconds since epoch
  double stale_after_s = 300;      // bambu_up needs a report this recent
  bool keep_stale_series = false;  // keep AMS/tray series of a stale printer
};

/// Every per-printer sample of metrics.md into `out`, printer by printer.
void CollectFleet(const Fleet& fleet, const CollectOptions& options, MetricSink& out);

/// Every per-printer family of metrics.md, sorted by name; families with no
/// series are left out.
std::vector<prometheus::MetricFamily> CollectFleet(const Fleet& fleet,
                                                   const CollectOptions& options);

/// The same families as exposition text, one string per family appended to
/// `parts` (the /metrics path: no MetricFamily objects, no joined copy for gzip).
/// `sizes` (may be null): family sizes of the previous scrape, read and updated.
void WriteFleetText(const Fleet& fleet, const CollectOptions& options,
                    std::vector<std::string>& parts, FamilySizes* sizes = nullptr);

/// The same text appended to `out` as one string.
void WriteFleetText(const Fleet& fleet, const CollectOptions& options, std::string& out);

/// Collectable adapter; `clock` returns the current Unix time in seconds.
class FleetCollector final : public prometheus::Collectable {
 public:
  FleetCollector(const Fleet& fleet, std::function<double()> clock, double stale_after_s,
                 bool keep_stale_series = false);
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const Fleet& fleet_;
  std::function<double()> clock_;
  double stale_after_s_;
  bool keep_stale_series_;
};

}  // namespace bambu
