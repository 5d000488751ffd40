// Values a printer sends as 32-bit floats (e.g. `k` 0.019999999552965164 for 0.02): the double
// nearest the float's shortest decimal text, so they print as the printer meant them.
#pragma once

#include <charconv>
#include <system_error>

namespace bambu {

/// `value` rounded to float precision and back: 0.019999999552965164 → 0.02.
inline double AtFloatPrecision(double value) {
  char text[32];
  const auto written = std::to_chars(text, text + sizeof text, static_cast<float>(value));
  if (written.ec != std::errc()) return value;
  double out = value;
  std::from_chars(text, written.ptr, out);
  return out;
}

}  // namespace bambu
