#include "report/json_field_parse.hpp"

#include <array>
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

constexpr std::size_t kMaxShortDigits = 18;  // below 10^18: no int64 overflow

/// A short decimal integer at the start of `s` ("-67" of "-67dBm", "220"): an optional '-' and
/// 1 to 18 digits, the digits ending at `*stop`; nullopt otherwise (also for a 19th digit).
/// The same value as std::from_chars, in a fraction of its instructions.
std::optional<std::int64_t> LeadingShortInt(std::string_view s, const char** stop) {
  const char* p = s.data();
  const char* end = p + s.size();
  const bool negative = p != end && *p == '-';
  p += negative ? 1 : 0;
  const char* digits = p;
  std::uint64_t value = 0;  // wraps harmlessly past 19 digits: rejected below
  while (p != end && static_cast<unsigned char>(*p - '0') < 10) {
    value = value * 10 + static_cast<unsigned char>(*p - '0');
    ++p;
  }
  const auto count = static_cast<std::size_t>(p - digits);
  if (count == 0 || count > kMaxShortDigits) return std::nullopt;
  *stop = p;
  const auto magnitude = static_cast<std::int64_t>(value);
  return negative ? -magnitude : magnitude;
}

/// The whole of `s` is a short decimal integer, and not "-0" (whose sign a double keeps). Inline in
/// both numeric-string parses: most numeric strings are short integers.
[[gnu::always_inline]] inline std::optional<std::int64_t> WholeShortInt(std::string_view s) {
  const char* stop = nullptr;
  const auto value = LeadingShortInt(s, &stop);
  if (!value || stop != s.data() + s.size() || (*value == 0 && s.front() == '-')) {
    return std::nullopt;
  }
  return value;
}

constexpr std::size_t kMaxExactDigits = 15;  // 10^15 < 2^53: exact in a double
constexpr std::array<double, kMaxExactDigits + 1> kPowersOfTen = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/// Digits from `p` on, added to `value`; returns where they end.
const char* ReadDigits(const char* p, const char* end, std::uint64_t& value) {
  while (p != end && static_cast<unsigned char>(*p - '0') < 10) {
    value = value * 10 + static_cast<unsigned char>(*p - '0');  // wraps past 19: rejected
    ++p;
  }
  return p;
}

/// Short decimal text in one pass: an optional '-' and digits ("220", up to 18 digits: the
/// integer converted, rounded as the floating-point parse rounds), or digits, '.', digits
/// ("26.3", at most 15 digits in all: the digits as an integer and the power of ten are both
/// exact in a double, so their one correctly rounded division gives what the floating-point
/// parse gives). nullopt for any other form.
std::optional<double> ShortNumber(std::string_view s) {
  const char* p = s.data();
  const char* end = p + s.size();
  const bool negative = p != end && *p == '-';
  p += negative ? 1 : 0;
  std::uint64_t value = 0;
  const char* point = ReadDigits(p, end, value);
  const auto whole_digits = static_cast<std::size_t>(point - p);
  if (whole_digits == 0) return std::nullopt;
  double magnitude = 0.0;
  if (point == end) {
    if (whole_digits > kMaxShortDigits) return std::nullopt;
    magnitude = static_cast<double>(static_cast<std::int64_t>(value));
  } else {
    const char* fraction = point + 1;
    if (*point != '.' || fraction == end || ReadDigits(fraction, end, value) != end) {
      return std::nullopt;
    }
    const auto fraction_digits = static_cast<std::size_t>(end - fraction);
    if (whole_digits + fraction_digits > kMaxExactDigits) return std::nullopt;
    magnitude = static_cast<double>(value) / kPowersOfTen[fraction_digits];
  }
  return negative ? -magnitude : magnitude;  // "-0": -0.0, as the floating-point parse
}

/// Whole-string decimal floating-point parse (no leading '+', no spaces).
/// Out of line: AsDouble of a number (most values) stays a leaf.
[[gnu::noinline]] std::optional<double> ParseDecimalDouble(std::string_view s) {
  // Integral text ("1000", "220") and short decimals ("26.3") are the common case and parse
  // several times faster than std::from_chars.
  if (const auto number = ShortNumber(s)) return number;
  const char* end = s.data() + s.size();
  if (s.size() > kMaxShortDigits) {  // shorter integral text was taken above
    std::int64_t integral = 0;
    if (auto [p, e] = std::from_chars(s.data(), end, integral);
        e == std::errc() && p == end && (integral != 0 || s.front() != '-')) {
      return static_cast<double>(integral);
    }
  }
  double d = 0.0;
  auto [ptr, ec] = std::from_chars(s.data(), end, d);
  if (ec != std::errc() || ptr != end || !std::isfinite(d)) return std::nullopt;
  return d;
}

/// Out of line: AsInt64 of a number (most values) stays small enough to inline.
[[gnu::noinline]] std::optional<std::int64_t> ParseDecimalInt(std::string_view s) {
  // "0", "2": unit and tray ids, tray_now, humidity levels (most numeric strings of AMS
  // reports) take no parse.
  if (s.size() == 1 && static_cast<unsigned char>(s[0] - '0') < 10) return s[0] - '0';
  if (const auto short_int = WholeShortInt(s)) return short_int;
  std::int64_t i = 0;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, i);
  if (ec == std::errc() && ptr == end) return i;
  if (auto d = ParseDecimalDouble(s)) return IntegralDouble(*d);
  return std::nullopt;
}

/// "" or "dBm" in any case: c | 0x20 is 'd' for 'd' and 'D' only ('b', 'm' likewise).
bool IsDbmUnit(std::string_view unit) {
  const auto lower = [](char c) { return static_cast<char>(c | 0x20); };
  return unit.empty() || (unit.size() == 3 && lower(unit[0]) == 'd' && lower(unit[1]) == 'b' &&
                          lower(unit[2]) == 'm');
}

/// "-67dBm", the form every printer sends: a minus, two digits and the unit in any case.
std::optional<double> TwoDigitDbm(std::string_view s) {
  const auto digit = [&s](std::size_t at) { return static_cast<unsigned char>(s[at] - '0'); };
  const auto lower = [&s](std::size_t at) { return static_cast<char>(s[at] | 0x20); };
  if (s.size() != 6 || s[0] != '-' || digit(1) > 9 || digit(2) > 9 || lower(3) != 'd' ||
      lower(4) != 'b' || lower(5) != 'm') {
    return std::nullopt;
  }
  return -static_cast<double>(digit(1) * 10 + digit(2));  // "-00dBm": -0.0, as from_chars
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

std::optional<double> DoubleOfText(std::string_view s) { return ParseDecimalDouble(s); }

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

std::optional<std::string> AsIdText(const JsonScalar& v) {
  switch (v.kind) {
    case Kind::kString:
      return std::string(v.str);
    case Kind::kInt:
      return std::to_string(v.i);
    case Kind::kUint:
      return std::to_string(v.u);
    default:
      return std::nullopt;
  }
}

std::optional<bool> AsRfidTag(const JsonScalar& v) {
  if (v.kind != Kind::kString) return std::nullopt;
  return v.str.find_first_not_of('0') != std::string_view::npos;
}

std::optional<double> AsDbm(const JsonScalar& v) {
  if (v.kind != Kind::kString) return AsDouble(v);
  std::string_view s = v.str;
  if (const auto level = TwoDigitDbm(s)) return level;
  const char* end = s.data() + s.size();
  const auto is_unit = [end](const char* from) {
    const std::string_view unit(from, static_cast<std::size_t>(end - from));
    return IsDbmUnit(unit);
  };
  // "-67dBm": integral levels are the rule; the integer parse is several times faster.
  const char* stop = nullptr;
  if (const auto level = LeadingShortInt(s, &stop);
      level && is_unit(stop) && (*level != 0 || s.front() != '-')) {
    return static_cast<double>(*level);
  }
  double d = 0.0;
  auto [ptr, ec] = std::from_chars(s.data(), end, d);
  if (ec != std::errc() || !std::isfinite(d) || !is_unit(ptr)) return std::nullopt;
  return d;
}

}  // namespace bambu
