// One source of scrape-time samples. Every /metrics source (the fleet, cloud mode, the
// exporter itself, the process) implements Collector; a scrape hands one ExpositionWriter to
// each in turn, so a family is written once whatever source adds to it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "metrics/exposition_writer.hpp"
#include "metrics/metric_sink.hpp"

namespace bambu {

class Collector {
 public:
  virtual ~Collector() = default;
  /// Adds this source's samples at scrape time `now` (both clocks, base/clock.hpp) to `out`.
  virtual void Collect(Instant now, MetricSink& out) const = 0;
};

using Collectors = std::vector<std::shared_ptr<const Collector>>;

/// Every sample of `collectors` at `now` as exposition text, families sorted by name, one
/// part per family: views into an arena that `out` owns (replaces `out`), no copy. `sizes` (may
/// be null): family sizes of the previous scrape, read and updated (see ExpositionWriter).
void WriteExposition(const Collectors& collectors, Instant now, ArenaText& out,
                     FamilySizes* sizes = nullptr);

}  // namespace bambu
