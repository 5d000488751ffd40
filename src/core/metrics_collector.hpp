// Fleet state → Prometheus metric families, built at scrape time (metrics.md).
#pragma once

#include <functional>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include "core/fleet.hpp"

namespace bambu {

struct CollectOptions {
  double now_unix = 0;             // scrape time, seconds since epoch
  double stale_after_s = 300;      // bambu_up needs a report this recent
  bool keep_stale_series = false;  // keep AMS/tray series of a stale printer
};

/// Every per-printer family of metrics.md, sorted by name; families with no
/// series are left out.
std::vector<prometheus::MetricFamily> CollectFleet(const Fleet& fleet,
                                                   const CollectOptions& options);

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
