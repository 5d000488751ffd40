// Collects samples into prometheus::MetricFamily objects: one family per
// FamilySpec, label pairs sorted by name, families sorted by name, empty
// families left out. Used by the scrape-time collector.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <prometheus/metric_family.h>
#include <prometheus/metric_type.h>

namespace bambu {

/// Name, type and HELP line of one metric family.
struct FamilySpec {
  std::string_view name;
  prometheus::MetricType type;
  std::string_view help;
};

using LabelPairs = std::vector<prometheus::ClientMetric::Label>;

class MetricFamilyBuilder {
 public:
  /// Adds one sample of `spec` (a gauge or counter value); sorts `labels` by name.
  void Add(const FamilySpec& spec, LabelPairs labels, double value);

  /// The families with at least one sample, sorted by name; samples keep insertion order.
  std::vector<prometheus::MetricFamily> Take();

 private:
  std::map<std::string, prometheus::MetricFamily, std::less<>> families_;
};

/// Adds a sample of `spec` when `value` is set.
void AddIf(MetricFamilyBuilder& out, const FamilySpec& spec, const LabelPairs& labels,
           const std::optional<double>& value);

/// `base` plus `extra`, in that order (sorting happens in Add).
LabelPairs WithLabels(const LabelPairs& base,
                      std::initializer_list<prometheus::ClientMetric::Label> extra);

}  // namespace bambu
