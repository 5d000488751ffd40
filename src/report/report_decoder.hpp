// Bytes of one MQTT report → ReportUpdate, in a single pass over the JSON
// (Boost.JSON basic_parser with a SAX handler; no DOM is built).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include "report/report_update.hpp"

namespace bambu {

/// Why a whole report was rejected; names are the `reason` label values of
/// bambu_report_errors_total.
enum class RejectReason {
  kInvalidJson,  // "invalid_json": not parseable JSON (includes invalid UTF-8)
  kNotAnObject,  // "not_an_object": top level is not a JSON object
  kTooLarge,     // "too_large": payload longer than the configured limit
  kTooDeep,      // "too_deep": nesting deeper than the limit
};

/// The `reason` label value for a RejectReason.
std::string_view ReasonName(RejectReason reason);

struct DecodeStatus {
  std::optional<RejectReason> rejected;  // set: nothing of the report may be used
  int fields_ignored = 0;  // known fields with an unusable value (wrong type, unparseable)
};

/// Reusable decoder; keeps its parser buffers between calls. Not thread-safe.
class ReportDecoder {
 public:
  static constexpr std::size_t kDefaultMaxBytes = 1 << 20;  // 1 MiB
  static constexpr std::size_t kMaxDepth = 32;

  explicit ReportDecoder(std::size_t max_bytes = kDefaultMaxBytes);
  ~ReportDecoder();
  ReportDecoder(const ReportDecoder&) = delete;
  ReportDecoder& operator=(const ReportDecoder&) = delete;

  /// Decodes `payload` into `out` (reset first). On rejection `out` is
  /// unspecified and must not be merged.
  DecodeStatus Decode(std::string_view payload, ReportUpdate& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::size_t max_bytes_;
};

}  // namespace bambu
