// Lenient conversion of one JSON scalar (as seen by a SAX handler) into the
// typed values of ReportUpdate. Bambu firmware sends numbers both as JSON
// numbers and as strings ("24.7", "5"), bit fields as hex strings ("10eff"),
// and the Wi-Fi level as "-68dBm"; each function accepts every form the wire
// uses and returns nullopt for anything else.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bambu {

/// One scalar value from the parser; `str` views parser-owned memory and is
/// valid only during the callback.
struct JsonScalar {
  enum class Kind : std::uint8_t { kString, kInt, kUint, kDouble, kBool, kNull };
  Kind kind = Kind::kNull;
  std::string_view str;
  std::int64_t i = 0;
  std::uint64_t u = 0;
  double d = 0.0;
  bool b = false;

  static JsonScalar String(std::string_view s) { return {Kind::kString, s, 0, 0, 0.0, false}; }
  static JsonScalar Int(std::int64_t v) { return {Kind::kInt, {}, v, 0, 0.0, false}; }
  static JsonScalar Uint(std::uint64_t v) { return {Kind::kUint, {}, 0, v, 0.0, false}; }
  static JsonScalar Double(double v) { return {Kind::kDouble, {}, 0, 0, v, false}; }
  static JsonScalar Bool(bool v) { return {Kind::kBool, {}, 0, 0, 0.0, v}; }
  static JsonScalar Null() { return {}; }
};

/// Integer from an integer, an integral double, or a decimal string ("5", "-1", "5.0").
std::optional<std::int64_t> AsInt64(const JsonScalar& v);

/// AsInt64 limited to [lo, hi].
std::optional<int> AsIntIn(const JsonScalar& v, int lo, int hi);

/// Unit, tray and extruder ids: "0", 128, "255" → [0, 65535].
std::optional<int> AsWireId(const JsonScalar& v);

/// AsInt64 limited to int's range.
std::optional<int> AsInt(const JsonScalar& v);

/// AsInt64 limited to [0, 2^32-1].
std::optional<std::uint32_t> AsUint32(const JsonScalar& v);

/// Finite double from a decimal string ("24.7", "1000", "1e3"; no '+', no spaces).
std::optional<double> DoubleOfText(std::string_view s);

/// Finite double from any JSON number or a decimal string ("24.7", "1000", "1e3"). Inline: the
/// field tables call it for most values they read, and a number needs no call.
inline std::optional<double> AsDouble(const JsonScalar& v) {
  switch (v.kind) {
    case JsonScalar::Kind::kInt:
      return static_cast<double>(v.i);
    case JsonScalar::Kind::kUint:
      return static_cast<double>(v.u);
    case JsonScalar::Kind::kDouble:
      return std::isfinite(v.d) ? std::optional<double>(v.d) : std::nullopt;
    case JsonScalar::Kind::kString:
      return DoubleOfText(v.str);
    default:
      return std::nullopt;
  }
}

/// Bit field from a hex string ("10eff", "0x1f", at most 16 digits) or a non-negative integer.
std::optional<std::uint64_t> AsHex64(const JsonScalar& v);

/// AsHex64 limited to 32 bits.
std::optional<std::uint32_t> AsHex32(const JsonScalar& v);

/// true/false, 0/1, or the strings "true"/"false"/"1"/"0".
std::optional<bool> AsBool(const JsonScalar& v);

/// A JSON string only.
std::optional<std::string> AsString(const JsonScalar& v);

/// An id as text: a JSON string as is, an integer as its decimal text ("702383065").
std::optional<std::string> AsIdText(const JsonScalar& v);

/// tag_uid text → true when it holds a non-'0' character (an RFID-tagged Bambu
/// spool; BS IsBBL_Filament), false for all '0' or empty; not a string → nullopt.
std::optional<bool> AsRfidTag(const JsonScalar& v);

/// Signal level in dBm from "-68dBm", "-68" or a number.
std::optional<double> AsDbm(const JsonScalar& v);

}  // namespace bambu
