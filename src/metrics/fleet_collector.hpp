// Fleet state → the per-printer samples of metrics.md, built at scrape time.
#pragma once

#include <string>
#include <vector>

#include "metrics/collector.hpp"
#include "metrics/exposition_writer.hpp"
#include "metrics/metric_sink.hpp"
#include "state/fleet.hpp"

namespace bambu {

struct CollectOptions {
  Instant now;                     // scrape time, both clocks
  double stale_after_s = 300;      // bambu_up needs a report this recent
  bool keep_stale_series = false;  // keep AMS/tray series of a stale printer
};

/// Every per-printer sample of metrics.md into `out`, printer by printer.
void CollectFleet(const Fleet& fleet, const CollectOptions& options, MetricSink& out);

/// The same samples as exposition text appended to `out` as one string.
void WriteFleetText(const Fleet& fleet, const CollectOptions& options, std::string& out);

/// The fleet as a /metrics source; `now` of each Collect is the scrape time.
class FleetCollector final : public Collector {
 public:
  FleetCollector(const Fleet& fleet, double stale_after_s, bool keep_stale_series = false);
  void Collect(Instant now, MetricSink& out) const override;

 private:
  const Fleet& fleet_;
  double stale_after_s_;
  bool keep_stale_series_;
};

}  // namespace bambu
