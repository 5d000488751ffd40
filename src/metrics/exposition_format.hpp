// Pieces of the Prometheus text format (0.0.4) written to raw memory, as prometheus-cpp's
// TextSerializer writes them: sample values (%.16g, NaN as "Nan", infinities as "+Inf" and
// "-Inf") and escaped label values. Each writer returns the end of what it wrote; the caller
// provides the room (the k...Bytes bounds below).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace bambu {

/// Room WriteSampleValue needs at most.
inline constexpr std::size_t kMaxSampleValueBytes = 32;

/// Room WriteLabelValue needs at most for `text`: every byte may become two.
constexpr std::size_t LabelValueBound(std::string_view text) { return 2 * text.size(); }

/// Writes `value` at `out`; returns the end.
char* WriteSampleValue(char* out, double value);

/// Writes `text` escaped for a label value (backslash, double quote, newline) at `out`;
/// returns the end.
char* WriteLabelValue(char* out, std::string_view text);

/// Appends `value` as prometheus-cpp's TextSerializer writes it.
void AppendSampleValue(std::string& out, double value);

/// Appends `text` escaped for a label value (backslash, double quote, newline).
void AppendLabelValue(std::string& out, std::string_view text);

}  // namespace bambu
