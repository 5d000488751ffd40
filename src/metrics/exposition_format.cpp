#include "metrics/exposition_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace bambu {
namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

/// Non-zero when one of the 8 bytes of `word` equals `byte`.
constexpr std::uint64_t HasByte(std::uint64_t word, char byte) {
  const std::uint64_t x = word ^ (kOnes * static_cast<unsigned char>(byte));
  return (x - kOnes) & ~x & kHighBits;
}

constexpr bool NeedsEscape(char c) { return c == '\\' || c == '"' || c == '\n'; }

/// The first byte of [p, end) that needs escaping, or `end`: 8 bytes per step, then bytewise.
const char* FindEscape(const char* p, const char* end) {
  while (end - p >= 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, sizeof word);
    if ((HasByte(word, '\\') | HasByte(word, '"') | HasByte(word, '\n')) != 0) break;
    p += 8;
  }
  while (p < end && !NeedsEscape(*p)) ++p;
  return p;
}

char* Copy(char* out, const char* text, std::size_t size) {
  if (size != 0) std::memcpy(out, text, size);  // an empty view may have a null data()
  return out + size;
}

}  // namespace

char* WriteLabelValue(char* out, std::string_view text) {
  const char* p = text.data();
  const char* const end = p + text.size();
  while (true) {
    const char* special = FindEscape(p, end);
    out = Copy(out, p, static_cast<std::size_t>(special - p));
    if (special == end) return out;
    *out++ = '\\';
    *out++ = *special == '\n' ? 'n' : *special;
    p = special + 1;
  }
}

char* WriteSampleValue(char* out, double value) {
  if (std::isnan(value)) return Copy(out, "Nan", 3);
  if (std::isinf(value)) return Copy(out, value < 0 ? "-Inf" : "+Inf", 4);
  char* const limit = out + kMaxSampleValueBytes;
  // Integral values below 1e15 print the same under %.16g; the integer path is faster.
  // -0 keeps the general path, which writes "-0" as the stream does.
  if (std::abs(value) < 1e15 && value == std::trunc(value) &&
      !(value == 0 && std::signbit(value))) {
    return std::to_chars(out, limit, static_cast<std::int64_t>(value)).ptr;
  }
  return std::to_chars(out, limit, value, std::chars_format::general, 16).ptr;
}

void AppendSampleValue(std::string& out, double value) {
  char buffer[kMaxSampleValueBytes];
  out.append(buffer, WriteSampleValue(buffer, value));
}

void AppendLabelValue(std::string& out, std::string_view text) {
  const std::size_t start = out.size();
  out.resize(start + LabelValueBound(text));
  out.resize(static_cast<std::size_t>(WriteLabelValue(out.data() + start, text) - out.data()));
}

}  // namespace bambu
