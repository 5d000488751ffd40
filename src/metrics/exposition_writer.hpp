// A MetricSink that writes the Prometheus text exposition format (0.0.4)
// directly: each family's sample lines go to that family's own chunks of one
// TextArena, and Finish() hands out the families sorted by name, each headed by
// its HELP and TYPE lines. The output is byte for byte what
// prometheus::TextSerializer writes for the same samples (values as %.16g, NaN
// as "Nan", infinities as "+Inf"/"-Inf"; metrics/exposition_format.hpp),
// without building MetricFamily objects and without one allocation per sample.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "metrics/exposition_format.hpp"
#include "metrics/metric_sink.hpp"
#include "metrics/text_arena.hpp"

namespace bambu {

/// Bytes each family's text took at the last scrape, by family name: a writer given these
/// sizes the arena and each family's first chunk once (less memory touched, fewer chunks).
/// Looked up by string_view (no std::string made per lookup).
struct FamilyNameHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view name) const {
    return std::hash<std::string_view>{}(name);
  }
};
using FamilySizes = std::unordered_map<std::string, std::size_t, FamilyNameHash, std::equal_to<>>;

class ExpositionWriter final : public MetricSink {
 public:
  /// `sizes` (may be null) is read for the sizes of the text and updated by Finish.
  explicit ExpositionWriter(FamilySizes* sizes = nullptr);
  ~ExpositionWriter() override;
  ExpositionWriter(const ExpositionWriter&) = delete;
  ExpositionWriter& operator=(const ExpositionWriter&) = delete;

  void Add(const FamilySpec& spec, const LabelSet& labels, double value) override;

  /// Replaces `out` with every family with a sample, sorted by name (HELP, TYPE and sample
  /// lines), as views into the writer's arena, which `out` takes over; clears the writer.
  void Finish(ArenaText& out);

  /// The same families moved to the end of `parts`, one string per family.
  void Finish(std::vector<std::string>& parts);

  /// The same text appended to `out` as one string.
  void Finish(std::string& out);

  /// Number of samples added since the last Finish.
  std::size_t samples() const { return samples_; }

 private:
  struct Family {
    const FamilySpec* spec = nullptr;
    std::vector<std::string_view> chunks;  // full chunks, in order
    char* start = nullptr;                 // the open chunk: [start, cursor) written
    char* cursor = nullptr;
    char* limit = nullptr;
    std::size_t bytes = 0;        // in full chunks
    std::size_t first_chunk = 0;  // bytes of the family at the last scrape, or 0
  };
  struct SpecSlot {
    const FamilySpec* spec = nullptr;
    std::size_t family = 0;
  };

  Family& FamilyOf(const FamilySpec& spec);
  std::size_t NewFamily(const FamilySpec& spec);
  void RememberSpec(const FamilySpec* spec, std::size_t family);
  /// Room for `bytes` more in `family`'s open chunk (a new chunk when it is full).
  char* Reserve(Family& family, std::size_t bytes);
  void RecordSize(std::string_view name, std::size_t bytes);  // into sizes_, when set
  void Clear();

  std::unique_ptr<TextArena> arena_;
  std::unordered_map<std::string_view, std::size_t> index_;  // family name → families_ slot
  std::vector<SpecSlot> by_spec_;  // open addressing on the spec's address, size a power of 2
  std::size_t specs_ = 0;          // used slots of by_spec_
  std::vector<Family> families_;
  std::size_t samples_ = 0;
  FamilySizes* sizes_ = nullptr;
};

/// Appends every part to `out`, reserving once.
void AppendJoined(std::string& out, const std::vector<std::string>& parts);

}  // namespace bambu
