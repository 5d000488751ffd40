// A MetricSink that collects samples into prometheus::MetricFamily objects: one
// family per FamilySpec name, families sorted by name, empty families left out.
// A test sink: tests inspect families, and compare the ExpositionWriter's bytes with
// prometheus-cpp's TextSerializer on the same families.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <prometheus/metric_family.h>

#include <prometheus/client_metric.h>

#include "metrics/cloud_metrics.hpp"
#include "metrics/fleet_collector.hpp"
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

inline void MetricFamilyBuilder::Add(const FamilySpec& spec, const LabelSet& labels, double value) {
  auto it = families_.find(spec.name);
  if (it == families_.end()) {
    prometheus::MetricFamily family;
    family.name = std::string(spec.name);
    family.help = std::string(spec.help);
    family.type = spec.type;
    it = families_.emplace(family.name, std::move(family)).first;
  }
  prometheus::ClientMetric sample;
  for (const auto& [name, text] : labels)
    sample.label.push_back({std::string(name), std::string(text)});
  if (spec.type == prometheus::MetricType::Counter) {
    sample.counter.value = value;
  } else if (spec.type == prometheus::MetricType::Untyped) {
    sample.untyped.value = value;
  } else {
    sample.gauge.value = value;
  }
  it->second.metric.push_back(std::move(sample));
}

inline std::vector<prometheus::MetricFamily> MetricFamilyBuilder::Take() {
  std::vector<prometheus::MetricFamily> out;
  out.reserve(families_.size());
  for (auto& [name, family] : families_) out.push_back(std::move(family));
  families_.clear();
  return out;
}

/// The families CollectFleet writes, sorted by name.
inline std::vector<prometheus::MetricFamily> FleetFamilies(const Fleet& fleet,
                                                           const CollectOptions& options) {
  MetricFamilyBuilder builder;
  CollectFleet(fleet, options, builder);
  return builder.Take();
}

/// The families CollectCloud writes, sorted by name.
inline std::vector<prometheus::MetricFamily> CloudFamilies(const CloudStatus& status,
                                                           const PrinterNameFn& names = nullptr,
                                                           const OwnsSerialFn& owns = nullptr) {
  MetricFamilyBuilder builder;
  CollectCloud(status, builder, names, owns);
  return builder.Take();
}

}  // namespace bambu
