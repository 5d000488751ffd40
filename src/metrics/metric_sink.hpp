// Where scrape-time samples go: a MetricSink takes one sample at a time (family
// spec, label set, value). Collectors (metrics/collector.hpp) write into one;
// ExpositionWriter writes the Prometheus text format (the /metrics path), and
// tests use a sink that builds prometheus::MetricFamily objects.
#pragma once

#include <array>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <utility>

#include <prometheus/metric_type.h>

namespace bambu {

/// Name, type and HELP line of one metric family.
struct FamilySpec {
  std::string_view name;
  prometheus::MetricType type;
  std::string_view help;
};

/// One label: name and value. The value is a view: its text must outlive the sample's Add.
using Label = std::pair<std::string_view, std::string_view>;

/// Up to kMaxLabels labels, kept sorted by name; a plain value type of views (no allocation).
class LabelSet {
 public:
  static constexpr std::size_t kMaxLabels = 12;

  LabelSet() = default;
  LabelSet(std::initializer_list<Label> labels);

  /// This set plus `extra`; throws std::length_error beyond kMaxLabels.
  LabelSet With(std::initializer_list<Label> extra) const;

  const Label* begin() const { return labels_.data(); }
  const Label* end() const { return labels_.data() + size_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  void Insert(const Label& label);

  std::array<Label, kMaxLabels> labels_{};
  std::size_t size_ = 0;
};

class MetricSink {
 public:
  virtual ~MetricSink() = default;
  /// One sample of `spec`. Samples of a family keep the order they were added in.
  virtual void Add(const FamilySpec& spec, const LabelSet& labels, double value) = 0;
};

/// Adds a sample of `spec` when `value` is set.
inline void AddIf(MetricSink& out, const FamilySpec& spec, const LabelSet& labels,
                  const std::optional<double>& value) {
  if (value) out.Add(spec, labels, *value);
}

}  // namespace bambu
