// Upper-case hexadecimal text of bit fields and codes ("1101", "0700_2000_..."),
// shared by /metrics labels and the JSON view.
#pragma once

#include <cctype>
#include <charconv>
#include <cstdint>
#include <string>

namespace bambu {

/// `value` in upper-case hex, left-padded with zeros to `min_digits`.
inline std::string UpperHex(std::uint32_t value, int min_digits = 1) {
  char digits[8];
  const auto end = std::to_chars(digits, digits + sizeof digits, value, 16).ptr;
  const auto count = static_cast<int>(end - digits);
  std::string out(count < min_digits ? static_cast<std::size_t>(min_digits - count) : 0, '0');
  for (const char* c = digits; c != end; ++c) {
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(*c)));
  }
  return out;
}

}  // namespace bambu
