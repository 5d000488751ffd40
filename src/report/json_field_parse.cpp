#include "report/json_field_parse.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace bambu {
namespace {

using Kind = JsonScalar::Kind;

constexpr double kInt64Bound = 9223372036854775808.0;  // 2^63
constexpr int kMaxWireId = 65535;

std::optional<std::int64_t> IntegralDouble(double d) {
  if (!std::isfinite(d) || d != std::trunc(d) || d >= kInt64Bound || d < -kInt64Bound) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(d);
}

/// Whole-string decimal floating-point parse (no leading '+', no spaces).
std::optional<double> ParseDecimalDouble(std::string_view s) {
  const char* end = s.data() + s.size();
  // Integral text ("1000", "220") is the common case and parses several times faster as an
  // integer; the conversion rounds as the floating-point parse would. "-0" keeps its sign below.
  std::int64_t integral = 0;
  if (auto [p, e] = std::from_chars(s.data(), end, integral);
      e == std::errc() && p == end && (integral != 0 || s.front() != '-')) {
    return static_cast<double>(integral);
  }
  double d = 0.0;
  auto [ptr, ec] = std::from_chars(s.data(), end, d);
  if (ec != std::errc() || ptr != end || !std::isfinite(d)) return std::nullopt;
  return d;
}

std::optional<std::int64_t> ParseDecimalInt(std::string_view s) {
  std::int64_t i = 0;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, i);
  if (ec == std::errc() && ptr == end) return i;
  if (auto d = ParseDecimalDouble(s)) return IntegralDouble(*d);
  return std::nullopt;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    char x = a[k];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    char y = b[k];
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::optional<std::int64_t> AsInt64(const JsonScalar& v) {
  switch (v.kind) {
    case Kind::kInt:
      return v.i;
    case Kind::kUint:
      if (v.u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) break;
      return static_cast<std::int64_t>(v.u);
    case Kind::kDouble:
      return IntegralDouble(v.d);
    case Kind::kString:
      return ParseDecimalInt(v.str);
    default:
      break;
  }
  return std::nullopt;
}

std::optional<int> AsIntIn(const JsonScalar& v, int lo, int hi) {
  auto i = AsInt64(v);
  if (!i || *i < lo || *i > hi) return std::nullopt;
  return static_cast<int>(*i);
}

std::optional<int> AsWireId(const JsonScalar& v) { return AsIntIn(v, 0, kMaxWireId); }

std::optional<int> AsInt(const JsonScalar& v) {
  return AsIntIn(v, std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
}

std::optional<std::uint32_t> AsUint32(const JsonScalar& v) {
  auto i = AsInt64(v);
  if (!i || *i < 0 || *i > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
  return static_cast<std::uint32_t>(*i);
}

std::optional<double> AsDouble(const JsonScalar& v) {
  switch (v.kind) {
    case Kind::kInt:
      return static_cast<double>(v.i);
    case Kind::kUint:
      return static_cast<double>(v.u);
    case Kind::kDouble:
      return std::isfinite(v.d) ? std::optional<double>(v.d) : std::nullopt;
    case Kind::kString:
      return ParseDecimalDouble(v.str);
    default:
      return std::nullopt;
  }
}

std::optional<std::uint64_t> AsHex64(const JsonScalar& v) {
  switch (v.kind) {
    case Kind::kInt:
      if (v.i < 0) return std::nullopt;
      return static_cast<std::uint64_t>(v.i);
    case Kind::kUint:
      return v.u;
    case Kind::kString: {
      std::string_view s = v.str;
      if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s.remove_prefix(2);
      if (s.empty() || s.size() > 16) return std::nullopt;
      std::uint64_t out = 0;
      const char* end = s.data() + s.size();
      auto [ptr, ec] = std::from_chars(s.data(), end, out, 16);
      if (ec != std::errc() || ptr != end) return std::nullopt;
      return out;
    }
    default:
      return std::nullopt;
  }
}

std::optional<std::uint32_t> AsHex32(const JsonScalar& v) {
  auto bits = AsHex64(v);
  if (!bits || *bits > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
  return static_cast<std::uint32_t>(*bits);
}

std::optional<bool> AsBool(const JsonScalar& v) {
  switch (v.kind) {
    case Kind::kBool:
      return v.b;
    case Kind::kInt:
    case Kind::kUint:
    case Kind::kString: {
      if (v.kind == Kind::kString) {
        if (v.str == "true") return true;
        if (v.str == "false") return false;
      }
      auto i = AsInt64(v);
      if (i && (*i == 0 || *i == 1)) return *i == 1;
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::optional<std::string> AsString(const JsonScalar& v) {
  if (v.kind != Kind::kString) return std::nullopt;
  return std::string(v.str);
}

std::optional<bool> AsRfidTag(const JsonScalar& v) {
  if (v.kind != Kind::kString) return std::nullopt;
  return v.str.find_first_not_of('0') != std::string_view::npos;
}

std::optional<double> AsDbm(const JsonScalar& v) {
  if (v.kind != Kind::kString) return AsDouble(v);
  std::string_view s = v.str;
  const char* end = s.data() + s.size();
  const auto is_unit = [end](const char* from) {
    const std::string_view unit(from, static_cast<std::size_t>(end - from));
    return unit.empty() || EqualsNoCase(unit, "dbm");
  };
  // "-67dBm": integral levels are the rule; the integer parse is several times faster.
  std::int64_t level = 0;
  if (auto [p, e] = std::from_chars(s.data(), end, level);
      e == std::errc() && is_unit(p) && (level != 0 || s.front() != '-')) {
    return static_cast<double>(level);
  }
  double d = 0.0;
  auto [ptr, ec] = std::from_chars(s.data(), end, d);
  if (ec != std::errc() || !std::isfinite(d) || !is_unit(ptr)) return std::nullopt;
  return d;
}

}  // namespace bambu
