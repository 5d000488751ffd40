// A MetricSink that collects samples into prometheus::MetricFamily objects: one
// family per FamilySpec name, families sorted by name, empty families left out.
// Used by the cloud collector and by tests that inspect families.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <prometheus/metric_family.h>

#include "metrics/metric_sink.hpp"

namespace bambu {

class MetricFamilyBuilder final : public MetricSink {
 public:
  void Add(const FamilySpec& spec, const LabelSet& labels, double value) override;

  /// The families with at least one sample, sorted by name; samples keep insertion order.
  std::vector<prometheus::MetricFamily> Take();

 private:
  std::map<std::string, prometheus::MetricFamily, std::less<>> families_;
};

}  // namespace bambu
