#include "metrics/metric_family_builder.hpp"

namespace bambu {

void MetricFamilyBuilder::Add(const FamilySpec& spec, const LabelSet& labels, double value) {
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

std::vector<prometheus::MetricFamily> MetricFamilyBuilder::Take() {
  std::vector<prometheus::MetricFamily> out;
  out.reserve(families_.size());
  for (auto& [name, family] : families_) out.push_back(std::move(family));
  families_.clear();
  return out;
}

}  // namespace bambu
