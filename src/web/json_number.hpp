// Numbers for the JSON views: whole values as JSON integers ("28", not "2.8E1"), others as
// doubles; an unset optional as null.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

#include <boost/json/value.hpp>

namespace bambu {

inline boost::json::value JsonNumber(double value) {
  constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53
  if (std::trunc(value) == value && std::fabs(value) <= kMaxExactInteger) {
    return boost::json::value(static_cast<std::int64_t>(value));
  }
  return boost::json::value(value);
}

inline boost::json::value JsonNumberOrNull(const std::optional<double>& value) {
  return value ? JsonNumber(*value) : boost::json::value(nullptr);
}

}  // namespace bambu
