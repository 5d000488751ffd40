#include "core/metric_family_builder.hpp"

#include <algorithm>

namespace bambu {

void MetricFamilyBuilder::Add(const FamilySpec& spec, LabelPairs labels, double value) {
  auto it = families_.find(spec.name);
  if (it == families_.end()) {
    prometheus::MetricFamily family;
    family.name = std::string(spec.name);
    family.help = std::string(spec.help);
    family.type = spec.type;
    it = families_.emplace(family.name, std::move(family)).first;
  }
  std::sort(labels.begin(), labels.end());
  prometheus::ClientMetric sample;
  sample.label = std::move(labels);
  if (spec.type == prometheus::MetricType::Counter) {
    sample.counter.value = value;
  } else if (spec.type == prometheus::MetricType::Untyped) {
    sample.untyped.value = value;
  } else {
    sample.gauge.value = value;
  }
  it->second.metric.push_back(std::move(sample));
}

std::vector<prometheus::MetricFamily> MetricFamilyBuilder::Take() {
  std::vector<prometheus::MetricFamily> out;
  out.reserve(families_.size());
  for (auto& [name, family] : families_) out.push_back(std::move(family));
  families_.clear();
  return out;
}

void AddIf(MetricFamilyBuilder& out, const FamilySpec& spec, const LabelPairs& labels,
           const std::optional<double>& value) {
  if (value) out.Add(spec, labels, *value);
}

LabelPairs WithLabels(const LabelPairs& base,
                      std::initializer_list<prometheus::ClientMetric::Label> extra) {
  LabelPairs out = base;
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

}  // namespace bambu
