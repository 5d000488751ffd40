// A MetricSink that writes the Prometheus text exposition format (0.0.4)
// directly: each family's sample lines go to that family's own buffer, and
// Finish() hands out the families sorted by name, each headed by its HELP and
// TYPE lines. The output is byte for byte what prometheus::TextSerializer writes for
// the same samples (values as %.16g, NaN as "Nan", infinities as "+Inf"/"-Inf"),
// without building MetricFamily objects: one allocation per family buffer
// growth instead of several per series.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "metrics/metric_sink.hpp"

namespace bambu {

/// Bytes each family's text took at the last scrape, by family name: a writer given these
/// reserves each buffer once instead of growing it by doubling (less copying, a lower peak).
using FamilySizes = std::unordered_map<std::string, std::size_t>;

class ExpositionWriter final : public MetricSink {
 public:
  ExpositionWriter() = default;
  /// `sizes` (may be null) is read for reservations and updated by Finish.
  explicit ExpositionWriter(FamilySizes* sizes) : sizes_(sizes) {}

  void Add(const FamilySpec& spec, const LabelSet& labels, double value) override;

  /// Moves every family with a sample to the end of `parts`, sorted by name, one
  /// string per family (HELP, TYPE and sample lines), and clears the writer.
  void Finish(std::vector<std::string>& parts);

  /// The same text appended to `out` as one string.
  void Finish(std::string& out);

  /// Number of samples added since the last Finish.
  std::size_t samples() const { return samples_; }

 private:
  struct Family {
    const FamilySpec* spec;
    std::string text;  // HELP and TYPE lines, then "name{labels} value\n" per sample
  };

  std::unordered_map<std::string_view, std::size_t> index_;  // family name → families_ slot
  std::vector<Family> families_;
  std::size_t samples_ = 0;
  FamilySizes* sizes_ = nullptr;
};

/// Appends every part to `out`, reserving once.
void AppendJoined(std::string& out, const std::vector<std::string>& parts);

/// Appends `value` as prometheus-cpp's TextSerializer writes it.
void AppendSampleValue(std::string& out, double value);

/// Appends `text` escaped for a label value (backslash, double quote, newline).
void AppendLabelValue(std::string& out, std::string_view text);

}  // namespace bambu
